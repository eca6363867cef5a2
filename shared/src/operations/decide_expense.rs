//! A manager (or a holder of `manage_users` at the employee's main
//! establishment) approves or refuses an expense note with a comment; the
//! employee is emailed.

use super::employee_space::{DecisionInput, decide};
use super::{Access, Body, BoxFuture, Context, OperationSpec, Request};
use crate::domain::employee::RequestKind;
use crate::domain::permission::Permission;
use crate::layout::employee::EmployeeRequest;

pub const SPEC: OperationSpec = OperationSpec {
    id: "decide_expense",
    method: "POST",
    path: "/orgs/{org_id}/expenses/{request_id}/decision",
    access: Access::Member(Permission::ManageUsers),
    summary: "Approve or refuse an expense note with a comment (mandatory to refuse); the employee is emailed",
    query: &[],
    request: Some(Body::of::<DecisionInput>()),
    success: (200, Body::of::<EmployeeRequest>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    ahead: Some(super::prefetch::expense),
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(async move { decide(ctx, &request, RequestKind::Expense).await })
}
