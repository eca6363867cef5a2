//! The employee cancels her own leave request while it is pending.

use crate::domain::employee_space::employee::RequestKind;
use crate::domain::people::permission::Permission;
use crate::layout::employee::EmployeeRequest;
use crate::operations::employee_space::support::employee_space::cancel;
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request, Uses};

pub const SPEC: OperationSpec = OperationSpec {
    id: "cancel_leave",
    method: "POST",
    path: "/orgs/{org_id}/leave/{request_id}/cancel",
    access: Access::Member(Permission::Leave),
    uses: Uses::NONE,
    summary: "Cancel one's own leave request while it is pending",
    query: &[],
    request: None,
    success: (200, Body::of::<EmployeeRequest>()),
    problems: &[401, 403, 404, 409],
    handler: Handler::plan(
        crate::operations::employee_space::support::plans::leave,
        handler,
    ),
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(async move { cancel(ctx, &request, RequestKind::Leave).await })
}
