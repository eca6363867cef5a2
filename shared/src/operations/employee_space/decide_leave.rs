//! A manager (or a holder of `manage_users` at the employee's main
//! establishment) approves or refuses a leave request with a comment; the
//! employee is emailed; approved leave is taken from its bank of hours.

use crate::domain::employee_space::employee::RequestKind;
use crate::domain::people::permission::Permission;
use crate::layout::employee::EmployeeRequest;
use crate::operations::employee_space::support::employee_space::{DecisionInput, decide};
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request, Uses};

pub const SPEC: OperationSpec = OperationSpec {
    id: "decide_leave",
    method: "POST",
    path: "/orgs/{org_id}/leave/{request_id}/decision",
    access: Access::Member(Permission::ManageUsers),
    uses: Uses::NONE,
    summary: "Approve or refuse a leave request with a comment (mandatory to refuse); the employee is emailed",
    query: &[],
    request: Some(Body::of::<DecisionInput>()),
    success: (200, Body::of::<EmployeeRequest>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    handler: Handler::plan(
        crate::operations::employee_space::support::plans::leave,
        handler,
    ),
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(async move { decide(ctx, &request, RequestKind::Leave).await })
}
