//! The accounts context's refusals (rendered by `http/problem.rs` through
//! [`Problem`]).

use crate::domain::accounts::invitation::TokenRefusal;
use crate::domain::accounts::password;
use crate::domain::locale::Locale;
use crate::operations::error::Problem;

/// What the accounts context's rules refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountsError {
    /// A single-use link refused: invalid, expired, used, in use, replaced.
    #[error("link token refused: {0:?}")]
    Token(TokenRefusal),
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Every membership of the person is disabled: sign-in refused (said
    /// only to whoever gave the right password).
    #[error("account disabled everywhere")]
    AccountDisabled,
    /// Past the limit of attempts (retryable later).
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("security keys refused")]
    SecurityKeysRefused,
    #[error("security keys are required but not set")]
    SecurityKeysMissing,
    #[error("password policy")]
    PasswordPolicy,
}

impl Problem for AccountsError {
    fn status(&self) -> u16 {
        match self {
            AccountsError::Token(TokenRefusal::Invalid) => 400,
            AccountsError::Token(TokenRefusal::InUse) => 409,
            AccountsError::Token(
                TokenRefusal::Expired | TokenRefusal::Used | TokenRefusal::Superseded,
            ) => 410,
            AccountsError::InvalidCredentials => 401,
            AccountsError::AccountDisabled => 403,
            AccountsError::TooManyAttempts => 429,
            AccountsError::SecurityKeysRefused | AccountsError::PasswordPolicy => 422,
            AccountsError::SecurityKeysMissing => 409,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            AccountsError::Token(TokenRefusal::Invalid) => "link-invalid",
            AccountsError::Token(TokenRefusal::Expired) => "link-expired",
            AccountsError::Token(TokenRefusal::Used) => "link-used",
            AccountsError::Token(TokenRefusal::InUse) => "link-in-use",
            AccountsError::Token(TokenRefusal::Superseded) => "link-replaced",
            AccountsError::InvalidCredentials => "invalid-credentials",
            AccountsError::AccountDisabled => "account-disabled",
            AccountsError::TooManyAttempts => "too-many-attempts",
            AccountsError::SecurityKeysRefused => "security-keys-refused",
            AccountsError::SecurityKeysMissing => "security-keys-missing",
            AccountsError::PasswordPolicy => "password-policy",
        }
    }

    fn title(&self, locale: Locale) -> String {
        match self {
            AccountsError::Token(TokenRefusal::Invalid) => {
                locale.pick("Lien invalide", "Invalid link")
            }
            AccountsError::Token(TokenRefusal::Expired) => {
                locale.pick("Lien expiré", "Link expired")
            }
            AccountsError::Token(TokenRefusal::Used) => {
                locale.pick("Lien déjà utilisé", "Link already used")
            }
            AccountsError::Token(TokenRefusal::InUse) => {
                locale.pick("Lien en cours d'utilisation", "Link in use")
            }
            AccountsError::Token(TokenRefusal::Superseded) => {
                locale.pick("Lien remplacé", "Link replaced")
            }
            AccountsError::InvalidCredentials => {
                locale.pick("Connexion refusée", "Sign-in refused")
            }
            AccountsError::AccountDisabled => locale.pick("Compte désactivé", "Account disabled"),
            AccountsError::TooManyAttempts => {
                locale.pick("Trop de tentatives", "Too many attempts")
            }
            AccountsError::SecurityKeysRefused => locale.pick("Clés refusées", "Keys refused"),
            AccountsError::SecurityKeysMissing => {
                locale.pick("Clés de sécurité à définir", "Security keys to set")
            }
            AccountsError::PasswordPolicy => {
                locale.pick("Mot de passe trop faible", "Password too weak")
            }
        }
        .to_string()
    }

