//! The organisation's establishments, archived ones included and flagged.

use crate::domain::organisation::model::Establishment;
use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::operations::reads::partition;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_establishments")
    .get("/orgs/{org_id}/establishments")
    .access(Access::Member(Permission::ManageUsers))
    .summary("The organisation's establishments")
    .answers(200, Body::of::<Establishments>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct Establishments {
    pub items: Vec<Establishment>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let mut items: Vec<Establishment> =
        partition(ctx, member.org_id(), keys::ESTABLISHMENT_PREFIX).await?;
    items.sort_by(|a, b| (a.archived, &a.name).cmp(&(b.archived, &b.name)));
    Output::json(200, &Establishments { items })
}
