//! Delete a request while no worker is assigned.

use crate::domain::people::permission::Permission;
use crate::operations::replacements::support::change_replacement::delete;
use crate::operations::replacements::support::plans;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("delete_replacement")
    .delete("/orgs/{org_id}/replacements/{replacement_id}")
    .access(Access::Member(Permission::RequestReplacements))
    .summary("Delete a request (draft or requested only); after assignment, cancel it")
    .answers(200, Body::of::<serde_json::Value>())
    .problems(&[409])
    .handler(Handler::plan(plans::replacement, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(delete(ctx, request))
}
