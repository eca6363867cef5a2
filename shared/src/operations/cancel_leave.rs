//! The employee cancels her own leave request while it is pending.

use super::employee_space::cancel;
use super::{Access, Body, BoxFuture, Context, OperationSpec, Request};
use crate::domain::employee::RequestKind;
use crate::domain::permission::Permission;
use crate::layout::employee::EmployeeRequest;

pub const SPEC: OperationSpec = OperationSpec {
    id: "cancel_leave",
    method: "POST",
    path: "/orgs/{org_id}/leave/{request_id}/cancel",
    access: Access::Member(Permission::Leave),
    summary: "Cancel one's own leave request while it is pending",
    query: &[],
    request: None,
    success: (200, Body::of::<EmployeeRequest>()),
    problems: &[401, 403, 404, 409],
    ahead: Some(super::prefetch::leave),
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(async move { cancel(ctx, &request, RequestKind::Leave).await })
}
