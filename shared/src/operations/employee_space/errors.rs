//! The employee space's refusals (rendered by `http/problem.rs` through
//! [`Problem`]).

use crate::domain::employee_space::employee::Feature;
use crate::domain::locale::Locale;
use crate::operations::error::{Catalogue, Problem};
use std::sync::LazyLock;

/// The titles and details, in French and English.
static TEXTS: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::parse(include_str!("errors.json")));

/// What the employee space's rules refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmployeeSpaceError {
    /// The organisation switched this employee-space feature off.
    #[error("feature {0:?} switched off")]
    FeatureDisabled(Feature),
    /// The request (or week, or access request) is no longer pending.
    #[error("already decided")]
    AlreadyDecided,
    #[error("the file was never uploaded")]
    FileNotUploaded,
    #[error("the uploaded file is not the declared one")]
    FileMismatch,
}

impl Problem for EmployeeSpaceError {
    fn status(&self) -> u16 {
        match self {
            EmployeeSpaceError::FeatureDisabled(_) => 403,
            EmployeeSpaceError::AlreadyDecided
            | EmployeeSpaceError::FileNotUploaded
            | EmployeeSpaceError::FileMismatch => 409,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            EmployeeSpaceError::FeatureDisabled(_) => "feature-disabled",
            EmployeeSpaceError::AlreadyDecided => "already-decided",
            EmployeeSpaceError::FileNotUploaded => "file-not-uploaded",
            EmployeeSpaceError::FileMismatch => "file-mismatch",
        }
    }

    fn catalogue(&self) -> &'static Catalogue {
        &TEXTS
    }

    fn detail_values(&self, locale: Locale) -> Vec<(&'static str, String)> {
        match self {
            EmployeeSpaceError::FeatureDisabled(feature) => {
                vec![("feature", feature.name(locale == Locale::Fr).to_string())]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::OpError;

    fn every() -> Vec<EmployeeSpaceError> {
        let mut all: Vec<EmployeeSpaceError> = Feature::ALL
            .into_iter()
            .map(EmployeeSpaceError::FeatureDisabled)
            .collect();
        all.extend([
            EmployeeSpaceError::AlreadyDecided,
            EmployeeSpaceError::FileNotUploaded,
            EmployeeSpaceError::FileMismatch,
        ]);
        all
    }

    #[test]
    fn every_refusal_has_its_status_and_stable_slug() {
        for error in every() {
            let expected = match error {
                EmployeeSpaceError::FeatureDisabled(_) => (403, "feature-disabled"),
                EmployeeSpaceError::AlreadyDecided => (409, "already-decided"),
                EmployeeSpaceError::FileNotUploaded => (409, "file-not-uploaded"),
                EmployeeSpaceError::FileMismatch => (409, "file-mismatch"),
            };
            assert_eq!((error.status(), error.slug()), expected, "{error:?}");
            assert!(!error.retryable(), "{error:?}");
        }
    }

    #[test]
    fn every_refusal_and_only_they_have_texts_in_french_and_in_english() {
        crate::operations::error::catalogue_covers(&TEXTS, &every());
    }

    #[test]
    fn a_disabled_feature_is_named_in_the_detail() {
        let error = EmployeeSpaceError::FeatureDisabled(Feature::ExpenseNotes);
        assert!(error.detail(Locale::Fr).contains("notes de frais"));
        assert!(error.detail(Locale::En).contains("expense notes"));
    }

    #[test]
    fn the_refusal_is_rendered_as_before() {
        let error: OpError = EmployeeSpaceError::AlreadyDecided.into();
        assert_eq!(
            error.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::AlreadyDecided)
        );
        let (status, body) = crate::http::problem::render(&error, Locale::En);
        assert_eq!(status, 409);
        assert_eq!(body["type"], "urn:sesame:problem:already-decided");
        assert_eq!(body["title"], "Request already decided");
        assert!(body.get("retryable").is_none());
    }
}
