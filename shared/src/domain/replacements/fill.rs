//! How well a replacement service fills what it is asked (issue 21):
//! per installation and per week (the Monday of the request's first day),
//! the requests counted, how many were filled, left unfilled or are still
//! waiting, the fill rate, the median time from request to assignment and
//! the offers sent per filled request. Pure: the operation reads the
//! requests and their offer rounds, this counts.

use crate::domain::replacements::replacement::RequestStatus;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// What one request tells the figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    pub establishment_id: String,
    /// Its first day.
    pub first_day: Date,
    pub status: RequestStatus,
    pub requested_at: jiff::Timestamp,
    pub assigned_at: Option<jiff::Timestamp>,
    /// Offers sent for it (every wave).
    pub offers: u32,
    /// Filled by a worker's acceptance of an offer (not assigned directly).
    pub by_offer: bool,
}

/// The figures of one installation's week, or of the whole period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Requests counted: requested, filled or unfilled (drafts and
    /// cancelled requests are not).
    pub requests: u32,
    pub filled: u32,
    /// Of those filled, by an accepted offer.
    pub filled_by_offer: u32,
    pub unfilled: u32,
    /// Still waiting for a worker.
    pub open: u32,
    /// Offers sent for the filled requests.
    pub offers_for_filled: u32,
    /// Offers sent for every counted request.
    pub offers: u32,
    /// Minutes from request to assignment, one per filled request that
    /// knows both times.
    minutes_to_fill: Vec<i64>,
}

impl Tally {
    fn add(&mut self, r: &RequestFacts) {
        self.requests += 1;
        self.offers += r.offers;
        match r.status {
            RequestStatus::Requested => self.open += 1,
            RequestStatus::Unfilled => self.unfilled += 1,
            _ => {
                self.filled += 1;
                self.offers_for_filled += r.offers;
                if r.by_offer {
                    self.filled_by_offer += 1;
                }
                if let Some(at) = r.assigned_at {
                    let minutes = at.duration_since(r.requested_at).as_secs() / 60;
                    self.minutes_to_fill.push(minutes.max(0));
                }
            }
        }
    }

    /// Filled requests per hundred counted, rounded.
    pub fn fill_rate_percent(&self) -> u32 {
        if self.requests == 0 {
            return 0;
        }
        (self.filled * 100 + self.requests / 2) / self.requests
    }

    /// The median minutes from request to assignment (the lower middle of
    /// an even count); none when nothing filled knows its times.
    pub fn median_minutes_to_fill(&self) -> Option<i64> {
        let mut minutes = self.minutes_to_fill.clone();
        minutes.sort_unstable();
        minutes.get(minutes.len().saturating_sub(1) / 2).copied()
    }

    /// Offers sent per filled request, in tenths (15 is 1.5), rounded;
    /// none when nothing was filled.
    pub fn offers_per_fill_tenths(&self) -> Option<u32> {
        (self.filled > 0).then(|| (self.offers_for_filled * 10 + self.filled / 2) / self.filled)
    }
}

/// Whether a request counts: asked for (requested, filled or unfilled),
/// not a draft nor cancelled.
pub fn counted(status: RequestStatus) -> bool {
    !matches!(status, RequestStatus::Draft | RequestStatus::Cancelled)
}

/// The Monday of `day`'s week.
pub fn week_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day)
}

/// The figures per (installation, week), in that order, and for the
/// whole set. Requests that do not count are skipped.
pub fn tally(requests: &[RequestFacts]) -> (BTreeMap<(String, Date), Tally>, Tally) {
    let mut lines: BTreeMap<(String, Date), Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for r in requests.iter().filter(|r| counted(r.status)) {
        lines
            .entry((r.establishment_id.clone(), week_of(r.first_day)))
            .or_default()
            .add(r);
        total.add(r);
    }
    (lines, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(minutes: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(1_800_000_000 + minutes * 60).unwrap()
    }

    fn facts(est: &str, day: Date, status: RequestStatus) -> RequestFacts {
        RequestFacts {
            establishment_id: est.into(),
            first_day: day,
            status,
            requested_at: at(0),
            assigned_at: None,
            offers: 0,
            by_offer: false,
        }
    }

    fn filled(est: &str, day: Date, minutes: i64, offers: u32, by_offer: bool) -> RequestFacts {
        RequestFacts {
            assigned_at: Some(at(minutes)),
            offers,
            by_offer,
            ..facts(est, day, RequestStatus::Assigned)
        }
    }

    #[test]
    fn the_week_starts_on_monday() {
        assert_eq!(week_of(date(2026, 12, 3)), date(2026, 11, 30));
        assert_eq!(week_of(date(2026, 11, 30)), date(2026, 11, 30));
        assert_eq!(week_of(date(2026, 12, 6)), date(2026, 11, 30));
        assert_eq!(week_of(date(2026, 12, 7)), date(2026, 12, 7));
    }

    #[test]
    fn each_installation_week_is_counted_apart_and_in_the_total() {
        let requests = vec![
            filled("a", date(2026, 12, 1), 30, 3, true),
            filled("a", date(2026, 12, 2), 90, 1, false),
            facts("a", date(2026, 12, 3), RequestStatus::Unfilled),
            facts("a", date(2026, 12, 4), RequestStatus::Requested),
            facts("a", date(2026, 12, 4), RequestStatus::Cancelled),
            facts("a", date(2026, 12, 4), RequestStatus::Draft),
            filled("a", date(2026, 12, 8), 10, 2, true),
            RequestFacts {
                status: RequestStatus::Approved,
                ..filled("b", date(2026, 12, 1), 600, 0, false)
            },
        ];
        let (lines, total) = tally(&requests);
        assert_eq!(lines.len(), 3);
        let week = &lines[&("a".to_string(), date(2026, 11, 30))];
        assert_eq!(
            (week.requests, week.filled, week.unfilled, week.open),
            (4, 2, 1, 1)
        );
        assert_eq!(week.filled_by_offer, 1);
        assert_eq!(week.fill_rate_percent(), 50);
        assert_eq!(week.median_minutes_to_fill(), Some(30));
        assert_eq!(week.offers_per_fill_tenths(), Some(20));
        let next = &lines[&("a".to_string(), date(2026, 12, 7))];
        assert_eq!((next.requests, next.fill_rate_percent()), (1, 100));
        let b = &lines[&("b".to_string(), date(2026, 11, 30))];
        assert_eq!(b.median_minutes_to_fill(), Some(600));
        assert_eq!(b.offers_per_fill_tenths(), Some(0));
        assert_eq!((total.requests, total.filled, total.offers), (6, 4, 6));
        assert_eq!(total.fill_rate_percent(), 67);
        assert_eq!(total.median_minutes_to_fill(), Some(30));
    }

    #[test]
    fn nothing_filled_has_no_time_nor_offers_per_fill() {
        let (_, total) = tally(&[facts("a", date(2026, 12, 1), RequestStatus::Unfilled)]);
        assert_eq!(total.fill_rate_percent(), 0);
        assert_eq!(total.median_minutes_to_fill(), None);
        assert_eq!(total.offers_per_fill_tenths(), None);
        assert_eq!(tally(&[]).1.fill_rate_percent(), 0);
    }
}
