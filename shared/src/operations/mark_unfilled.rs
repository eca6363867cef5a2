//! Dispatch: no worker found; the client is emailed.

use super::change_replacement::close;
use super::replacements::ReplacementView;
use super::{Access, Body, BoxFuture, Context, OperationSpec, Request};
use crate::domain::permission::Permission;
use crate::domain::replacement::RequestEvent;

pub const SPEC: OperationSpec = OperationSpec {
    id: "mark_unfilled",
    method: "POST",
    path: "/orgs/{org_id}/replacements/{replacement_id}/unfilled",
    access: Access::Member(Permission::Dispatch),
    summary: "Dispatch: mark a request unfilled; the client is emailed",
    query: &[],
    request: None,
    success: (200, Body::of::<ReplacementView>()),
    problems: &[401, 403, 404, 409],
    ahead: Some(super::prefetch::replacement),
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(close(ctx, request, RequestEvent::MarkUnfilled))
}
