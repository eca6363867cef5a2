//! The organisation context's refusals (rendered by `http/problem.rs`
//! through [`Problem`]).

use crate::domain::locale::Locale;
use crate::operations::error::Problem;

/// What the organisation context's rules refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationError {
    /// Another organisation already has this identifier.
    #[error("organisation identifier taken")]
    IdentifierTaken,
}

impl Problem for OrganisationError {
    fn status(&self) -> u16 {
        match self {
            OrganisationError::IdentifierTaken => 409,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            OrganisationError::IdentifierTaken => "identifier-taken",
        }
    }

    fn title(&self, locale: Locale) -> String {
        match self {
            OrganisationError::IdentifierTaken => {
                locale.pick("Identifiant déjà utilisé", "Identifier taken")
            }
        }
        .to_string()
    }

    fn detail(&self, locale: Locale) -> String {
        match self {
            OrganisationError::IdentifierTaken => locale.pick(
                "Une autre organisation porte déjà cet identifiant.",
                "Another organisation already has this identifier.",
            ),
        }
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY: [OrganisationError; 1] = [OrganisationError::IdentifierTaken];

    #[test]
    fn every_refusal_has_its_status_and_stable_slug() {
        for error in EVERY {
            let expected = match error {
                OrganisationError::IdentifierTaken => (409, "identifier-taken"),
            };
            assert_eq!((error.status(), error.slug()), expected, "{error:?}");
            assert!(!error.retryable(), "{error:?}");
        }
    }

    #[test]
    fn every_refusal_is_told_in_french_and_in_english() {
        for error in EVERY {
            crate::operations::error::told_in_french_and_in_english(&error);
        }
    }
}
