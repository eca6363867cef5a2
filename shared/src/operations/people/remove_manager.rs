//! Remove a manager; never the organisation's last active one (409).

use crate::operations::people::support::manager_flag::{ACCESS, BODY, PROBLEMS, set};
use crate::operations::people::support::plans;
use crate::operations::{BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("remove_manager")
    .delete("/orgs/{org_id}/users/{user_id}/manager")
    .access(ACCESS)
    .summary("Remove a manager (refused for the last active one)")
    .answers(200, BODY)
    .problems(PROBLEMS)
    .handler(Handler::plan(plans::target_user, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(set(ctx, request, false))
}
