//! A worker reads her own profile in the service (issue 21): what the
//! service keeps of her, and her availability to edit.

use crate::domain::people::permission::Permission;
use crate::operations::replacements::support::workers::{self, Choices, WorkerProfileView};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("my_worker_profile")
    .get("/orgs/{org_id}/me/worker-profile")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("A replacement worker's own profile and availability")
    .answers(200, Body::of::<WorkerProfileView>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org_id = member.org_id();
    let (worker, profile) = workers::load(ctx, org_id, &member.account_id).await?;
    let establishments = workers::establishments(ctx, org_id).await?;
    Output::json(
        200,
        &WorkerProfileView::new(
            &profile,
            &worker,
            Some(Choices::of(&member.org, &establishments)),
            false,
        ),
    )
}
