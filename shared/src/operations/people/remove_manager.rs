//! Remove a manager; never the organisation's last active one (409).

use crate::operations::people::support::manager_flag::{ACCESS, BODY, PROBLEMS, set};
use crate::operations::{BoxFuture, Context, Handler, OperationSpec, Request, Uses};

pub const SPEC: OperationSpec = OperationSpec {
    id: "remove_manager",
    method: "DELETE",
    path: "/orgs/{org_id}/users/{user_id}/manager",
    access: ACCESS,
    uses: Uses::NONE,
    summary: "Remove a manager (refused for the last active one)",
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
    Box::pin(set(ctx, request, false))
}
