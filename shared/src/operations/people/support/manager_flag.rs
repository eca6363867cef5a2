//! Appointing and removing managers. An organisation always keeps at least
//! one active manager: the demotion's counter write carries the condition,
//! in the same transaction, so two managers demoting each other at the same
//! moment cannot both succeed.

use crate::domain::people::membership::Membership;
use crate::layout::records::replace;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{guard_counters, managed_target};
use crate::operations::views::UserView;
use crate::operations::{Access, Body, Context, Outcome, Output, Request};

pub(crate) const ACCESS: Access = Access::Manager;
pub(crate) const BODY: Body = Body::of::<UserView>();
pub(crate) const PROBLEMS: &[u16] = &[409];

/// The change of the manager flag of `current` by `actor`: the membership
/// after it and its commit (the last active manager is kept), or `None`
/// when the flag is already so.
pub(crate) fn decide(
    current: &Membership,
    actor: &str,
    manager: bool,
    now: jiff::Timestamp,
    audit_id: String,
) -> Option<(Membership, Commit)> {
    if current.manager == manager {
        return None;
    }
    let mut next = current.clone();
    next.manager = manager;
    next.updated_at = now;
    next.version = current.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    guard_counters(&mut commit, &current.org_id, current, Some(&next));
    let action = if manager {
        "manager.appointed"
    } else {
        "manager.removed"
    };
    commit.push(
        Audit::at(audit_id, now, &current.org_id, actor, action)
            .of(current)
            .change("manager", current.manager, manager)
            .write(),
    );
    Some((next, commit))
}

pub(crate) async fn set(ctx: &Context, request: Request, manager: bool) -> Outcome {
    let (member, current, _) = managed_target(ctx, &request).await?;
    let decided = decide(
        &current,
        &member.account_id,
        manager,
        ctx.clock.now(),
        ctx.new_id(),
    );
    let Some((next, commit)) = decided else {
        return Output::json(200, &UserView::new(&current, None, None));
    };
    commit.run(ctx).await?;
    Output::json(200, &UserView::new(&next, None, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::membership::MembershipStatus;
    use crate::operations::OpError;
    use crate::operations::people::errors::PeopleError;
    use crate::operations::people::support::testing::{at, member};
    use crate::ports::StoreError;

    #[test]
    fn appointing_a_manager_sets_the_flag_and_is_audited() {
        let current = member(MembershipStatus::Active, false);
        let (next, commit) = decide(&current, "boss", true, at(), "e1".into()).unwrap();
        assert!(next.manager);
        assert_eq!(next.version, current.version + 1);
        // The membership, the counters, the audit event.
        assert_eq!(commit.writes().len(), 3);
    }

    #[test]
    fn a_flag_already_so_changes_nothing() {
        let current = member(MembershipStatus::Active, true);
        assert!(decide(&current, "boss", true, at(), "e1".into()).is_none());
    }

    #[test]
    fn the_last_active_manager_cannot_be_removed() {
        let current = member(MembershipStatus::Active, true);
        let (_, commit) = decide(&current, "boss", false, at(), "e1".into()).unwrap();
        let error = commit.meaning(StoreError::ConditionFailed { index: 1 });
        assert!(matches!(
            error.refusal::<PeopleError>(),
            Some(PeopleError::LastManager)
        ));
    }

    #[test]
    fn removing_a_manager_not_yet_active_touches_no_counter() {
        let current = member(MembershipStatus::Invited, true);
        let (_, commit) = decide(&current, "boss", false, at(), "e1".into()).unwrap();
        assert_eq!(commit.writes().len(), 2);
        let error = commit.meaning(StoreError::ConditionFailed { index: 0 });
        assert!(matches!(error, OpError::VersionConflict));
    }
}
