//! Delete a request while no worker is assigned.

use crate::domain::people::permission::Permission;
use crate::operations::replacements::support::change_replacement::delete;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request, Uses};

pub const SPEC: OperationSpec = OperationSpec {
    id: "delete_replacement",
    method: "DELETE",
    path: "/orgs/{org_id}/replacements/{replacement_id}",
    access: Access::Member(Permission::RequestReplacements),
    uses: Uses::NONE,
    summary: "Delete a request (draft or requested only); after assignment, cancel it",
    query: &[],
    request: None,
    success: (200, Body::of::<serde_json::Value>()),
    problems: &[401, 403, 404, 409],
    handler: Handler::plan(
        crate::operations::replacements::support::plans::replacement,
        handler,
    ),
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(delete(ctx, request))
}
