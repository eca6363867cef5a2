//! The organisation's information, for its managers (seed 003).

use crate::operations::organisation::support::organisations::{OrganisationView, load};
use crate::operations::{Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request};

pub const SPEC: OperationSpec = OperationSpec::get("/orgs/{org_id}", "get_organisation")
    .access(Access::Manager)
    .summary("The organisation's information and settings")
    .answers(200, Body::of::<OrganisationView>())
    .problems(&[401, 403, 404])
    .handler(Handler::run(|ctx, request| Box::pin(run(ctx, request))));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org = load(ctx, member.org_id()).await?;
    Output::json(200, &OrganisationView::new(&org))
}
