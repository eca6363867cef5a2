//! The employee space's refusals (rendered by `http/problem.rs` through
//! [`Problem`]).

use crate::domain::employee_space::employee::Feature;
use crate::domain::locale::Locale;
use crate::operations::error::Problem;

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

    fn title(&self, locale: Locale) -> String {
        match self {
            EmployeeSpaceError::FeatureDisabled(_) => {
                locale.pick("Fonctionnalité désactivée", "Feature switched off")
            }
            EmployeeSpaceError::AlreadyDecided => {
                locale.pick("Demande déjà traitée", "Request already decided")
            }
            EmployeeSpaceError::FileNotUploaded => {
                locale.pick("Fichier pas encore téléversé", "File not uploaded yet")
            }
            EmployeeSpaceError::FileMismatch => locale.pick("Fichier refusé", "File refused"),
        }
        .to_string()
    }

    fn detail(&self, locale: Locale) -> String {
        match self {
            EmployeeSpaceError::FeatureDisabled(feature) => match locale {
                Locale::Fr => format!(
                    "Votre organisation n'a pas activé les {} dans l'espace collaborateur.",
                    feature.name(true)
                ),
                Locale::En => format!(
                    "Your organisation has not switched on {} in the employee space.",
                    feature.name(false)
                ),
            },
            EmployeeSpaceError::AlreadyDecided => locale
                .pick(
                    "Cette demande a déjà été acceptée ou refusée.",
                    "This request was already approved or refused.",
                )
                .to_string(),
            EmployeeSpaceError::FileNotUploaded => locale
                .pick(
                    "Le fichier n'a pas encore été téléversé : utilisez d'abord l'adresse de téléversement reçue.",
                    "The file has not been uploaded yet: use the upload URL you received first.",
                )
                .to_string(),
            EmployeeSpaceError::FileMismatch => locale
                .pick(
                    "Le fichier téléversé n'a pas la taille ou le type annoncés : il n'est pas servi. Déclarez-le de nouveau puis téléversez-le.",
                    "The uploaded file does not have the declared size or type: it is not served. Declare it again, then upload it.",
                )
                .to_string(),
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
    fn every_refusal_is_told_in_french_and_in_english() {
        for error in every() {
            crate::operations::error::told_in_french_and_in_english(&error);
        }
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
