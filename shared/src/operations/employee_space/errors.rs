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
    /// The leave takes more than the chosen bank's balance, and the
    /// organisation does not let banks go negative (minutes).
    #[error("leave of {minutes} min beyond a balance of {balance_minutes} min")]
    LeaveExceedsBalance { balance_minutes: i64, minutes: i64 },
    /// At approval, the employee's balance no longer covers the leave (an
    /// approval of another leave took from it meanwhile): nothing changed.
    #[error("the balance no longer covers the leave")]
    BalanceNoLongerCovers,
    /// The bank is archived: nothing moves its balances any more.
    #[error("the bank of hours is archived")]
    BankArchived,
    /// The employee already has her opening balance in this bank.
    #[error("the opening balance is already set")]
    OpeningAlreadySet,
    /// A manager's adjustment would take the balance below zero, and the
    /// organisation does not let banks go negative: nothing changed.
    #[error("the adjustment would take the balance below zero")]
    AdjustmentBelowZero,
}

impl Problem for EmployeeSpaceError {
    fn status(&self) -> u16 {
        match self {
            EmployeeSpaceError::FeatureDisabled(_) => 403,
            EmployeeSpaceError::AlreadyDecided
            | EmployeeSpaceError::FileNotUploaded
            | EmployeeSpaceError::FileMismatch
            | EmployeeSpaceError::LeaveExceedsBalance { .. }
            | EmployeeSpaceError::BalanceNoLongerCovers
            | EmployeeSpaceError::BankArchived
            | EmployeeSpaceError::OpeningAlreadySet
            | EmployeeSpaceError::AdjustmentBelowZero => 409,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            EmployeeSpaceError::FeatureDisabled(_) => "feature-disabled",
            EmployeeSpaceError::AlreadyDecided => "already-decided",
            EmployeeSpaceError::FileNotUploaded => "file-not-uploaded",
            EmployeeSpaceError::FileMismatch => "file-mismatch",
            EmployeeSpaceError::LeaveExceedsBalance { .. } => "leave-exceeds-balance",
            EmployeeSpaceError::BalanceNoLongerCovers => "balance-no-longer-covers",
            EmployeeSpaceError::BankArchived => "bank-archived",
            EmployeeSpaceError::OpeningAlreadySet => "opening-already-set",
            EmployeeSpaceError::AdjustmentBelowZero => "adjustment-below-zero",
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
            EmployeeSpaceError::LeaveExceedsBalance {
                balance_minutes,
                minutes,
            } => {
                let hours = |m: i64| {
                    let h = crate::domain::replacements::replacement::format_hours(m);
                    if locale == Locale::Fr {
                        h
                    } else {
                        h.replace(',', ".")
                    }
                };
                vec![
                    ("hours", hours(*minutes)),
                    ("balance", hours(*balance_minutes)),
                    ("after", hours(balance_minutes - minutes)),
                ]
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
            EmployeeSpaceError::LeaveExceedsBalance {
                balance_minutes: 600,
                minutes: 1050,
            },
            EmployeeSpaceError::BalanceNoLongerCovers,
            EmployeeSpaceError::BankArchived,
            EmployeeSpaceError::OpeningAlreadySet,
            EmployeeSpaceError::AdjustmentBelowZero,
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
                EmployeeSpaceError::LeaveExceedsBalance { .. } => (409, "leave-exceeds-balance"),
                EmployeeSpaceError::BalanceNoLongerCovers => (409, "balance-no-longer-covers"),
                EmployeeSpaceError::BankArchived => (409, "bank-archived"),
                EmployeeSpaceError::OpeningAlreadySet => (409, "opening-already-set"),
                EmployeeSpaceError::AdjustmentBelowZero => (409, "adjustment-below-zero"),
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
    fn a_leave_beyond_the_balance_says_how_many_hours_against_what_balance() {
        let error = EmployeeSpaceError::LeaveExceedsBalance {
            balance_minutes: 600,
            minutes: 1050,
        };
        let fr = error.detail(Locale::Fr);
        assert!(fr.contains("17,50 h") && fr.contains("10,00 h"), "{fr}");
        assert!(fr.contains("-7,50 h"), "{fr}");
        let en = error.detail(Locale::En);
        assert!(en.contains("17.50 h") && en.contains("10.00 h"), "{en}");
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
