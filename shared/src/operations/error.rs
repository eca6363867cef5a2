use crate::domain::errors::ValidationErrors;
use crate::domain::locale::Locale;
use crate::domain::people::membership::TransitionError;
use crate::operations::accounts::errors::AccountsError;
use crate::ports::{DirectoryError, StoreError, VerifyError};
use serde::Deserialize;
use std::collections::BTreeMap;
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
    /// Sent to the API's own address instead of the portal's (without the
    /// header CloudFront adds).
    #[error("not through the portal's address")]
    NotThroughEdge,
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
///
/// The texts are the context's [`Catalogue`], found by slug: an
/// implementation names its catalogue and, for a detail with placeholders,
/// their values.
pub trait Problem: std::any::Any + std::fmt::Debug + Send + Sync {
    fn status(&self) -> u16;
    /// The stable slug of the problem's type.
    fn slug(&self) -> &'static str;
    /// The context's texts (`operations/<context>/errors.json`).
    fn catalogue(&self) -> &'static Catalogue;
    /// The values of the detail's placeholders (`{name}`), in the locale.
    fn detail_values(&self, _locale: Locale) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    fn title(&self, locale: Locale) -> String {
        self.catalogue().title(self.slug(), locale)
    }
    fn detail(&self, locale: Locale) -> String {
        let values = self.detail_values(locale);
        self.catalogue().detail(self.slug(), locale, &values)
    }
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

impl From<crate::ports::CipherError> for OpError {
    fn from(e: crate::ports::CipherError) -> Self {
        match e {
            crate::ports::CipherError::Unavailable(m) => OpError::Unavailable(m),
            // A sealed value that does not open with its item's context
            // (copied from another's, altered): never answered as data.
            crate::ports::CipherError::Refused(m) => OpError::Internal(m),
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
            DirectoryError::WrongCode => AccountsError::MfaCodeInvalid.into(),
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

/// A context's refusal texts in French and English, keyed by problem
/// slug: a title for each, and a detail for each whose detail is not
/// written by code. A detail may hold placeholders, `{name}`, that the
/// problem fills ([`Problem::detail_values`]).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Catalogue(BTreeMap<String, Texts>);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    title: Bilingual,
    detail: Option<Bilingual>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bilingual {
    fr: String,
    en: String,
}

impl Bilingual {
    fn pick(&self, locale: Locale) -> &str {
        locale.pick(&self.fr, &self.en)
    }
}

impl Catalogue {
    /// Reads a catalogue (a context's `errors.json`, built in). A malformed
    /// one is a defect of the build: every context's tests read theirs.
    pub fn parse(json: &str) -> Catalogue {
        serde_json::from_str(json).expect("a refusal catalogue is valid JSON of titles and details")
    }

    fn texts(&self, slug: &str) -> &Texts {
        self.0
            .get(slug)
            .unwrap_or_else(|| panic!("no texts for the problem {slug:?}"))
    }

    /// The title of the problem `slug`.
    pub fn title(&self, slug: &str, locale: Locale) -> String {
        self.texts(slug).title.pick(locale).to_string()
    }

    /// The detail of the problem `slug`, its placeholders filled.
    pub fn detail(&self, slug: &str, locale: Locale, values: &[(&str, String)]) -> String {
        let template = self
            .texts(slug)
            .detail
            .as_ref()
            .unwrap_or_else(|| panic!("no detail for the problem {slug:?}"))
            .pick(locale);
        fill(template, values)
    }

    /// The slugs it has texts for.
    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// Replaces each `{name}` of the template by its value, in one pass (a
/// value is never read as a template); an unknown `{…}` stays as written.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let value = rest.find('}').and_then(|close| {
            let name = &rest[1..close];
            let (_, value) = values.iter().find(|(n, _)| *n == name)?;
            Some((close, value))
        });
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &rest[close + 1..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Asserts that a refusal's title and detail are given, and differ, in
/// French and in English, every placeholder filled (every context's error
/// tests).
#[cfg(test)]
pub(crate) fn told_in_french_and_in_english(error: &dyn Problem) {
    let [title_fr, title_en, detail_fr, detail_en] = [
        error.title(Locale::Fr),
        error.title(Locale::En),
        error.detail(Locale::Fr),
        error.detail(Locale::En),
    ];
    for text in [&title_fr, &title_en, &detail_fr, &detail_en] {
        assert!(!text.trim().is_empty(), "{error:?}");
        assert!(!text.contains('{'), "{error:?}: {text}");
    }
    assert_ne!(title_fr, title_en, "{error:?}");
    assert_ne!(detail_fr, detail_en, "{error:?}");
}

/// Asserts that a catalogue has texts for exactly these problems (none
/// missing, none left over from a removed one).
#[cfg(test)]
pub(crate) fn catalogue_covers<P: Problem>(catalogue: &Catalogue, problems: &[P]) {
    let used: std::collections::BTreeSet<&str> = problems
        .iter()
        .map(|problem| {
            told_in_french_and_in_english(problem);
            problem.slug()
        })
        .collect();
    let known: std::collections::BTreeSet<&str> = catalogue.slugs().collect();
    assert_eq!(known, used);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        let values = [("a", "{b}".to_string()), ("b", "B".to_string())];
        assert_eq!(fill("x {a} y {b} {c} {", &values), "x {b} y B {c} {");
        assert_eq!(fill("no placeholder", &[]), "no placeholder");
        assert_eq!(fill("« {a} »", &values), "« {b} »");
    }

    #[test]
    fn a_catalogue_gives_title_and_filled_detail_by_slug() {
        let catalogue = Catalogue::parse(
            r#"{"s": {"title": {"fr": "T", "en": "E"},
                      "detail": {"fr": "n° {n}", "en": "no. {n}"}}}"#,
        );
        assert_eq!(catalogue.title("s", Locale::En), "E");
        let values = [("n", "7".to_string())];
        assert_eq!(catalogue.detail("s", Locale::Fr, &values), "n° 7");
        assert_eq!(catalogue.slugs().collect::<Vec<_>>(), ["s"]);
    }
}
