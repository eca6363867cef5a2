//! Cancel a request; an assigned worker is emailed.

use super::change_replacement::close;
use super::replacements::ReplacementView;
use super::{Access, Body, BoxFuture, Context, OperationSpec, Request};
use crate::domain::permission::Permission;
use crate::domain::replacement::RequestEvent;

pub const SPEC: OperationSpec = OperationSpec {
    id: "cancel_replacement",
    method: "POST",
    path: "/orgs/{org_id}/replacements/{replacement_id}/cancel",
    access: Access::Member(Permission::RequestReplacements),
    summary: "Cancel a request (requested or assigned); the worker is emailed",
    query: &[],
    request: None,
    success: (200, Body::of::<ReplacementView>()),
    problems: &[401, 403, 404, 409],
    ahead: Some(super::prefetch::replacement),
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(close(ctx, request, RequestEvent::Cancel))
}
