//! Errors as `application/problem+json` (RFC 9457): a stable `type` per
//! error, French or English text by `Accept-Language`, field errors listed.

use crate::domain::locale::Locale;
use crate::domain::people::membership::{MembershipStatus, Transition};
use crate::domain::people::permission::{GrantRefusal, Permission};
use crate::operations::OpError;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

pub const CONTENT_TYPE: &str = "application/problem+json";
/// Prefix of every problem `type`.
pub const TYPE_PREFIX: &str = "urn:sesame:problem:";

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// The problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the error, `urn:sesame:problem:<slug>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Present for validation errors: every refused field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldProblem>>,
    /// For a refused grant: the permission that may not be given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission: Option<Permission>,
    /// For a refused grant: the establishment where it may not be given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub establishment: Option<String>,
    /// True when the same request may succeed later.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
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

/// A refusal of the grant rule (DESIGN §5.16): which permission, where.
fn grant_refusal(refusal: &GrantRefusal, fr: bool) -> (u16, &'static str, String, String) {
    let name = |p: &Permission| {
        let code = serde_json::to_value(p)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        format!("« {} » ({code})", p.label(fr))
    };
    let (slug, detail) = match (refusal, fr) {
        (GrantRefusal::ManagerFlag, true) => (
            "grant-manager-flag",
            "Seul un gestionnaire peut nommer un gestionnaire.".to_string(),
        ),
        (GrantRefusal::ManagerFlag, false) => (
            "grant-manager-flag",
            "Only a manager can make someone a manager.".to_string(),
        ),
        (GrantRefusal::OwnMembership, true) => (
            "grant-own-membership",
            "Vous ne pouvez pas vous accorder de permissions à vous-même : demandez-les à un gestionnaire.".to_string(),
        ),
        (GrantRefusal::OwnMembership, false) => (
            "grant-own-membership",
            "You cannot grant permissions to yourself: ask a manager for them.".to_string(),
        ),
        (GrantRefusal::ManagersOnly { permission, establishment }, true) => (
            "grant-managers-only",
            format!(
                "Seul un gestionnaire peut accorder la permission {} (établissement {establishment}).",
                name(permission)
            ),
        ),
        (GrantRefusal::ManagersOnly { permission, establishment }, false) => (
            "grant-managers-only",
            format!(
                "Only a manager can grant the {} permission (establishment {establishment}).",
                name(permission)
            ),
        ),
        (GrantRefusal::NotManagingAt { permission, establishment }, true) => (
            "grant-outside-managed-establishments",
            format!(
                "Vous ne pouvez pas accorder {} à l'établissement {establishment} : vous n'y détenez pas la permission « gérer les utilisateurs ».",
                name(permission)
            ),
        ),
        (GrantRefusal::NotManagingAt { permission, establishment }, false) => (
            "grant-outside-managed-establishments",
            format!(
                "You cannot grant {} at establishment {establishment}: you do not hold the manage_users permission there.",
                name(permission)
            ),
        ),
        (GrantRefusal::NotHeld { permission, establishment }, true) => (
            "grant-exceeds-grantor",
            format!(
                "Vous n'accordez que les permissions que vous détenez vous-même : vous ne détenez pas {} à l'établissement {establishment}.",
                name(permission)
            ),
        ),
        (GrantRefusal::NotHeld { permission, establishment }, false) => (
            "grant-exceeds-grantor",
            format!(
                "You grant only permissions you hold yourself: you do not hold {} at establishment {establishment}.",
                name(permission)
            ),
        ),
    };
    let title = if fr {
        "Permission impossible à accorder"
    } else {
        "Permission cannot be granted"
    };
    (403, slug, title.to_string(), detail)
}

