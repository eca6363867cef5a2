//! The organisation's establishments, archived ones included and flagged:
//! every one for a manager, a holder of `manage_users` or a dispatcher (who
//! serves them all); for a client or an approver, only those where she
//! requests replacements or approves hours (their names on her screens).

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
    .access(Access::MemberAny(&[
        Permission::ManageUsers,
        Permission::RequestReplacements,
        Permission::ApproveHours,
        Permission::Dispatch,
    ]))
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
    let access = member.access();
    if !access.allows_somewhere(Permission::ManageUsers)
        && !access.allows_somewhere(Permission::Dispatch)
    {
        items.retain(|e| {
            access.allows_at(Permission::RequestReplacements, &e.id)
                || access.allows_at(Permission::ApproveHours, &e.id)
        });
    }
    items.sort_by(|a, b| (a.archived, &a.name).cmp(&(b.archived, &b.name)));
    Output::json(200, &Establishments { items })
}
