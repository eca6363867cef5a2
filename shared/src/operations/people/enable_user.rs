//! Enable a disabled member again, with the same grants.

use crate::domain::people::membership::Transition;
use crate::operations::people::support::plans;
use crate::operations::people::support::set_status::{ACCESS, BODY, PROBLEMS, change};
use crate::operations::{BoxFuture, Context, DirectoryCall, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("enable_user")
    .post("/orgs/{org_id}/users/{user_id}/enable")
    .access(ACCESS)
    .directory(&[DirectoryCall::Enable])
    .summary("Enable a disabled member again (disabled → active), with the same grants")
    .answers(200, BODY)
    .problems(PROBLEMS)
    .handler(Handler::plan(plans::target_user, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(change(ctx, request, Transition::Enable))
}