/// The status, slug, title and detail of an error.
fn describe(error: &OpError, fr: bool) -> (u16, &'static str, String, String) {
    let t = |f: &str, e: &str| if fr { f.to_string() } else { e.to_string() };
    match error {
        OpError::InvalidBody(_) => (
            400,
            "invalid-body",
            t("Requête illisible", "Unreadable request"),
            t(
                "Le corps de la requête n'est pas un JSON valide pour cette opération.",
                "The request body is not valid JSON for this operation.",
            ),
        ),
        OpError::Validation(_) => (
            422,
            "validation",
            t("Champs invalides", "Invalid fields"),
            t(
                "Certains champs sont manquants ou invalides ; rien n'a été enregistré.",
                "Some fields are missing or invalid; nothing was saved.",
            ),
        ),
        OpError::Unauthenticated => (
            401,
            "unauthenticated",
            t("Connexion requise", "Sign-in required"),
            t(
                "Connectez-vous : la session est absente, invalide ou expirée.",
                "Please sign in: the session is missing, invalid or expired.",
            ),
        ),
        OpError::Forbidden => (
            403,
            "forbidden",
            t("Accès refusé", "Access denied"),
            t(
                "Vos rôles ne permettent pas cette action.",
                "Your roles do not allow this action.",
            ),
        ),
        OpError::GrantRefused(refusal) => grant_refusal(refusal, fr),
        OpError::FeatureDisabled(feature) => (
            403,
            "feature-disabled",
            t("Fonctionnalité désactivée", "Feature switched off"),
            if fr {
                format!(
                    "Votre organisation n'a pas activé les {} dans l'espace collaborateur.",
                    feature.name(true)
                )
            } else {
                format!(
                    "Your organisation has not switched on {} in the employee space.",
                    feature.name(false)
                )
            },
        ),
        OpError::FileNotUploaded => (
            409,
            "file-not-uploaded",
            t("Fichier pas encore téléversé", "File not uploaded yet"),
            t(
                "Le fichier n'a pas encore été téléversé : utilisez d'abord l'adresse de téléversement reçue.",
                "The file has not been uploaded yet: use the upload URL you received first.",
            ),
        ),
        OpError::FileMismatch => (
            409,
            "file-mismatch",
            t("Fichier refusé", "File refused"),
            t(
                "Le fichier téléversé n'a pas la taille ou le type annoncés : il n'est pas servi. Déclarez-le de nouveau puis téléversez-le.",
                "The uploaded file does not have the declared size or type: it is not served. Declare it again, then upload it.",
            ),
        ),
        OpError::MembershipDisabled => (
            403,
            "membership-disabled",
            t("Compte désactivé", "Account disabled"),
            t(
                "Votre accès à cette organisation est désactivé. Communiquez avec un gestionnaire.",
                "Your access to this organisation is disabled. Contact a manager.",
            ),
        ),
        OpError::NotFound => (
            404,
            "not-found",
            t("Introuvable", "Not found"),
            t(
                "Cette ressource n'existe pas ou ne vous est pas accessible.",
                "This resource does not exist or is not available to you.",
            ),
        ),
        OpError::EmailTaken => (
            409,
            "email-taken",
            t("Courriel déjà utilisé", "Email already used"),
            t(
                "Cette adresse courriel est déjà celle d'un autre utilisateur.",
                "This email address already belongs to another user.",
            ),
        ),
        OpError::InvalidTransition(e) => (
            409,
            "invalid-transition",
            t("Action impossible", "Action not possible"),
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
            },
        ),
        OpError::VersionConflict => (
            409,
            "version-conflict",
            t("Modifié entre-temps", "Changed meanwhile"),
            t(
                "Quelqu'un d'autre a modifié ces données entre-temps. Rechargez puis réessayez.",
                "Someone else changed this data meanwhile. Reload and try again.",
            ),
        ),
        OpError::HasManager => (
            409,
            "organisation-has-manager",
            t(
                "L'organisation a un gestionnaire",
                "The organisation has a manager",
            ),
            t(
                "Cette organisation a encore un gestionnaire actif : c'est à lui de nommer les autres.",
                "This organisation still has an active manager: appointing others is up to them.",
            ),
        ),
        OpError::InvitationLocked => (
            423,
            "invitation-locked",
            t("Invitation bloquée", "Invitation locked"),
            t(
                "Trop d'essais incorrects : demandez à votre gestionnaire de vous renvoyer l'invitation.",
                "Too many wrong attempts: ask your manager to send the invitation again.",
            ),
        ),
        OpError::WrongRequestStatus(status) => (
            409,
            "wrong-request-status",
            t(
                "Action impossible à ce statut",
                "Not possible in this status",
            ),
            {
                let name = serde_json::to_value(status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                if fr {
                    format!(
                        "Cette demande est au statut « {name} » : cette action n'y est pas permise."
                    )
                } else {
                    format!(
                        "This request is \"{name}\": this action is not allowed in that status."
                    )
                }
            },
        ),
        OpError::WorkerBooked => (
            409,
            "worker-booked",
            t("Remplaçante déjà réservée", "Worker already booked"),
            t(
                "Cette personne a déjà un remplacement aux mêmes heures ces jours-là.",
                "This person already has a replacement at the same hours on those days.",
            ),
        ),
        OpError::IdempotencyMismatch => (
            422,
            "idempotency-key-reused",
            t("Clé d'idempotence réutilisée", "Idempotency key reused"),
            t(
                "Cette clé Idempotency-Key a déjà servi pour une autre requête.",
                "This Idempotency-Key was already used for another request.",
            ),
        ),
        OpError::RequestInProgress => (
            409,
            "request-in-progress",
            t("Requête déjà en cours", "Request already in progress"),
            t(
                "La première requête avec cette clé Idempotency-Key est encore en cours. Réessayez dans un instant.",
                "The first request with this Idempotency-Key is still running. Try again in a moment.",
            ),
        ),
        OpError::AlreadyDecided => (
            409,
            "already-decided",
            t("Demande déjà traitée", "Request already decided"),
            t(
                "Cette demande a déjà été acceptée ou refusée.",
                "This request was already approved or refused.",
            ),
        ),
        OpError::LastManager => (
            409,
            "last-manager",
            t("Dernier gestionnaire", "Last manager"),
            t(
                "L'organisation doit toujours garder au moins un gestionnaire actif : nommez d'abord un autre gestionnaire.",
                "The organisation must always keep at least one active manager: appoint another manager first.",
            ),
        ),
        OpError::InvitationPending => (
            409,
            "invitation-pending",
            t("Invitation en cours", "Invitation pending"),
            t(
                "Une invitation a déjà été envoyée à cette adresse : utilisez « Modifier le courriel et renvoyer » pour annuler l'invitation, corriger l'adresse et renvoyer le courriel en une étape.",
                "An invitation was already sent to this address: use \"change email and resend\" to cancel the invitation, fix the address and send the email again in one step.",
            ),
        ),
        OpError::EmailManagedByPerson => (
            409,
            "email-managed-by-person",
            t(
                "Courriel géré par la personne",
                "Email managed by the person",
            ),
            t(
                "Ce compte est activé : seule la personne peut changer son courriel de connexion, en vérifiant la nouvelle adresse.",
                "This account is activated: only the person can change their sign-in email, by verifying the new address.",
            ),
        ),
        OpError::PayloadTooLarge => (
            413,
            "payload-too-large",
            t("Requête trop volumineuse", "Request too large"),
            t(
                "Le corps de la requête dépasse la taille permise.",
                "The request body is larger than allowed.",
            ),
        ),
        OpError::UnsupportedMediaType => (
            415,
            "unsupported-media-type",
            t("Format non pris en charge", "Unsupported format"),
            t(
                "Envoyez le corps en JSON (Content-Type: application/json).",
                "Send the body as JSON (Content-Type: application/json).",
            ),
        ),
        OpError::MethodNotAllowed => (
            405,
            "method-not-allowed",
            t("Méthode non permise", "Method not allowed"),
            t(
                "Cette adresse existe, mais pas avec cette méthode HTTP (voir l'en-tête Allow).",
                "This address exists, but not with this HTTP method (see the Allow header).",
            ),
        ),
        OpError::Unavailable(_) => (
            503,
            "unavailable",
            t(
                "Service momentanément indisponible",
                "Service temporarily unavailable",
            ),
            t(
                "Le service est momentanément indisponible ; rien n'a été modifié. Réessayez dans un instant.",
                "The service is temporarily unavailable; nothing was changed. Try again in a moment.",
            ),
        ),
        OpError::Refused(problem) => {
            let locale = if fr { Locale::Fr } else { Locale::En };
            (
                problem.status(),
                problem.slug(),
                problem.title(locale),
                problem.detail(locale),
            )
        }
        OpError::Internal(_) => (
            500,
            "internal",
            t("Erreur interne", "Internal error"),
            t(
                "Une erreur inattendue est survenue.",
                "An unexpected error occurred.",
            ),
        ),
    }
}

