//! A manager cancels a pending invitation: `invited` → `draft`; the link dies.

use crate::domain::people::membership::Transition;
use crate::domain::people::permission::Permission;
use crate::layout::records::replace;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{audit, counters, drop_link, managed_target};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("cancel_invitation")
    .delete("/orgs/{org_id}/users/{user_id}/activation")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Cancel a pending invitation (invited → draft); its link stops working")
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::plan(plans::target_user, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let (member, current, org) = managed_target(ctx, &request).await?;
    let mut next = current.clone();
    next.status = current.status.apply(Transition::CancelInvitation)?;
    next.invitation = None;
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    commit.extend(counters(&org.id, &current, Some(&next)));
    drop_link(&mut commit, &current);
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        "invitation.cancelled",
        &current,
        json!({"status": {"before": current.status, "after": next.status}}),
    ));
    commit.run(ctx).await?;
    Output::json(200, &UserView::new(&next, None, None))
}
