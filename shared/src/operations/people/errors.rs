//! The people context's refusals: who may be in an organisation, with which
//! email, status and permissions. Rendered by [`Problem`].

use crate::domain::locale::Locale;
use crate::domain::people::membership::{MembershipStatus, Transition, TransitionError};
use crate::domain::people::permission::{GrantRefusal, Permission};
use crate::operations::error::{Catalogue, Problem};
use std::sync::LazyLock;
use thiserror::Error;

/// The titles and details, in French and English.
static TEXTS: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::parse(include_str!("errors.json")));

/// A refusal of the people context's rules.
#[derive(Debug, Error)]
pub enum PeopleError {
    #[error("email already used in this organisation")]
    EmailTaken,
    #[error("only the person changes the email of an activated account")]
    EmailManagedByPerson,
    #[error("the organisation would have no active manager")]
    LastManager,
    #[error("invitation locked")]
    InvitationLocked,
    #[error("the email of a pending invitation cannot be edited")]
    InvitationPending,
    #[error("the organisation still has an active manager")]
    HasManager,
    #[error("no email on the record yet")]
    NoEmailYet,
    #[error("membership disabled")]
    MembershipDisabled,
    /// The grant rule (DESIGN §5.16) refused a change of grants.
    #[error("grant refused: {0:?}")]
    GrantRefused(GrantRefusal),
    #[error(transparent)]
    InvalidTransition(#[from] TransitionError),
}

impl From<GrantRefusal> for PeopleError {
    fn from(refusal: GrantRefusal) -> Self {
        PeopleError::GrantRefused(refusal)
    }
}

impl PeopleError {
    /// For a refused grant: the permission that may not be given, and the
    /// establishment where (the problem document's extra members).
    pub fn refused_grant(&self) -> Option<(Permission, &str)> {
        match self {
            PeopleError::GrantRefused(
                GrantRefusal::ManagersOnly {
                    permission,
                    establishment,
                }
                | GrantRefusal::NotManagingAt {
                    permission,
                    establishment,
                }
                | GrantRefusal::NotHeld {
                    permission,
                    establishment,
                },
            ) => Some((*permission, establishment)),
            _ => None,
        }
    }
}

impl Problem for PeopleError {
    fn status(&self) -> u16 {
        match self {
            PeopleError::MembershipDisabled | PeopleError::GrantRefused(_) => 403,
            PeopleError::InvitationLocked => 423,
            PeopleError::EmailTaken
            | PeopleError::EmailManagedByPerson
            | PeopleError::LastManager
            | PeopleError::InvitationPending
            | PeopleError::HasManager
            | PeopleError::NoEmailYet
            | PeopleError::InvalidTransition(_) => 409,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            PeopleError::EmailTaken => "email-taken",
            PeopleError::EmailManagedByPerson => "email-managed-by-person",
            PeopleError::LastManager => "last-manager",
            PeopleError::InvitationLocked => "invitation-locked",
            PeopleError::InvitationPending => "invitation-pending",
            PeopleError::HasManager => "organisation-has-manager",
            PeopleError::NoEmailYet => "no-email-yet",
            PeopleError::MembershipDisabled => "membership-disabled",
            PeopleError::GrantRefused(refusal) => grant_slug(refusal),
            PeopleError::InvalidTransition(_) => "invalid-transition",
        }
    }

    fn catalogue(&self) -> &'static Catalogue {
        &TEXTS
    }

    /// A refused grant names the permission and the establishment; an
    /// invalid transition, the action and the status.
    fn detail_values(&self, locale: Locale) -> Vec<(&'static str, String)> {
        if let Some((permission, establishment)) = self.refused_grant() {
            return vec![
                ("permission", permission_name(permission, locale)),
                ("establishment", establishment.to_string()),
            ];
        }
        match self {
            PeopleError::InvalidTransition(e) => {
                let (fr, en) = transition_words(e.transition);
                let (status_fr, status_en) = status_words(e.from);
                vec![
                    ("transition", locale.pick(fr, en).to_string()),
                    ("status", locale.pick(status_fr, status_en).to_string()),
                ]
            }
            _ => Vec::new(),
        }
    }
}

/// A status as the invalid-transition detail says it: French, English.
fn status_words(status: MembershipStatus) -> (&'static str, &'static str) {
    match status {
        MembershipStatus::Draft => ("brouillon", "draft"),
        MembershipStatus::Invited => ("invité", "invited"),
        MembershipStatus::Active => ("actif", "active"),
        MembershipStatus::Disabled => ("désactivé", "disabled"),
        MembershipStatus::Deleted => ("supprimé", "deleted"),
    }
}

