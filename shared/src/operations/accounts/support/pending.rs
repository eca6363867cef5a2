//! The memberships a registration confirms.

use crate::domain::people::membership::{Membership, MembershipStatus};

/// The memberships waiting for the person (`draft`, `invited`).
pub(crate) fn pending(memberships: Vec<Membership>) -> Vec<Membership> {
    memberships
        .into_iter()
        .filter(|m| {
            matches!(
                m.status,
                MembershipStatus::Draft | MembershipStatus::Invited
            )
        })
        .collect()
}
