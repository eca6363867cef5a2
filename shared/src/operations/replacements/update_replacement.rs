//! Modify a request while no worker is assigned.

use crate::domain::people::permission::Permission;
use crate::operations::replacements::support::change_replacement::{ReplacementPatch, modify};
use crate::operations::replacements::support::replacements::ReplacementView;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request, Uses};

pub const SPEC: OperationSpec = OperationSpec {
    id: "update_replacement",
    method: "PATCH",
    path: "/orgs/{org_id}/replacements/{replacement_id}",
    access: Access::Member(Permission::RequestReplacements),
    uses: Uses::NONE,
    summary: "Modify a request (draft or requested only)",
    query: &[],
    request: Some(Body::of::<ReplacementPatch>()),
    success: (200, Body::of::<ReplacementView>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    handler: Handler::plan(
        crate::operations::replacements::support::plans::replacement,
        handler,
    ),
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(modify(ctx, request))
}