/// The problem document of an error, in the caller's language.
pub fn render(error: &OpError, locale: Locale) -> (u16, Value) {
    let fr = locale == Locale::Fr;
    let (status, slug, title, detail) = describe(error, fr);
    let errors = match error {
        OpError::Validation(v) => Some(
            v.0.iter()
                .map(|e| FieldProblem {
                    field: e.field.clone(),
                    code: serde_json::to_value(e.code)
                        .ok()
                        .and_then(|c| c.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    message: e.code.message(fr).to_string(),
                })
                .collect(),
        ),
        _ => None,
    };
    let (permission, establishment) = match error {
        OpError::GrantRefused(
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
        ) => (Some(*permission), Some(establishment.clone())),
        _ => (None, None),
    };
    let problem = Problem {
        kind: format!("{TYPE_PREFIX}{slug}"),
        title,
        status,
        detail,
        errors,
        permission,
        establishment,
        retryable: (matches!(error, OpError::Unavailable(_) | OpError::RequestInProgress)
            || matches!(error, OpError::Refused(problem) if problem.retryable()))
        .then_some(true),
    };
    (
        status,
        serde_json::to_value(problem).unwrap_or_else(|_| json!({"status": status})),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::errors::{FieldCode, ValidationErrors};

    #[test]
    fn problems_are_localised_with_stable_types() {
        let (status, fr) = render(&OpError::EmailTaken, Locale::Fr);
        let (_, en) = render(&OpError::EmailTaken, Locale::En);
        assert_eq!(status, 409);
        assert_eq!(fr["type"], "urn:sesame:problem:email-taken");
        assert_eq!(fr["type"], en["type"]);
        assert_ne!(fr["detail"], en["detail"]);
    }

    #[test]
    fn validation_lists_every_field() {
        let mut v = ValidationErrors::default();
        v.push("email", FieldCode::InvalidEmail);
        v.push("phone", FieldCode::Required);
        let (status, body) = render(&OpError::Validation(v), Locale::Fr);
        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["field"], "email");
        assert_eq!(body["errors"][1]["code"], "required");
        assert_eq!(body["errors"][1]["message"], "Ce champ est obligatoire.");
    }

    #[test]
    fn expired_and_invalid_links_differ() {
        use crate::domain::accounts::invitation::TokenRefusal;
        use crate::operations::accounts::errors::AccountsError;
        let (a, x) = render(
            &AccountsError::Token(TokenRefusal::Expired).into(),
            Locale::Fr,
        );
        let (b, y) = render(
            &AccountsError::Token(TokenRefusal::Invalid).into(),
            Locale::Fr,
        );
        assert_ne!(a, b);
        assert_ne!(x["type"], y["type"]);
    }
}
