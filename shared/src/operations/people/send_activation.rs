//! A manager sends (or sends again) the activation email: `draft`/`invited`
//! → `invited`, a fresh single-use link token (the previous one dies), the
//! email written to the outbox in the same transaction, then delivered.

use crate::domain::people::permission::Permission;
use crate::operations::people::support::lifecycle::{invite, managed_user};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request};

pub const SPEC: OperationSpec = OperationSpec::post(
    "/orgs/{org_id}/users/{user_id}/activation",
    "send_activation",
)
.access(Access::Member(Permission::ManageUsers))
.summary("Send the activation email (draft → invited); sending again rotates the link")
.answers(200, Body::of::<UserView>())
.problems(&[401, 403, 404, 409])
.handler(Handler::plan(plans::target_user, |ctx, request| {
    Box::pin(run(ctx, request))
}));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let (current, org) = managed_user(ctx, member, request.param("user_id")?).await?;
    let prepared = invite(ctx, &org, &current, &member.account_id)?;
    prepared.commit.run(ctx).await?;
    let delivered = crate::domain::accounts::invitation::DeliveryStatus::Pending;
    let mut view = UserView::new(&prepared.next, None, None);
    if let Some(inv) = view.invitation.as_mut() {
        inv.delivery = Some(delivered);
    }
    tracing::info!(org = %org.id, user = %current.account_id, "activation sent");
    Output::json(200, &view)
}
