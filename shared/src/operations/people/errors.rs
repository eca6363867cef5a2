//! The people context's refusals: who may be in an organisation, with which
//! email, status and permissions. Rendered by [`Problem`].

use crate::domain::locale::Locale;
use crate::domain::people::membership::{MembershipStatus, Transition, TransitionError};
use crate::domain::people::permission::{GrantRefusal, Permission};
use crate::operations::error::Problem;
use thiserror::Error;

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
            PeopleError::MembershipDisabled => "membership-disabled",
            PeopleError::GrantRefused(refusal) => grant_slug(refusal),
            PeopleError::InvalidTransition(_) => "invalid-transition",
        }
    }

    fn title(&self, locale: Locale) -> String {
        let (fr, en) = match self {
            PeopleError::EmailTaken => ("Courriel déjà utilisé", "Email already used"),
            PeopleError::EmailManagedByPerson => (
                "Courriel géré par la personne",
                "Email managed by the person",
            ),
            PeopleError::LastManager => ("Dernier gestionnaire", "Last manager"),
            PeopleError::InvitationLocked => ("Invitation bloquée", "Invitation locked"),
            PeopleError::InvitationPending => ("Invitation en cours", "Invitation pending"),
            PeopleError::HasManager => (
                "L'organisation a un gestionnaire",
                "The organisation has a manager",
            ),
            PeopleError::MembershipDisabled => ("Compte désactivé", "Account disabled"),
            PeopleError::GrantRefused(_) => (
                "Permission impossible à accorder",
                "Permission cannot be granted",
            ),
            PeopleError::InvalidTransition(_) => ("Action impossible", "Action not possible"),
        };
        locale.pick(fr, en).to_string()
    }

    fn detail(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        let t = |f: &str, e: &str| locale.pick(f, e).to_string();
        match self {
            PeopleError::EmailTaken => t(
                "Cette adresse courriel est déjà celle d'un autre utilisateur.",
                "This email address already belongs to another user.",
            ),
            PeopleError::EmailManagedByPerson => t(
                "Ce compte est activé : seule la personne peut changer son courriel de connexion, en vérifiant la nouvelle adresse.",
                "This account is activated: only the person can change their sign-in email, by verifying the new address.",
            ),
            PeopleError::LastManager => t(
                "L'organisation doit toujours garder au moins un gestionnaire actif : nommez d'abord un autre gestionnaire.",
                "The organisation must always keep at least one active manager: appoint another manager first.",
            ),
            PeopleError::InvitationLocked => t(
                "Trop d'essais incorrects : demandez à votre gestionnaire de vous renvoyer l'invitation.",
                "Too many wrong attempts: ask your manager to send the invitation again.",
            ),
            PeopleError::InvitationPending => t(
                "Une invitation a déjà été envoyée à cette adresse : utilisez « Modifier le courriel et renvoyer » pour annuler l'invitation, corriger l'adresse et renvoyer le courriel en une étape.",
                "An invitation was already sent to this address: use \"change email and resend\" to cancel the invitation, fix the address and send the email again in one step.",
            ),
            PeopleError::HasManager => t(
                "Cette organisation a encore un gestionnaire actif : c'est à lui de nommer les autres.",
                "This organisation still has an active manager: appointing others is up to them.",
            ),
            PeopleError::MembershipDisabled => t(
                "Votre accès à cette organisation est désactivé. Communiquez avec un gestionnaire.",
                "Your access to this organisation is disabled. Contact a manager.",
            ),
            PeopleError::GrantRefused(refusal) => grant_detail(refusal, fr),
            PeopleError::InvalidTransition(e) => {
                if fr {
                    format!(
                        "Impossible de {} un compte au statut « {} ».",
                        transition_word(e.transition, true),
                        status_word(e.from, true)
                    )
                } else {
                    format!(
                        "Cannot {} an account whose status is \"{}\".",
                        transition_word(e.transition, false),
                        status_word(e.from, false)
                    )
                }
            }
        }
    }
}

fn status_word(status: MembershipStatus, fr: bool) -> &'static str {
    use MembershipStatus::*;
    match (status, fr) {
        (Draft, true) => "brouillon",
        (Draft, false) => "draft",
        (Invited, true) => "invité",
        (Invited, false) => "invited",
        (Active, true) => "actif",
        (Active, false) => "active",
        (Disabled, true) => "désactivé",
        (Disabled, false) => "disabled",
        (Deleted, true) => "supprimé",
        (Deleted, false) => "deleted",
    }
}

fn transition_word(t: Transition, fr: bool) -> &'static str {
    use Transition::*;
    match (t, fr) {
        (SendInvitation, true) => "envoyer une invitation à",
        (SendInvitation, false) => "send an invitation to",
        (CancelInvitation, true) => "annuler l'invitation d'",
        (CancelInvitation, false) => "cancel the invitation of",
        (Activate, true) => "activer",
        (Activate, false) => "activate",
        (Disable, true) => "désactiver",
        (Disable, false) => "disable",
        (Enable, true) => "réactiver",
        (Enable, false) => "enable",
        (Delete, true) => "supprimer",
        (Delete, false) => "delete",
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

/// What a refusal of the grant rule says: which permission, where.
fn grant_detail(refusal: &GrantRefusal, fr: bool) -> String {
    let name = |p: &Permission| {
        let code = serde_json::to_value(p)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        format!("« {} » ({code})", p.label(fr))
    };
    match (refusal, fr) {
        (GrantRefusal::ManagerFlag, true) => {
            "Seul un gestionnaire peut nommer un gestionnaire.".to_string()
        }
        (GrantRefusal::ManagerFlag, false) => {
            "Only a manager can make someone a manager.".to_string()
        }
        (GrantRefusal::OwnMembership, true) => {
            "Vous ne pouvez pas vous accorder de permissions à vous-même : demandez-les à un gestionnaire.".to_string()
        }
        (GrantRefusal::OwnMembership, false) => {
            "You cannot grant permissions to yourself: ask a manager for them.".to_string()
        }
        (GrantRefusal::ManagersOnly { permission, establishment }, true) => format!(
            "Seul un gestionnaire peut accorder la permission {} (établissement {establishment}).",
            name(permission)
        ),
        (GrantRefusal::ManagersOnly { permission, establishment }, false) => format!(
            "Only a manager can grant the {} permission (establishment {establishment}).",
            name(permission)
        ),
        (GrantRefusal::NotManagingAt { permission, establishment }, true) => format!(
            "Vous ne pouvez pas accorder {} à l'établissement {establishment} : vous n'y détenez pas la permission « gérer les utilisateurs ».",
            name(permission)
        ),
        (GrantRefusal::NotManagingAt { permission, establishment }, false) => format!(
            "You cannot grant {} at establishment {establishment}: you do not hold the manage_users permission there.",
            name(permission)
        ),
        (GrantRefusal::NotHeld { permission, establishment }, true) => format!(
            "Vous n'accordez que les permissions que vous détenez vous-même : vous ne détenez pas {} à l'établissement {establishment}.",
            name(permission)
        ),
        (GrantRefusal::NotHeld { permission, establishment }, false) => format!(
            "You grant only permissions you hold yourself: you do not hold {} at establishment {establishment}.",
            name(permission)
        ),
    }
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
            crate::operations::error::told_in_french_and_in_english(&error);
        }
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
        assert!(error.detail(Locale::Fr).contains("est-1"));
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
