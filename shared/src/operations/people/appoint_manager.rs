//! Appoint a manager: every permission everywhere, plus administration.

use crate::operations::people::support::manager_flag::{ACCESS, BODY, PROBLEMS, set};
use crate::operations::{BoxFuture, Context, Handler, OperationSpec, Request, Uses};

pub const SPEC: OperationSpec = OperationSpec {
    id: "appoint_manager",
    method: "POST",
    path: "/orgs/{org_id}/users/{user_id}/manager",
    access: ACCESS,
    uses: Uses::NONE,
    summary: "Appoint a user manager of the organisation",
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
    Box::pin(set(ctx, request, true))
}