/// A transition as the invalid-transition detail says it: French, English.
fn transition_words(transition: Transition) -> (&'static str, &'static str) {
    match transition {
        Transition::SendInvitation => ("envoyer une invitation à", "send an invitation to"),
        Transition::CancelInvitation => ("annuler l'invitation d'", "cancel the invitation of"),
        Transition::Activate => ("activer", "activate"),
        Transition::Disable => ("désactiver", "disable"),
        Transition::Enable => ("réactiver", "enable"),
        Transition::Delete => ("supprimer", "delete"),
    }
}

/// The slug of a refusal of the grant rule (DESIGN §5.16).
fn grant_slug(refusal: &GrantRefusal) -> &'static str {
    match refusal {
        GrantRefusal::ManagerFlag => "grant-manager-flag",
        GrantRefusal::OwnMembership => "grant-own-membership",
        GrantRefusal::ManagersOnly { .. } => "grant-managers-only",
        GrantRefusal::NotManagingAt { .. } => "grant-outside-managed-establishments",
        GrantRefusal::NotHeld { .. } => "grant-exceeds-grantor",
    }
}

/// A permission as a refused grant names it: its label and its code.
fn permission_name(permission: Permission, locale: Locale) -> String {
    let code = serde_json::to_value(permission)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("« {} » ({code})", permission.label(locale == Locale::Fr))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every() -> Vec<(PeopleError, u16, &'static str)> {
        let at = |permission| (permission, "est-1".to_string());
        let (permission, establishment) = at(Permission::ManageUsers);
        vec![
            (PeopleError::EmailTaken, 409, "email-taken"),
            (
                PeopleError::EmailManagedByPerson,
                409,
                "email-managed-by-person",
            ),
            (PeopleError::LastManager, 409, "last-manager"),
            (PeopleError::InvitationLocked, 423, "invitation-locked"),
            (PeopleError::InvitationPending, 409, "invitation-pending"),
            (PeopleError::HasManager, 409, "organisation-has-manager"),
            (PeopleError::NoEmailYet, 409, "no-email-yet"),
            (PeopleError::MembershipDisabled, 403, "membership-disabled"),
            (
                PeopleError::GrantRefused(GrantRefusal::ManagerFlag),
                403,
                "grant-manager-flag",
            ),
            (
                PeopleError::GrantRefused(GrantRefusal::OwnMembership),
                403,
                "grant-own-membership",
            ),
            (
                PeopleError::GrantRefused(GrantRefusal::ManagersOnly {
                    permission,
                    establishment: establishment.clone(),
                }),
                403,
                "grant-managers-only",
            ),
            (
                PeopleError::GrantRefused(GrantRefusal::NotManagingAt {
                    permission,
                    establishment: establishment.clone(),
                }),
                403,
                "grant-outside-managed-establishments",
            ),
            (
                PeopleError::GrantRefused(GrantRefusal::NotHeld {
                    permission,
                    establishment,
                }),
                403,
                "grant-exceeds-grantor",
            ),
            (
                PeopleError::InvalidTransition(TransitionError {
                    from: MembershipStatus::Active,
                    transition: Transition::SendInvitation,
                }),
                409,
                "invalid-transition",
            ),
        ]
    }

    #[test]
    fn every_refusal_has_its_status_slug_and_texts_in_both_languages() {
        for (error, status, slug) in every() {
            assert_eq!(error.status(), status, "{error:?}");
            assert_eq!(error.slug(), slug, "{error:?}");
            assert!(!error.retryable(), "{error:?}");
        }
        let errors: Vec<PeopleError> = every().into_iter().map(|(error, ..)| error).collect();
        crate::operations::error::catalogue_covers(&TEXTS, &errors);
    }

    #[test]
    fn a_refused_grant_names_the_permission_and_the_establishment() {
        let error = PeopleError::GrantRefused(GrantRefusal::NotHeld {
            permission: Permission::ManageUsers,
            establishment: "est-1".into(),
        });
        assert_eq!(
            error.refused_grant(),
            Some((Permission::ManageUsers, "est-1"))
        );
        assert_eq!(
            error.detail(Locale::En),
            "You grant only permissions you hold yourself: you do not hold « manage users » (manage_users) at establishment est-1."
        );
        assert!(
            error
                .detail(Locale::Fr)
                .contains("à l'établissement est-1.")
        );
        assert_eq!(PeopleError::LastManager.refused_grant(), None);
    }

    #[test]
    fn an_invalid_transition_says_what_and_from_which_status() {
        let error = PeopleError::InvalidTransition(TransitionError {
            from: MembershipStatus::Active,
            transition: Transition::SendInvitation,
        });
        assert_eq!(
            error.detail(Locale::Fr),
            "Impossible de envoyer une invitation à un compte au statut « actif »."
        );
        assert_eq!(
            error.detail(Locale::En),
            "Cannot send an invitation to an account whose status is \"active\"."
        );
    }
}
