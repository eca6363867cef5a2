//! Errors as `application/problem+json` (RFC 9457): a stable `type` per
//! error, French or English text by `Accept-Language`, field errors listed.

use crate::domain::locale::Locale;
use crate::domain::people::permission::Permission;
use crate::operations::OpError;
use crate::operations::people::errors::PeopleError;
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
        OpError::NotThroughEdge => (
            403,
            "direct-access",
            t("Adresse non servie", "Address not served"),
            t(
                "Cette adresse ne sert pas directement : passez par l'adresse du portail.",
                "This address is not served directly: use the portal's address.",
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
        OpError::VersionConflict => (
            409,
            "version-conflict",
            t("Modifié entre-temps", "Changed meanwhile"),
            t(
                "Quelqu'un d'autre a modifié ces données entre-temps. Rechargez puis réessayez.",
                "Someone else changed this data meanwhile. Reload and try again.",
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
    let (permission, establishment) = match error
        .refusal::<PeopleError>()
        .and_then(PeopleError::refused_grant)
    {
        Some((permission, establishment)) => (Some(permission), Some(establishment.to_string())),
        None => (None, None),
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
        let (status, fr) = render(&PeopleError::EmailTaken.into(), Locale::Fr);
        let (_, en) = render(&PeopleError::EmailTaken.into(), Locale::En);
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
