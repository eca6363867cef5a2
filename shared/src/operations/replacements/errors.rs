//! The refusals of the replacements context's rules, with their problem
//! documents (rendered by `http/problem.rs` through [`Problem`]).

use crate::domain::locale::Locale;
use crate::domain::replacements::replacement::{RequestStatus, RequestTransitionError};
use crate::operations::OpError;
use crate::operations::error::{Catalogue, Problem};
use std::sync::LazyLock;
use thiserror::Error;

/// The titles and details, in French and English.
static TEXTS: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::parse(include_str!("errors.json")));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReplacementsError {
    /// The request's status does not allow the action (409, naming it).
    #[error("the request is {0:?}")]
    WrongRequestStatus(RequestStatus),
    /// The worker has a replacement on an overlapping shift.
    #[error("the worker is booked on an overlapping shift")]
    WorkerBooked,
    /// Hours are submitted once the last shift has ended (409, saying
    /// when: the organisation's local date and time).
    #[error("the last shift ends at {0}")]
    TimesheetTooEarly(jiff::civil::DateTime),
    /// Nobody matches who was not offered the request already (or the
    /// round is full).
    #[error("no one to offer the request to")]
    NoOneToOffer,
    /// Her offer is no longer open: answered, or someone else took it.
    #[error("the offer is {0:?}")]
    OfferNotOpen(crate::domain::replacements::offers::OfferStatus),
    /// Another worker accepted at the same moment, first.
    #[error("the replacement was taken")]
    OfferTaken,
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
            ReplacementsError::TimesheetTooEarly(_) => "timesheet-too-early",
            ReplacementsError::NoOneToOffer => "no-one-to-offer",
            ReplacementsError::OfferNotOpen(_) => "offer-not-open",
            ReplacementsError::OfferTaken => "offer-taken",
        }
    }

    fn catalogue(&self) -> &'static Catalogue {
        &TEXTS
    }

    /// The status as the API writes it.
    fn detail_values(&self, _locale: Locale) -> Vec<(&'static str, String)> {
        match self {
            ReplacementsError::WrongRequestStatus(status) => {
                let name = serde_json::to_value(status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                vec![("status", name)]
            }
            ReplacementsError::WorkerBooked
            | ReplacementsError::NoOneToOffer
            | ReplacementsError::OfferTaken => Vec::new(),
            ReplacementsError::OfferNotOpen(status) => {
                let said = match (status, _locale) {
                    (crate::domain::replacements::offers::OfferStatus::Accepted, Locale::Fr) => {
                        "vous l'avez acceptée"
                    }
                    (crate::domain::replacements::offers::OfferStatus::Accepted, Locale::En) => {
                        "you accepted it"
                    }
                    (crate::domain::replacements::offers::OfferStatus::Declined, Locale::Fr) => {
                        "vous l'avez refusée"
                    }
                    (crate::domain::replacements::offers::OfferStatus::Declined, Locale::En) => {
                        "you declined it"
                    }
                    (_, Locale::Fr) => "le remplacement a été pris ou n'est plus demandé",
                    (_, Locale::En) => "the replacement was taken or is no longer requested",
                };
                vec![("why", said.to_string())]
            }
            ReplacementsError::TimesheetTooEarly(end) => vec![
                ("date", end.date().to_string()),
                ("time", end.time().strftime("%H:%M").to_string()),
            ],
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
            (
                ReplacementsError::TimesheetTooEarly(
                    jiff::civil::date(2026, 12, 11).at(16, 0, 0, 0),
                ),
                "timesheet-too-early",
            ),
            (ReplacementsError::NoOneToOffer, "no-one-to-offer"),
            (
                ReplacementsError::OfferNotOpen(
                    crate::domain::replacements::offers::OfferStatus::Closed,
                ),
                "offer-not-open",
            ),
            (ReplacementsError::OfferTaken, "offer-taken"),
        ];
        for (error, slug) in all {
            assert_eq!(error.status(), 409, "{error:?}");
            assert_eq!(error.slug(), slug);
            assert!(!error.retryable());
        }
        crate::operations::error::catalogue_covers(&TEXTS, &all.map(|(error, _)| error));
    }

    #[test]
    fn a_wrong_status_is_named_as_the_api_writes_it() {
        let error = ReplacementsError::WrongRequestStatus(RequestStatus::TimesheetSubmitted);
        assert!(error.detail(Locale::Fr).contains("« timesheet_submitted »"));
        assert!(error.detail(Locale::En).contains("\"timesheet_submitted\""));
    }

    #[test]
    fn too_early_hours_say_when_they_may_be_submitted() {
        let error =
            ReplacementsError::TimesheetTooEarly(jiff::civil::date(2026, 12, 11).at(16, 0, 0, 0));
        assert!(error.detail(Locale::Fr).contains("2026-12-11 à 16:00"));
        assert!(error.detail(Locale::En).contains("2026-12-11 at 16:00"));
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
