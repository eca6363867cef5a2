//! A manager (or a holder of `manage_users` at the employee's main
//! establishment) approves or refuses an advance request with a comment; the
//! employee is emailed.

use crate::domain::employee_space::employee::RequestKind;
use crate::domain::people::permission::Permission;
use crate::layout::employee::EmployeeRequest;
use crate::operations::employee_space::support::employee_space::{DecisionInput, decide};
use crate::operations::employee_space::support::plans;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("decide_advance")
    .post("/orgs/{org_id}/advances/{request_id}/decision")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Approve or refuse an advance request with a comment (mandatory to refuse); the employee is emailed")
    .takes(Body::of::<DecisionInput>())
    .answers(200, Body::of::<EmployeeRequest>())
    .problems(&[409])
    .handler(Handler::plan(plans::advance, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(async move { decide(ctx, &request, RequestKind::Advance).await })
}
