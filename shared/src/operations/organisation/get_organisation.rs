//! The organisation's information, for its managers (seed 003).

use crate::operations::organisation::support::organisations::{OrganisationView, load};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("get_organisation")
    .get("/orgs/{org_id}")
    .access(Access::Manager)
    .summary("The organisation's information and settings")
    .answers(200, Body::of::<OrganisationView>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org = load(ctx, member.org_id()).await?;
    Output::json(200, &OrganisationView::new(&org))
}
