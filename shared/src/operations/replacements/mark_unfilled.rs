//! Dispatch: no worker found; the client is emailed.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestEvent;
use crate::operations::replacements::support::change_replacement::close;
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::ReplacementView;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::post(
    "/orgs/{org_id}/replacements/{replacement_id}/unfilled",
    "mark_unfilled",
)
.access(Access::Member(Permission::Dispatch))
.summary("Dispatch: mark a request unfilled; the client is emailed")
.answers(200, Body::of::<ReplacementView>())
.problems(&[401, 403, 404, 409])
.handler(Handler::plan(plans::replacement, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(close(ctx, request, RequestEvent::MarkUnfilled))
}
