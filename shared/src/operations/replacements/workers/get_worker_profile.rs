//! The service reads a worker's profile (issue 21): the functions, age
//! groups and qualification it keeps, the installations she prefers or
//! refuses and those that refuse her, her weekly maximum and availability.

use crate::domain::people::permission::Permission;
use crate::operations::replacements::support::workers::{self, Choices, WorkerProfileView};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("get_worker_profile")
    .get("/orgs/{org_id}/workers/{user_id}/profile")
    .access(Access::Member(Permission::Dispatch))
    .summary("Dispatch: a replacement worker's profile and availability (empty until first saved)")
    .answers(200, Body::of::<WorkerProfileView>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org_id = member.org_id();
    let (worker, profile) = workers::load(ctx, org_id, request.param("user_id")?).await?;
    let establishments = workers::establishments(ctx, org_id).await?;
    Output::json(
        200,
        &WorkerProfileView::new(
            &profile,
            &worker,
            Some(Choices::of(&member.org, &establishments)),
            true,
        ),
    )
}
