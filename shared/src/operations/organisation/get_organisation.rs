//! The organisation's information, for its managers (seed 003).

use crate::operations::organisation::support::organisations::{OrganisationView, load};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, Uses,
};

pub const SPEC: OperationSpec = OperationSpec {
    id: "get_organisation",
    method: "GET",
    path: "/orgs/{org_id}",
    access: Access::Manager,
    uses: Uses::NONE,
    summary: "The organisation's information and settings",
    query: &[],
    request: None,
    success: (200, Body::of::<OrganisationView>()),
    problems: &[401, 403, 404],
    handler: Handler::run(|ctx, request| Box::pin(run(ctx, request))),
};

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org = load(ctx, member.org_id()).await?;
    Output::json(200, &OrganisationView::new(&org))
}
