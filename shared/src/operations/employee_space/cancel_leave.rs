//! The employee cancels her own leave request while it is pending.

use crate::domain::employee_space::employee::RequestKind;
use crate::domain::people::permission::Permission;
use crate::layout::employee::EmployeeRequest;
use crate::operations::employee_space::support::employee_space::cancel;
use crate::operations::employee_space::support::plans;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("cancel_leave")
    .post("/orgs/{org_id}/leave/{request_id}/cancel")
    .access(Access::Member(Permission::Leave))
    .summary("Cancel one's own leave request while it is pending")
    .answers(200, Body::of::<EmployeeRequest>())
    .problems(&[409])
    .handler(Handler::plan(plans::leave, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(async move { cancel(ctx, &request, RequestKind::Leave).await })
}
