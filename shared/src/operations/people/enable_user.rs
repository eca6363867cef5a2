//! Enable a disabled member again, with the same grants.

use crate::domain::people::membership::Transition;
use crate::operations::people::support::set_status::{ACCESS, BODY, PROBLEMS, change};
use crate::operations::{BoxFuture, Context, DirectoryCall, Handler, OperationSpec, Request, Uses};

pub const SPEC: OperationSpec = OperationSpec {
    id: "enable_user",
    method: "POST",
    path: "/orgs/{org_id}/users/{user_id}/enable",
    access: ACCESS,
    uses: Uses {
        directory: &[DirectoryCall::Enable],
        ..Uses::NONE
    },
    summary: "Enable a disabled member again (disabled → active), with the same grants",
    query: &[],
    request: None,
    success: (200, BODY),
    problems: PROBLEMS,
    handler: Handler::plan(
        crate::operations::people::support::plans::target_user,
        handler,
    ),
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(change(ctx, request, Transition::Enable))
}
