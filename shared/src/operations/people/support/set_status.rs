//! Disable and enable a member (DESIGN §5.9): reversible, per organisation,
//! effective on the very next request (the membership is read on every
//! request). Disabling signs the person out of the directory when no other
//! active membership remains; the last active manager cannot be disabled.

use crate::domain::people::membership::{Membership, MembershipStatus, Transition};
use crate::domain::people::permission::Permission;
use crate::layout::records::{Revised, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{guard_counters, managed_target};
use crate::operations::reads::memberships_of;
use crate::operations::views::UserView;
use crate::operations::{Access, Body, Context, OpError, Outcome, Output, Request};
use crate::ports::DirectoryError;

pub(crate) const ACCESS: Access = Access::Member(Permission::ManageUsers);
pub(crate) const PROBLEMS: &[u16] = &[409];

pub(crate) const BODY: Body = Body::of::<UserView>();

/// What a status change writes, and the membership after it.
pub(crate) struct Decision {
    pub next: Membership,
    pub action: &'static str,
    pub commit: Commit,
}

/// The status change of `current` by `actor`: the membership after it, the
/// counters (the last active manager is kept) and the audit event.
pub(crate) fn decide(
    current: &Membership,
    actor: &str,
    transition: Transition,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<Decision, OpError> {
    let mut next = current.revised(now);
    next.status = current.status.apply(transition)?;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    guard_counters(&mut commit, &current.org_id, current, Some(&next));
    let action = match transition {
        Transition::Disable => "user.disabled",
        _ => "user.enabled",
    };
    commit.push(
        Audit::at(audit_id, now, &current.org_id, actor, action)
            .of(current)
            .change("status", current.status, next.status)
            .write(),
    );
    Ok(Decision {
        next,
        action,
        commit,
    })
}

pub(crate) async fn change(ctx: &Context, request: Request, transition: Transition) -> Outcome {
    let (member, current, org) = managed_target(ctx, &request).await?;
    let Decision {
        next,
        action,
        commit,
    } = decide(
        &current,
        &member.account_id,
        transition,
        ctx.clock.now(),
        ctx.new_id(),
    )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::people::errors::PeopleError;
    use crate::operations::people::support::testing::{at, member};
    use crate::ports::StoreError;

    fn disable(current: &Membership) -> Result<Decision, OpError> {
        decide(current, "boss", Transition::Disable, at(), "e1".into())
    }

    #[test]
    fn disabling_an_active_member_makes_her_disabled_and_is_audited() {
        let current = member(MembershipStatus::Active, false);
        let decision = disable(&current).unwrap();
        assert_eq!(decision.next.status, MembershipStatus::Disabled);
        assert_eq!(decision.next.version, current.version + 1);
        assert_eq!(decision.action, "user.disabled");
        // The membership, the counters, the audit event.
        assert_eq!(decision.commit.writes().len(), 3);
    }

    #[test]
    fn enabling_a_disabled_member_makes_her_active_again() {
        let current = member(MembershipStatus::Disabled, false);
        let decision = decide(&current, "boss", Transition::Enable, at(), "e1".into()).unwrap();
        assert_eq!(decision.next.status, MembershipStatus::Active);
        assert_eq!(decision.action, "user.enabled");
    }

    #[test]
    fn an_invited_member_cannot_be_disabled() {
        let error = disable(&member(MembershipStatus::Invited, false))
            .err()
            .unwrap();
        assert!(matches!(
            error.refusal::<PeopleError>(),
            Some(PeopleError::InvalidTransition(_))
        ));
    }

    #[test]
    fn the_last_active_manager_cannot_be_disabled() {
        let decision = disable(&member(MembershipStatus::Active, true)).unwrap();
        // The counters' condition fails at the last active manager.
        let error = decision
            .commit
            .meaning(StoreError::ConditionFailed { index: 1 });
        assert!(matches!(
            error.refusal::<PeopleError>(),
            Some(PeopleError::LastManager)
        ));
    }

    #[test]
    fn a_member_changed_meanwhile_is_a_version_conflict() {
        let decision = disable(&member(MembershipStatus::Active, true)).unwrap();
        let error = decision
            .commit
            .meaning(StoreError::ConditionFailed { index: 0 });
        assert!(matches!(error, OpError::VersionConflict));
    }
}