    fn detail(&self, locale: Locale) -> String {
        let text = match self {
            AccountsError::Token(TokenRefusal::Invalid) => locale.pick(
                "Ce lien n'est pas valide. Vérifiez que vous avez copié le lien complet, ou demandez un nouveau courriel à votre gestionnaire.",
                "This link is not valid. Check that you copied the whole link, or ask your manager for a new email.",
            ),
            AccountsError::Token(TokenRefusal::Expired) => locale.pick(
                "Ce lien a expiré. Demandez à votre gestionnaire de vous renvoyer le courriel d'activation.",
                "This link has expired. Ask your manager to send the activation email again.",
            ),
            AccountsError::Token(TokenRefusal::Used) => locale.pick(
                "Ce lien a déjà servi. Connectez-vous avec votre mot de passe.",
                "This link was already used. Sign in with your password.",
            ),
            AccountsError::Token(TokenRefusal::InUse) => locale.pick(
                "Ce lien est en train d'être utilisé dans une autre fenêtre ou par une autre demande. Attendez un instant : si cette utilisation aboutit, connectez-vous ; sinon, réessayez dans une minute.",
                "This link is being used right now, in another window or by another request. Wait a moment: if that use succeeds, sign in; otherwise try again in a minute.",
            ),
            AccountsError::Token(TokenRefusal::Superseded) => locale.pick(
                "Ce lien ne sert plus : un lien plus récent vous a été envoyé, ou le mot de passe a changé depuis. Utilisez le dernier courriel reçu ou demandez un nouveau lien.",
                "This link no longer works: a newer link was sent to you, or the password changed since. Use the latest email you received or ask for a new link.",
            ),
            AccountsError::InvalidCredentials => locale.pick(
                "Courriel ou mot de passe incorrect.",
                "Incorrect email or password.",
            ),
            AccountsError::AccountDisabled => locale.pick(
                "Votre compte est désactivé dans toutes vos organisations : vous ne pouvez pas vous connecter. Communiquez avec un gestionnaire de votre organisation.",
                "Your account is disabled in every one of your organisations: you cannot sign in. Contact a manager of your organisation.",
            ),
            AccountsError::TooManyAttempts => locale.pick(
                "Trop de tentatives en peu de temps. Patientez quelques minutes avant de réessayer.",
                "Too many attempts in a short time. Wait a few minutes before trying again.",
            ),
            AccountsError::SecurityKeysRefused => locale.pick(
                "Au moins une des clés de sécurité est incorrecte. Après cinq essais, l'invitation est bloquée.",
                "At least one of the security keys is wrong. After five attempts, the invitation is locked.",
            ),
            AccountsError::SecurityKeysMissing => locale.pick(
                "L'organisation exige des clés de sécurité : définissez la clé courriel de l'organisation et la question secrète de cette personne avant d'envoyer l'invitation.",
                "The organisation requires security keys: set the organisation's mail key and this person's secret question before sending the invitation.",
            ),
            AccountsError::PasswordPolicy => return password::describe(locale == Locale::Fr),
        };
        text.to_string()
    }

    fn retryable(&self) -> bool {
        matches!(self, AccountsError::TooManyAttempts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::problem::render;
    use crate::operations::OpError;

    fn every() -> Vec<AccountsError> {
        vec![
            AccountsError::Token(TokenRefusal::Invalid),
            AccountsError::Token(TokenRefusal::Expired),
            AccountsError::Token(TokenRefusal::Used),
            AccountsError::Token(TokenRefusal::InUse),
            AccountsError::Token(TokenRefusal::Superseded),
            AccountsError::InvalidCredentials,
            AccountsError::AccountDisabled,
            AccountsError::TooManyAttempts,
            AccountsError::SecurityKeysRefused,
            AccountsError::SecurityKeysMissing,
            AccountsError::PasswordPolicy,
        ]
    }

    #[test]
    fn every_refusal_has_its_status_and_stable_slug() {
        for error in every() {
            let expected = match error {
                AccountsError::Token(TokenRefusal::Invalid) => (400, "link-invalid"),
                AccountsError::Token(TokenRefusal::Expired) => (410, "link-expired"),
                AccountsError::Token(TokenRefusal::Used) => (410, "link-used"),
                AccountsError::Token(TokenRefusal::InUse) => (409, "link-in-use"),
                AccountsError::Token(TokenRefusal::Superseded) => (410, "link-replaced"),
                AccountsError::InvalidCredentials => (401, "invalid-credentials"),
                AccountsError::AccountDisabled => (403, "account-disabled"),
                AccountsError::TooManyAttempts => (429, "too-many-attempts"),
                AccountsError::SecurityKeysRefused => (422, "security-keys-refused"),
                AccountsError::SecurityKeysMissing => (409, "security-keys-missing"),
                AccountsError::PasswordPolicy => (422, "password-policy"),
            };
            assert_eq!((error.status(), error.slug()), expected, "{error:?}");
        }
    }

    #[test]
    fn only_too_many_attempts_may_be_retried() {
        for error in every() {
            assert_eq!(
                error.retryable(),
                error == AccountsError::TooManyAttempts,
                "{error:?}"
            );
        }
    }

    #[test]
    fn every_refusal_is_told_in_french_and_in_english() {
        for error in every() {
            crate::operations::error::told_in_french_and_in_english(&error);
        }
    }

    #[test]
    fn a_refusal_renders_as_its_problem_document() {
        let (status, body) = render(&OpError::from(AccountsError::TooManyAttempts), Locale::En);
        assert_eq!(status, 429);
        assert_eq!(body["type"], "urn:sesame:problem:too-many-attempts");
        assert_eq!(body["retryable"], true);
        let (status, body) = render(&AccountsError::PasswordPolicy.into(), Locale::Fr);
        assert_eq!(status, 422);
        assert_eq!(body["title"], "Mot de passe trop faible");
        assert!(body.get("retryable").is_none());
    }

    #[test]
    fn directory_refusals_become_accounts_refusals() {
        use crate::ports::DirectoryError;
        let policy = OpError::from(DirectoryError::PasswordPolicy);
        assert_eq!(policy.refusal(), Some(&AccountsError::PasswordPolicy));
        for error in [DirectoryError::InvalidCredentials, DirectoryError::Disabled] {
            let error = OpError::from(error);
            assert_eq!(error.refusal(), Some(&AccountsError::InvalidCredentials));
        }
    }
}
