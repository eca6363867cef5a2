//! Disable a member: `active` → `disabled`, refused at once on their next
//! request; signed out everywhere when no other membership is active.

use super::set_status::{ACCESS, BODY, PROBLEMS, change};
use super::{BoxFuture, Context, OperationSpec, Request};
use crate::domain::membership::Transition;

pub const SPEC: OperationSpec = OperationSpec {
    id: "disable_user",
    method: "POST",
    path: "/orgs/{org_id}/users/{user_id}/disable",
    access: ACCESS,
    summary: "Disable a member of the organisation (active → disabled), effective at once",
    query: &[],
    request: None,
    success: (200, BODY),
    problems: PROBLEMS,
    ahead: Some(super::prefetch::target_user),
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(change(ctx, request, Transition::Disable))
}
