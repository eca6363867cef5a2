//! The organisation context's refusals (rendered by `http/problem.rs`
//! through [`Problem`]).

use crate::operations::error::{Catalogue, Problem};
use std::sync::LazyLock;

/// The titles and details, in French and English.
static TEXTS: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::parse(include_str!("errors.json")));

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

    fn catalogue(&self) -> &'static Catalogue {
        &TEXTS
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
    fn every_refusal_and_only_they_have_texts_in_french_and_in_english() {
        crate::operations::error::catalogue_covers(&TEXTS, &EVERY);
    }
}
