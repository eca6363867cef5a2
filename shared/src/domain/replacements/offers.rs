//! Offers of a replacement to the workers it matches (issue 21): one round
//! per request holds every offer made, in waves — those preferring the
//! installation first, then every other match — and each answer. The round
//! is the single record an acceptance changes with the request, on both
//! versions: of any number of acceptances at once, one wins; the others'
//! offers close. A worker offered once (declined, closed) is not offered
//! the same request again. Pure: no I/O.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Offers a round holds at most: an acceptance closes the others in its
/// one transaction (two writes each: the round's entry is one, the email
/// another), within DynamoDB's 100 items.
pub const MAX_OFFERS: usize = 40;

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    /// Sent, not answered.
    Open,
    /// She accepted first: the replacement is hers.
    Accepted,
    /// She declined (with her reason, if she gave one).
    Declined,
    /// Someone else accepted, or the request was assigned, cancelled or
    /// marked unfilled, before she answered.
    Closed,
}

/// One worker's offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferEntry {
    pub worker_id: String,
    pub first_name: String,
    pub last_name: String,
    /// 1: she prefers the installation; 2: every other match.
    pub wave: u8,
    pub offered_at: jiff::Timestamp,
    pub status: OfferStatus,
    pub reason: Option<String>,
    pub answered_at: Option<jiff::Timestamp>,
}

/// Every offer of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRound {
    pub org_id: String,
    pub replacement_id: String,
    /// The last wave sent.
    pub wave: u8,
    pub offers: Vec<OfferEntry>,
    /// What the schedule does next, and when (none once filled, closed or
    /// the dispatcher alerted).
    #[serde(default)]
    pub next: Option<NextStep>,
    /// Who sent the first wave: the dispatcher alerted when nobody takes
    /// it.
    #[serde(default)]
    pub offered_by: Option<String>,
    /// When the dispatcher was told nobody took it.
    #[serde(default)]
    pub alerted_at: Option<jiff::Timestamp>,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

/// What the offer rounds' schedule does to a round once its time comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Offer it to every other match.
    SecondWave,
    /// Nobody took it: tell the dispatcher.
    AlertDispatch,
}

/// The round's next step and its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    pub step: Step,
    pub at: jiff::Timestamp,
}

/// Why an answer is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerRefusal {
    /// She was never offered this request.
    NotOffered,
    /// Her offer is no longer open (answered, or closed).
    NotOpen(OfferStatus),
}

