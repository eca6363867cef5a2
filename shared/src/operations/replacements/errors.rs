//! The refusals of the replacements context's rules, with their problem
//! documents (rendered by `http/problem.rs` through [`Problem`]).

use crate::domain::locale::Locale;
use crate::domain::replacements::replacement::{RequestStatus, RequestTransitionError};
use crate::operations::OpError;
use crate::operations::error::Problem;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReplacementsError {
    /// The request's status does not allow the action (409, naming it).
    #[error("the request is {0:?}")]
    WrongRequestStatus(RequestStatus),
    /// The worker has a replacement on an overlapping shift.
    #[error("the worker is booked on an overlapping shift")]
    WorkerBooked,
}

impl From<RequestTransitionError> for ReplacementsError {
    fn from(e: RequestTransitionError) -> Self {
        ReplacementsError::WrongRequestStatus(e.from)
    }
}

impl From<RequestTransitionError> for OpError {
    fn from(e: RequestTransitionError) -> Self {
        ReplacementsError::from(e).into()
    }
}

impl Problem for ReplacementsError {
    fn status(&self) -> u16 {
        409
    }

    fn slug(&self) -> &'static str {
        match self {
            ReplacementsError::WrongRequestStatus(_) => "wrong-request-status",
            ReplacementsError::WorkerBooked => "worker-booked",
        }
    }

    fn title(&self, locale: Locale) -> String {
        match self {
            ReplacementsError::WrongRequestStatus(_) => locale.pick(
                "Action impossible à ce statut",
                "Not possible in this status",
            ),
            ReplacementsError::WorkerBooked => {
                locale.pick("Remplaçante déjà réservée", "Worker already booked")
            }
        }
        .to_string()
    }

    fn detail(&self, locale: Locale) -> String {
        match self {
            ReplacementsError::WrongRequestStatus(status) => {
                let name = serde_json::to_value(status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                match locale {
                    Locale::Fr => format!(
                        "Cette demande est au statut « {name} » : cette action n'y est pas permise."
                    ),
                    Locale::En => format!(
                        "This request is \"{name}\": this action is not allowed in that status."
                    ),
                }
            }
            ReplacementsError::WorkerBooked => locale
                .pick(
                    "Cette personne a déjà un remplacement aux mêmes heures ces jours-là.",
                    "This person already has a replacement at the same hours on those days.",
                )
                .to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_its_status_slug_and_two_languages() {
        let all = [
            (
                ReplacementsError::WrongRequestStatus(RequestStatus::Assigned),
                "wrong-request-status",
            ),
            (ReplacementsError::WorkerBooked, "worker-booked"),
        ];
        for (error, slug) in all {
            assert_eq!(error.status(), 409, "{error:?}");
            assert_eq!(error.slug(), slug);
            assert!(!error.retryable());
            crate::operations::error::told_in_french_and_in_english(&error);
        }
    }

    #[test]
    fn a_wrong_status_is_named_as_the_api_writes_it() {
        let error = ReplacementsError::WrongRequestStatus(RequestStatus::TimesheetSubmitted);
        assert!(error.detail(Locale::Fr).contains("« timesheet_submitted »"));
        assert!(error.detail(Locale::En).contains("\"timesheet_submitted\""));
    }

    #[test]
    fn a_refused_transition_is_a_wrong_status_refusal() {
        let e = RequestStatus::Approved
            .apply(crate::domain::replacements::replacement::RequestEvent::Approve)
            .unwrap_err();
        let error = OpError::from(e);
        assert_eq!(
            error.refusal::<ReplacementsError>(),
            Some(&ReplacementsError::WrongRequestStatus(
                RequestStatus::Approved
            ))
        );
    }
}
