//! Modify a request while no worker is assigned.

use crate::domain::people::permission::Permission;
use crate::operations::replacements::support::change_replacement::{ReplacementPatch, modify};
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::ReplacementView;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("update_replacement")
    .patch("/orgs/{org_id}/replacements/{replacement_id}")
    .access(Access::Member(Permission::RequestReplacements))
    .summary("Modify a request (draft or requested only)")
    .takes(Body::of::<ReplacementPatch>())
    .answers(200, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::plan(plans::replacement, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(modify(ctx, request))
}