impl OfferRound {
    pub fn new(org_id: &str, replacement_id: &str, now: jiff::Timestamp) -> OfferRound {
        OfferRound {
            org_id: org_id.into(),
            replacement_id: replacement_id.into(),
            wave: 0,
            offers: Vec::new(),
            next: None,
            offered_by: None,
            alerted_at: None,
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }

    /// Whether `worker` was ever offered the request (she is not again).
    pub fn offered(&self, worker: &str) -> bool {
        self.offers.iter().any(|o| o.worker_id == worker)
    }

    pub fn entry(&self, worker: &str) -> Option<&OfferEntry> {
        self.offers.iter().find(|o| o.worker_id == worker)
    }

    /// Room for more offers.
    pub fn room(&self) -> usize {
        MAX_OFFERS.saturating_sub(self.offers.len())
    }

    /// After wave `wave` went out at `now`: the second wave `delay` later,
    /// or, after it, the dispatcher's alert.
    pub fn schedule_after(&mut self, wave: u8, now: jiff::Timestamp, delay: jiff::SignedDuration) {
        let step = if wave < 2 {
            Step::SecondWave
        } else {
            Step::AlertDispatch
        };
        self.next = Some(NextStep {
            step,
            at: now.checked_add(delay).unwrap_or(now),
        });
    }

    /// The step due at `now`, if any.
    pub fn due(&self, now: jiff::Timestamp) -> Option<Step> {
        self.next.filter(|n| n.at <= now).map(|n| n.step)
    }

    /// Her answer: accepting closes every other open offer; declining keeps
    /// her reason. Refused unless her offer is open.
    pub fn answer(
        &mut self,
        worker: &str,
        accept: bool,
        reason: Option<String>,
        now: jiff::Timestamp,
    ) -> Result<(), AnswerRefusal> {
        let entry = self
            .offers
            .iter_mut()
            .find(|o| o.worker_id == worker)
            .ok_or(AnswerRefusal::NotOffered)?;
        if entry.status != OfferStatus::Open {
            return Err(AnswerRefusal::NotOpen(entry.status));
        }
        entry.status = if accept {
            OfferStatus::Accepted
        } else {
            OfferStatus::Declined
        };
        entry.reason = if accept { None } else { reason };
        entry.answered_at = Some(now);
        if accept {
            self.close_open(now);
        }
        self.updated_at = now;
        Ok(())
    }

    /// Closes every open offer (the request was filled, cancelled…): the
    /// workers whose offer it closed.
    pub fn close_open(&mut self, now: jiff::Timestamp) -> Vec<String> {
        self.next = None;
        let mut closed = Vec::new();
        for o in self
            .offers
            .iter_mut()
            .filter(|o| o.status == OfferStatus::Open)
        {
            o.status = OfferStatus::Closed;
            o.answered_at = Some(now);
            closed.push(o.worker_id.clone());
        }
        closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    fn round() -> OfferRound {
        let now = at("2026-12-01T06:00:00Z");
        let mut r = OfferRound::new("o", "r", now);
        for (id, wave) in [("a", 1), ("b", 1), ("c", 2)] {
            r.offers.push(OfferEntry {
                worker_id: id.into(),
                first_name: id.into(),
                last_name: "X".into(),
                wave,
                offered_at: now,
                status: OfferStatus::Open,
                reason: None,
                answered_at: None,
            });
        }
        r
    }

    #[test]
    fn the_second_wave_then_the_alert_come_after_the_delay() {
        let mut r = round();
        let sent = at("2026-12-01T06:00:00Z");
        let delay = jiff::SignedDuration::from_mins(20);
        r.schedule_after(1, sent, delay);
        assert_eq!(r.due(at("2026-12-01T06:19:59Z")), None);
        assert_eq!(r.due(at("2026-12-01T06:20:00Z")), Some(Step::SecondWave));
        r.schedule_after(2, at("2026-12-01T06:20:00Z"), delay);
        assert_eq!(r.due(at("2026-12-01T06:30:00Z")), None);
        assert_eq!(r.due(at("2026-12-01T06:40:00Z")), Some(Step::AlertDispatch));
        r.close_open(at("2026-12-01T06:41:00Z"));
        assert_eq!(r.due(at("2026-12-01T08:00:00Z")), None);
    }

    #[test]
    fn the_first_acceptance_closes_the_other_offers_and_answers_once() {
        let mut r = round();
        let later = at("2026-12-01T06:05:00Z");
        r.answer("c", false, Some("Trop loin".into()), later)
            .unwrap();
        r.answer("b", true, Some("ignored".into()), later).unwrap();
        let status: Vec<(&str, OfferStatus)> = r
            .offers
            .iter()
            .map(|o| (o.worker_id.as_str(), o.status))
            .collect();
        assert_eq!(
            status,
            [
                ("a", OfferStatus::Closed),
                ("b", OfferStatus::Accepted),
                ("c", OfferStatus::Declined)
            ]
        );
        assert_eq!(r.entry("c").unwrap().reason.as_deref(), Some("Trop loin"));
        assert_eq!(r.entry("b").unwrap().reason, None);
        assert_eq!(
            r.answer("a", true, None, later),
            Err(AnswerRefusal::NotOpen(OfferStatus::Closed))
        );
        assert_eq!(
            r.answer("b", false, None, later),
            Err(AnswerRefusal::NotOpen(OfferStatus::Accepted))
        );
        assert_eq!(
            r.answer("z", true, None, later),
            Err(AnswerRefusal::NotOffered)
        );
        assert!(r.offered("c") && !r.offered("z"));
        // Filled: the schedule has nothing left to do.
        assert_eq!(r.next, None);
        assert_eq!(r.room(), MAX_OFFERS - 3);
    }
}
