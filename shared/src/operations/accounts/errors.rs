//! The accounts context's refusals (rendered by `http/problem.rs` through
//! [`Problem`]).

use crate::domain::accounts::invitation::TokenRefusal;
use crate::domain::accounts::password;
use crate::domain::locale::Locale;
use crate::operations::error::{Catalogue, Problem};
use std::sync::LazyLock;

/// The titles and details (but the password policy's), in French and
/// English.
static TEXTS: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::parse(include_str!("errors.json")));

/// What the accounts context's rules refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountsError {
    /// A single-use link refused: invalid, expired, used, in use, replaced.
    #[error("link token refused: {0:?}")]
    Token(TokenRefusal),
    /// The first of two activation emails opened again: the address is
    /// confirmed already and the second email was sent.
    #[error("address already confirmed")]
    AddressAlreadyConfirmed,
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
    /// No refresh cookie, or one the directory no longer honours.
    #[error("session ended")]
    SessionEnded,
    /// The password was right; the authenticator app's code is asked.
    #[error("authenticator code required")]
    MfaRequired,
    /// The password was right; a code was texted to the authentication
    /// phone ending with these four digits, asked next.
    #[error("code texted")]
    MfaSmsSent([char; 4]),
    /// A wrong authenticator code or recovery code (counted as a wrong
    /// password).
    #[error("wrong authenticator code")]
    MfaCodeInvalid,
    /// The authenticator app is already on (turn it off to enrol another).
    #[error("authenticator app already on")]
    MfaAlreadyOn,
    /// A texted code to confirm, but no phone was given first.
    #[error("no phone to confirm")]
    SmsNotStarted,
    /// The organisation (or a manager, for her) requires a second factor
    /// she has not set up: every organisation route is refused until she
    /// enrols (her own account's routes stay open).
    #[error("second factor to set up")]
    MfaEnrolmentRequired,
}

impl Problem for AccountsError {
    fn status(&self) -> u16 {
        match self {
            AccountsError::Token(TokenRefusal::Invalid) => 400,
            AccountsError::Token(TokenRefusal::InUse) => 409,
            AccountsError::Token(
                TokenRefusal::Expired | TokenRefusal::Used | TokenRefusal::Superseded,
            ) => 410,
            AccountsError::AddressAlreadyConfirmed => 410,
            AccountsError::InvalidCredentials => 401,
            AccountsError::AccountDisabled => 403,
            AccountsError::TooManyAttempts => 429,
            AccountsError::SecurityKeysRefused | AccountsError::PasswordPolicy => 422,
            AccountsError::SecurityKeysMissing => 409,
            AccountsError::SessionEnded
            | AccountsError::MfaRequired
            | AccountsError::MfaSmsSent(_)
            | AccountsError::MfaCodeInvalid => 401,
            AccountsError::MfaAlreadyOn | AccountsError::SmsNotStarted => 409,
            AccountsError::MfaEnrolmentRequired => 403,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            AccountsError::Token(TokenRefusal::Invalid) => "link-invalid",
            AccountsError::Token(TokenRefusal::Expired) => "link-expired",
            AccountsError::Token(TokenRefusal::Used) => "link-used",
            AccountsError::Token(TokenRefusal::InUse) => "link-in-use",
            AccountsError::Token(TokenRefusal::Superseded) => "link-replaced",
            AccountsError::AddressAlreadyConfirmed => "address-already-confirmed",
            AccountsError::InvalidCredentials => "invalid-credentials",
            AccountsError::AccountDisabled => "account-disabled",
            AccountsError::TooManyAttempts => "too-many-attempts",
            AccountsError::SecurityKeysRefused => "security-keys-refused",
            AccountsError::SecurityKeysMissing => "security-keys-missing",
            AccountsError::PasswordPolicy => "password-policy",
            AccountsError::SessionEnded => "session-ended",
            AccountsError::MfaRequired => "mfa-required",
            AccountsError::MfaSmsSent(_) => "mfa-sms-sent",
            AccountsError::MfaCodeInvalid => "mfa-code-invalid",
            AccountsError::MfaAlreadyOn => "mfa-already-on",
            AccountsError::MfaEnrolmentRequired => "mfa-enrolment-required",
            AccountsError::SmsNotStarted => "mfa-sms-not-started",
        }
    }

    fn catalogue(&self) -> &'static Catalogue {
        &TEXTS
    }

    fn detail_values(&self, _locale: Locale) -> Vec<(&'static str, String)> {
        match self {
            AccountsError::MfaSmsSent(digits) => vec![("digits", digits.iter().collect())],
            _ => Vec::new(),
        }
    }

    fn detail(&self, locale: Locale) -> String {
        match self {
            AccountsError::PasswordPolicy => password::describe(locale == Locale::Fr),
            _ => TEXTS.detail(self.slug(), locale, &self.detail_values(locale)),
        }
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
            AccountsError::AddressAlreadyConfirmed,
            AccountsError::InvalidCredentials,
            AccountsError::AccountDisabled,
            AccountsError::TooManyAttempts,
            AccountsError::SecurityKeysRefused,
            AccountsError::SecurityKeysMissing,
            AccountsError::PasswordPolicy,
            AccountsError::SessionEnded,
            AccountsError::MfaRequired,
            AccountsError::MfaSmsSent(['0', '1', '2', '3']),
            AccountsError::MfaCodeInvalid,
            AccountsError::MfaAlreadyOn,
            AccountsError::MfaEnrolmentRequired,
            AccountsError::SmsNotStarted,
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
                AccountsError::AddressAlreadyConfirmed => (410, "address-already-confirmed"),
                AccountsError::InvalidCredentials => (401, "invalid-credentials"),
                AccountsError::AccountDisabled => (403, "account-disabled"),
                AccountsError::TooManyAttempts => (429, "too-many-attempts"),
                AccountsError::SecurityKeysRefused => (422, "security-keys-refused"),
                AccountsError::SecurityKeysMissing => (409, "security-keys-missing"),
                AccountsError::PasswordPolicy => (422, "password-policy"),
                AccountsError::SessionEnded => (401, "session-ended"),
                AccountsError::MfaRequired => (401, "mfa-required"),
                AccountsError::MfaSmsSent(_) => (401, "mfa-sms-sent"),
                AccountsError::MfaCodeInvalid => (401, "mfa-code-invalid"),
                AccountsError::MfaAlreadyOn => (409, "mfa-already-on"),
                AccountsError::MfaEnrolmentRequired => (403, "mfa-enrolment-required"),
                AccountsError::SmsNotStarted => (409, "mfa-sms-not-started"),
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
    fn every_refusal_and_only_they_have_texts_in_french_and_in_english() {
        crate::operations::error::catalogue_covers(&TEXTS, &every());
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
    fn the_texted_code_names_the_last_four_digits_only() {
        let sent = OpError::from(AccountsError::MfaSmsSent(['0', '1', '2', '3']));
        let (status, body) = render(&sent, Locale::Fr);
        assert_eq!(status, 401);
        assert_eq!(body["type"], "urn:sesame:problem:mfa-sms-sent");
        assert!(body["detail"].as_str().unwrap().contains("0123"), "{body}");
        let (_, body) = render(&sent, Locale::En);
        assert!(body["detail"].as_str().unwrap().contains("0123"), "{body}");
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
