//! Disable a member: `active` → `disabled`, refused at once on their next
//! request; signed out everywhere when no other membership is active.

use crate::domain::people::membership::Transition;
use crate::operations::people::support::plans;
use crate::operations::people::support::set_status::{ACCESS, BODY, PROBLEMS, change};
use crate::operations::{BoxFuture, Context, DirectoryCall, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("disable_user")
    .post("/orgs/{org_id}/users/{user_id}/disable")
    .access(ACCESS)
    .directory(&[DirectoryCall::Disable, DirectoryCall::SignOutEverywhere])
    .summary("Disable a member of the organisation (active → disabled), effective at once")
    .answers(200, BODY)
    .problems(PROBLEMS)
    .handler(Handler::plan(plans::target_user, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(change(ctx, request, Transition::Disable))
}
