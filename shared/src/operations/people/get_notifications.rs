//! Seed 002's notification choices: the emails she may choose, and
//! whether she receives each.

use crate::domain::people::permission::Permission;
use crate::operations::people::support::notifications::NotificationsView;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("get_notifications")
    .get("/orgs/{org_id}/me/notifications")
    .access(Access::MemberAny(&Permission::ALL))
    .summary("The emails one may choose not to receive, whether one receives each, and the organisation's default")
    .answers(200, Body::of::<NotificationsView>())
    .handler(Handler::run(run_fn!(run)));

async fn run(_: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    Output::json(200, &NotificationsView::of_member(member))
}
