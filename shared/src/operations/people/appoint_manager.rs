//! Appoint a manager: every permission everywhere, plus administration.

use crate::operations::people::support::manager_flag::{ACCESS, BODY, PROBLEMS, set};
use crate::operations::people::support::plans;
use crate::operations::{BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("appoint_manager")
    .post("/orgs/{org_id}/users/{user_id}/manager")
    .access(ACCESS)
    .summary("Appoint a user manager of the organisation")
    .answers(200, BODY)
    .problems(PROBLEMS)
    .handler(Handler::plan(plans::target_user, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(set(ctx, request, true))
}
