use crate::domain::errors::ValidationErrors;
use crate::domain::people::membership::TransitionError;
use crate::operations::accounts::errors::AccountsError;
use crate::ports::{DirectoryError, StoreError, VerifyError};
use thiserror::Error;

/// Every way an operation can fail. The HTTP layer gives each a stable
/// problem `type`, a status and French/English text.
#[derive(Debug, Error)]
pub enum OpError {
    #[error("the body is not valid JSON for this operation: {0}")]
    InvalidBody(String),
    #[error("invalid fields")]
    Validation(#[from] ValidationErrors),
    #[error("no valid session")]
    Unauthenticated,
    #[error("permission missing")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("stale version")]
    VersionConflict,
    #[error("idempotency key reused with another body")]
    IdempotencyMismatch,
    #[error("the first request with this idempotency key is still running")]
    RequestInProgress,
    #[error("body too large")]
    PayloadTooLarge,
    #[error("body is not JSON")]
    UnsupportedMediaType,
    /// The path exists, not with this method (the router answers it).
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// A refusal of one context's rules (its own error enum, beside the
    /// context: `operations/<context>/errors.rs`), rendered by its
    /// [`Problem`] implementation.
    #[error("refused: {0:?}")]
    Refused(Box<dyn Problem>),
}

/// An error a context answers (the error policy, README "Errors"): an HTTP
/// status, a stable type (`urn:sesame:problem:<slug>`, never renamed once
/// published) and a title and detail in French and English that tell the
/// person what happened and what to do, never anything secret.
pub trait Problem: std::any::Any + std::fmt::Debug + Send + Sync {
    fn status(&self) -> u16;
    /// The stable slug of the problem's type.
    fn slug(&self) -> &'static str;
    fn title(&self, locale: crate::domain::locale::Locale) -> String;
    fn detail(&self, locale: crate::domain::locale::Locale) -> String;
    /// True when the same request may succeed later.
    fn retryable(&self) -> bool {
        false
    }
}

impl<P: Problem> From<P> for OpError {
    fn from(problem: P) -> OpError {
        OpError::Refused(Box::new(problem))
    }
}

impl OpError {
    /// The context refusal this error carries, as its own type.
    pub fn refusal<P: Problem>(&self) -> Option<&P> {
        match self {
            OpError::Refused(problem) => {
                (problem.as_ref() as &dyn std::any::Any).downcast_ref::<P>()
            }
            _ => None,
        }
    }
}

impl From<crate::domain::people::permission::GrantRefusal> for OpError {
    fn from(r: crate::domain::people::permission::GrantRefusal) -> Self {
        crate::operations::people::errors::PeopleError::GrantRefused(r).into()
    }
}

impl From<TransitionError> for OpError {
    fn from(e: TransitionError) -> Self {
        crate::operations::people::errors::PeopleError::InvalidTransition(e).into()
    }
}

impl From<StoreError> for OpError {
    fn from(e: StoreError) -> Self {
        match e {
            // Callers that expect a condition to fail map it themselves; a
            // stray one means someone changed the item meanwhile.
            StoreError::ConditionFailed { .. } => OpError::VersionConflict,
            StoreError::Unavailable(m) => OpError::Unavailable(m),
            StoreError::Invalid(m) => OpError::Internal(m),
        }
    }
}

impl From<DirectoryError> for OpError {
    fn from(e: DirectoryError) -> Self {
        match e {
            DirectoryError::PasswordPolicy => AccountsError::PasswordPolicy.into(),
            // Said as such only where the password was proved (sign-in).
            DirectoryError::InvalidCredentials | DirectoryError::Disabled => {
                AccountsError::InvalidCredentials.into()
            }
            DirectoryError::Unavailable(m) => OpError::Unavailable(m),
        }
    }
}

impl From<VerifyError> for OpError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Invalid(_) => OpError::Unauthenticated,
            VerifyError::Unavailable(m) => OpError::Unavailable(m),
        }
    }
}

/// Asserts that a refusal's title and detail are given, and differ, in
/// French and in English (every context's error tests).
#[cfg(test)]
pub(crate) fn told_in_french_and_in_english(error: &dyn Problem) {
    for text in [
        error.title(crate::domain::locale::Locale::Fr),
        error.title(crate::domain::locale::Locale::En),
        error.detail(crate::domain::locale::Locale::Fr),
        error.detail(crate::domain::locale::Locale::En),
    ] {
        assert!(!text.trim().is_empty(), "{error:?}");
    }
    assert_ne!(
        error.title(crate::domain::locale::Locale::Fr),
        error.title(crate::domain::locale::Locale::En),
        "{error:?}"
    );
    assert_ne!(
        error.detail(crate::domain::locale::Locale::Fr),
        error.detail(crate::domain::locale::Locale::En),
        "{error:?}"
    );
}
