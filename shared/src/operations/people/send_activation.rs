//! A manager sends (or sends again) the activation email: `draft`/`invited`
//! → `invited`, a fresh single-use link token (the previous one dies), the
//! email written to the outbox in the same transaction, then delivered.

use crate::domain::people::permission::Permission;
use crate::operations::people::support::lifecycle::{invite, managed_target};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("send_activation")
    .post("/orgs/{org_id}/users/{user_id}/activation")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Send the activation email (draft → invited); sending again rotates the link")
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::plan(plans::target_user, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let (member, current, org) = managed_target(ctx, &request).await?;
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
