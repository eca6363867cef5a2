//! A person's place in one organisation and its status machine.

use crate::domain::accounts::invitation::Invitation;
use crate::domain::locale::Locale;
use crate::domain::people::permission::{Access, Grants};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// `draft` (no invitation) → `invited` → `active` ⇄ `disabled`; `deleted`
/// ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    Draft,
    Invited,
    Active,
    Disabled,
    Deleted,
}

/// What can happen to a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    SendInvitation,
    CancelInvitation,
    Activate,
    Disable,
    Enable,
    Delete,
}

/// A transition the current status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("cannot {transition:?} a membership that is {from:?}")]
pub struct TransitionError {
    pub from: MembershipStatus,
    pub transition: Transition,
}

impl MembershipStatus {
    /// The status after `transition`, or why it is refused.
    pub fn apply(self, transition: Transition) -> Result<MembershipStatus, TransitionError> {
        use MembershipStatus::*;
        use Transition::*;
        let next = match (self, transition) {
            (Draft | Invited, SendInvitation) => Some(Invited),
            (Invited, CancelInvitation) => Some(Draft),
            (Draft | Invited, Activate) => Some(Active),
            (Active, Disable) => Some(Disabled),
            (Disabled, Enable) => Some(Active),
            (Draft | Invited | Active | Disabled, Delete) => Some(Deleted),
            _ => None,
        };
        next.ok_or(TransitionError {
            from: self,
            transition,
        })
    }
}

/// Civility, as on seed 004's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Civility {
    /// Madame
    Mme,
    /// Monsieur
    M,
    /// Neutral
    Mx,
}

/// A membership: one account's place in one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub org_id: String,
    pub account_id: String,
    pub civility: Civility,
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub phone: String,
    pub function: Option<String>,
    pub birth_date: Option<jiff::civil::Date>,
    pub main_establishment: Option<String>,
    pub manager: bool,
    pub grants: Grants,
    pub status: MembershipStatus,
    pub locale: Option<Locale>,
    pub invitation: Option<Invitation>,
    /// Last sign-in of the person (recorded on each membership, for the
    /// user list's column).
    #[serde(default)]
    pub last_login_at: Option<jiff::Timestamp>,
    /// The secret question a manager set, with the hashed answer.
    #[serde(default)]
    pub secret: Option<crate::domain::accounts::secrets::SecretKey>,
    /// The authentication mode a manager set for her (seed 003): the
    /// second factor she must have to work in this organisation; none: the
    /// organisation's policy decides.
    #[serde(default)]
    pub mfa_mode: Option<crate::domain::accounts::mfa::Method>,
    /// Whether the person's second factor is on (the account's, mirrored
    /// here for the users list).
    #[serde(default)]
    pub mfa_on: bool,
    /// The authentication phone a manager set for her (seed 003, "le
    /// numéro de téléphone d'authentification"; E.164): the number her SMS
    /// set-up offers; hers only once she confirms it with a texted code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_phone: Option<String>,
    /// The emails she chose to receive or not (the rest follow the
    /// organisation's defaults).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub notifications: crate::domain::people::notifications::Choices,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

impl Membership {
    /// The member's rights, counted only while the membership is active
    /// (rule 7: no roles, no access; rule 9: disabled is effective at once).
    pub fn access(&self) -> Option<Access<'_>> {
        (self.status == MembershipStatus::Active).then_some(Access {
            manager: self.manager,
            grants: &self.grants,
        })
    }
}

/// Whether the person is shut out everywhere (DESIGN §5.9): one disabled
/// membership at least and no active one. Her sign-in is then refused, and
/// her directory identity stays disabled.
pub fn disabled_everywhere(statuses: impl IntoIterator<Item = MembershipStatus>) -> bool {
    let (mut active, mut disabled) = (false, false);
    for status in statuses {
        active |= status == MembershipStatus::Active;
        disabled |= status == MembershipStatus::Disabled;
    }
    disabled && !active
}

/// Whether her directory identity should accept sign-in: while one
/// membership at least is active.
pub fn signs_in(statuses: impl IntoIterator<Item = MembershipStatus>) -> bool {
    statuses.into_iter().any(|s| s == MembershipStatus::Active)
}

/// Memberships for unit tests, in every context.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Civility, Membership, MembershipStatus};

    /// Mme Zoé Tremblay, active in `org_id` with no grants, version 1;
    /// each test sets what it is about with `..membership(…)`.
    pub(crate) fn membership(org_id: &str, account_id: &str) -> Membership {
        Membership {
            org_id: org_id.into(),
            account_id: account_id.into(),
            civility: Civility::Mme,
            last_name: "Tremblay".into(),
            first_name: "Zoé".into(),
            email: format!("{account_id}@exemple.ca"),
            phone: "5145550100".into(),
            function: None,
            birth_date: None,
            main_establishment: None,
            manager: false,
            grants: Default::default(),
            status: MembershipStatus::Active,
            locale: None,
            invitation: None,
            last_login_at: None,
            secret: None,
            mfa_mode: None,
            mfa_on: false,
            auth_phone: None,
            notifications: Default::default(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
            version: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MembershipStatus::*;
    use super::Transition::*;
    use super::*;

    #[test]
    fn disabled_everywhere_means_no_active_membership_and_a_disabled_one() {
        assert!(disabled_everywhere([Disabled]));
        assert!(disabled_everywhere([Disabled, Invited, Draft]));
        assert!(!disabled_everywhere([Disabled, Active]));
        assert!(!disabled_everywhere([Invited]));
        assert!(!disabled_everywhere([]));
        assert!(signs_in([Disabled, Active]));
        assert!(!signs_in([Disabled, Invited]));
    }

    #[test]
    fn lifecycle_follows_the_rules() {
        assert_eq!(Draft.apply(SendInvitation), Ok(Invited));
        assert_eq!(Invited.apply(SendInvitation), Ok(Invited));
        assert_eq!(Invited.apply(CancelInvitation), Ok(Draft));
        assert_eq!(Invited.apply(Activate), Ok(Active));
        assert_eq!(Active.apply(Disable), Ok(Disabled));
        assert_eq!(Disabled.apply(Enable), Ok(Active));
        assert_eq!(Active.apply(Delete), Ok(Deleted));
    }

    #[test]
    fn invalid_transitions_are_refused() {
        for (from, t) in [
            (Active, SendInvitation),
            (Disabled, SendInvitation),
            (Draft, CancelInvitation),
            (Active, Activate),
            (Draft, Disable),
            (Active, Enable),
            (Deleted, Delete),
            (Deleted, Enable),
        ] {
            assert_eq!(
                from.apply(t),
                Err(TransitionError {
                    from,
                    transition: t
                })
            );
        }
    }
}
