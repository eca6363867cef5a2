//! Disable and enable a member (DESIGN §5.9): reversible, per organisation,
//! effective on the very next request (the membership is read on every
//! request). Disabling signs the person out of the directory when no other
//! active membership remains; the last active manager cannot be disabled.

use crate::domain::people::membership::{MembershipStatus, Transition};
use crate::domain::people::permission::Permission;
use crate::layout::records::replace;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{audit, guard_counters, managed_user};
use crate::operations::reads::memberships_of;
use crate::operations::views::UserView;
use crate::operations::{Access, Body, Context, Outcome, Output, Request};
use crate::ports::DirectoryError;
use serde_json::json;

pub(crate) const ACCESS: Access = Access::Member(Permission::ManageUsers);
pub(crate) const PROBLEMS: &[u16] = &[401, 403, 404, 409];

pub(crate) const BODY: Body = Body::of::<UserView>();

pub(crate) async fn change(ctx: &Context, request: Request, transition: Transition) -> Outcome {
    let member = request.member()?;
    let (current, org) = managed_user(ctx, member, request.param("user_id")?).await?;
    let mut next = current.clone();
    next.status = current.status.apply(transition)?;
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    guard_counters(&mut commit, &org.id, &current, Some(&next));
    let action = match transition {
        Transition::Disable => "user.disabled",
        _ => "user.enabled",
    };
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        action,
        &current,
        json!({"status": {"before": current.status, "after": next.status}}),
    ));
    commit.run(ctx).await?;
    // The directory identity follows (DESIGN §5.9): disabled, and signed
    // out, while no membership is active; enabled again with the first
    // membership enabled. No identity yet (never activated): nothing to do.
    // Sign-in mends an identity left behind by a failure here.
    if transition == Transition::Disable {
        let others = memberships_of(ctx, &current.account_id).await?;
        let still_active = others
            .iter()
            .any(|m| m.org_id != org.id && m.status == MembershipStatus::Active);
        if !still_active {
            match ctx.directory.set_enabled(&current.email, false).await {
                Ok(()) | Err(DirectoryError::InvalidCredentials) => {}
                Err(error) => tracing::warn!(%error, "could not disable the identity"),
            }
            match ctx.directory.sign_out_everywhere(&current.email).await {
                Ok(()) | Err(DirectoryError::InvalidCredentials) => {}
                Err(error) => tracing::warn!(%error, "global sign-out failed"),
            }
        }
    } else {
        match ctx.directory.set_enabled(&current.email, true).await {
            Ok(()) | Err(DirectoryError::InvalidCredentials) => {}
            Err(error) => tracing::warn!(%error, "could not enable the identity"),
        }
    }
    tracing::info!(org = %org.id, user = %current.account_id, action, "status changed");
    Output::json(200, &UserView::new(&next, None, None))
}
