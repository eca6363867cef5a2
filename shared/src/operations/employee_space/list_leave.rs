//! The caller's leave requests, or (`scope=team`) those she may decide.

use crate::domain::employee_space::employee::RequestKind;
use crate::domain::people::permission::Permission;
use crate::operations::employee_space::support::employee_space::{LIST_QUERY, RequestList, list};
use crate::operations::{Access, Body, BoxFuture, Context, Handler, OperationSpec, Request};

pub const SPEC: OperationSpec = OperationSpec::named("list_leave")
    .get("/orgs/{org_id}/leave")
    .access(Access::Member(Permission::Leave))
    .summary("The caller's leave requests, newest first, or those she may decide (scope=team)")
    .query(LIST_QUERY)
    .answers(200, Body::of::<RequestList>())
    .problems(&[422])
    .handler(Handler::run(handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(async move { list(ctx, &request, RequestKind::Leave).await })
}
