//! Replacement workers (issue 21): the profile a service keeps of each
//! worker (the functions she can fill, age groups, qualification,
//! installations she prefers or refuses, installations that refuse her, a
//! weekly maximum of hours), the usual week and its exceptions she enters on
//! her phone, and whether she matches a replacement — every criterion she
//! fails named, so a dispatcher sees why someone was not offered a job.
//! Pure: no I/O.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::replacements::replacement::{Schedule, Shift, format_time, parse_time};
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

/// Spans of availability a day holds at most.
pub const MAX_SPANS_PER_DAY: usize = 3;
/// Exceptions to her usual week kept at most.
pub const MAX_EXCEPTIONS: usize = 120;
/// The largest weekly maximum a service may set (80 hours).
pub const MAX_WEEKLY_MINUTES: u32 = 80 * 60;

/// A span of one day, in minutes after midnight, start before end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start_minute: u16,
    pub end_minute: u16,
}

impl Span {
    fn holds(&self, shift: &Shift) -> bool {
        self.start_minute <= shift.start_minute && shift.end_minute <= self.end_minute
    }
}

/// Her usual week: when she is available each weekday.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    pub monday: Vec<Span>,
    pub tuesday: Vec<Span>,
    pub wednesday: Vec<Span>,
    pub thursday: Vec<Span>,
    pub friday: Vec<Span>,
    pub saturday: Vec<Span>,
    pub sunday: Vec<Span>,
}

/// The weekdays in order, with their names in the API.
pub const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "monday"),
    (Weekday::Tuesday, "tuesday"),
    (Weekday::Wednesday, "wednesday"),
    (Weekday::Thursday, "thursday"),
    (Weekday::Friday, "friday"),
    (Weekday::Saturday, "saturday"),
    (Weekday::Sunday, "sunday"),
];

impl Week {
    pub fn day(&self, weekday: Weekday) -> &[Span] {
        match weekday {
            Weekday::Monday => &self.monday,
            Weekday::Tuesday => &self.tuesday,
            Weekday::Wednesday => &self.wednesday,
            Weekday::Thursday => &self.thursday,
            Weekday::Friday => &self.friday,
            Weekday::Saturday => &self.saturday,
            Weekday::Sunday => &self.sunday,
        }
    }

    fn day_mut(&mut self, weekday: Weekday) -> &mut Vec<Span> {
        match weekday {
            Weekday::Monday => &mut self.monday,
            Weekday::Tuesday => &mut self.tuesday,
            Weekday::Wednesday => &mut self.wednesday,
            Weekday::Thursday => &mut self.thursday,
            Weekday::Friday => &mut self.friday,
            Weekday::Saturday => &mut self.saturday,
            Weekday::Sunday => &mut self.sunday,
        }
    }
}

/// A date unlike her usual week: off all day (no spans), or available in
/// these spans instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub date: Date,
    pub spans: Vec<Span>,
}

/// When she can work: her usual week and its exceptions (by date).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub week: Week,
    pub exceptions: Vec<Exception>,
}

impl Availability {
    /// Her spans on `date`: the exception's if there is one, else her
    /// usual week's.
    pub fn spans_on(&self, date: Date) -> &[Span] {
        match self.exceptions.iter().find(|e| e.date == date) {
            Some(e) => &e.spans,
            None => self.week.day(date.weekday()),
        }
    }

    /// Whether one of her spans that day holds the whole shift.
    pub fn covers(&self, shift: &Shift) -> bool {
        self.spans_on(shift.date).iter().any(|s| s.holds(shift))
    }
}

/// A worker's profile in one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerProfile {
    pub org_id: String,
    pub account_id: String,
    /// The functions she can fill (among the service's).
    pub functions: BTreeSet<String>,
    /// The age groups she works with (among the service's).
    pub age_groups: BTreeSet<String>,
    /// She holds the qualification a "qualified" request asks for.
    pub qualified: bool,
    /// Installations (establishment ids) she prefers: offered first.
    pub preferred: BTreeSet<String>,
    /// Installations she refuses: never offered.
    pub refused: BTreeSet<String>,
    /// Installations that refuse her (the service's note): never offered.
    pub refused_by: BTreeSet<String>,
    /// The most she works in a week (Monday to Sunday), in minutes.
    pub max_weekly_minutes: Option<u32>,
    pub availability: Availability,
    /// She chose to receive her offers by text message too (at her
    /// membership's phone).
    #[serde(default)]
    pub sms_offers: bool,
    pub updated_at: Option<jiff::Timestamp>,
    /// 0 while nothing was ever saved.
    pub version: u64,
}

impl WorkerProfile {
    /// The profile of a worker nobody has filled in yet.
    pub fn empty(org_id: &str, account_id: &str) -> WorkerProfile {
        WorkerProfile {
            org_id: org_id.into(),
            account_id: account_id.into(),
            functions: BTreeSet::new(),
            age_groups: BTreeSet::new(),
            qualified: false,
            preferred: BTreeSet::new(),
            refused: BTreeSet::new(),
            refused_by: BTreeSet::new(),
            max_weekly_minutes: None,
            availability: Availability::default(),
            sms_offers: false,
            updated_at: None,
            version: 0,
        }
    }

    /// She prefers this installation (the first wave of offers).
    pub fn prefers(&self, establishment_id: &str) -> bool {
        self.preferred.contains(establishment_id)
    }
}

// ------------------------------------------------------------------ input

/// A span as typed: `{"start": "07:30", "end": "16:00"}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpanInput {
    pub start: Option<String>,
    pub end: Option<String>,
}

impl SpanInput {
    pub fn of(span: &Span) -> SpanInput {
        SpanInput {
            start: Some(format_time(span.start_minute)),
            end: Some(format_time(span.end_minute)),
        }
    }
}

/// Her usual week as typed, one list of spans per weekday.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct UsualWeekInput {
    pub monday: Vec<SpanInput>,
    pub tuesday: Vec<SpanInput>,
    pub wednesday: Vec<SpanInput>,
    pub thursday: Vec<SpanInput>,
    pub friday: Vec<SpanInput>,
    pub saturday: Vec<SpanInput>,
    pub sunday: Vec<SpanInput>,
}

impl UsualWeekInput {
    fn day(&self, weekday: Weekday) -> &[SpanInput] {
        match weekday {
            Weekday::Monday => &self.monday,
            Weekday::Tuesday => &self.tuesday,
            Weekday::Wednesday => &self.wednesday,
            Weekday::Thursday => &self.thursday,
            Weekday::Friday => &self.friday,
            Weekday::Saturday => &self.saturday,
            Weekday::Sunday => &self.sunday,
        }
    }

    pub fn of(week: &Week) -> UsualWeekInput {
        let spans = |d: &[Span]| d.iter().map(SpanInput::of).collect();
        UsualWeekInput {
            monday: spans(&week.monday),
            tuesday: spans(&week.tuesday),
            wednesday: spans(&week.wednesday),
            thursday: spans(&week.thursday),
            friday: spans(&week.friday),
            saturday: spans(&week.saturday),
            sunday: spans(&week.sunday),
        }
    }
}

/// An exception as typed: a date, and no spans (off) or her spans that day.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionInput {
    pub date: Option<String>,
    #[serde(default)]
    pub spans: Vec<SpanInput>,
}

fn parse_spans(field: &str, raw: &[SpanInput], errors: &mut ValidationErrors) -> Vec<Span> {
    if raw.len() > MAX_SPANS_PER_DAY {
        errors.push(field, FieldCode::TooLarge);
        return Vec::new();
    }
    let mut spans = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let time = |v: &Option<String>, name: &str, errors: &mut ValidationErrors| match v
            .as_deref()
            .map(str::trim)
        {
            None | Some("") => {
                errors.push(format!("{at}.{name}"), FieldCode::Required);
                None
            }
            Some(t) => errors.take(&format!("{at}.{name}"), parse_time(t)),
        };
        let (start, end) = (time(&s.start, "start", errors), time(&s.end, "end", errors));
        if let (Some(start_minute), Some(end_minute)) = (start, end) {
            if end_minute <= start_minute {
                errors.push(format!("{at}.end"), FieldCode::EndBeforeStart);
            } else {
                spans.push(Span {
                    start_minute,
                    end_minute,
                });
            }
        }
    }
    spans.sort();
    // Overlapping spans of one day are one mistake, said on the day.
    if spans
        .windows(2)
        .any(|w| w[1].start_minute < w[0].end_minute)
    {
        errors.push(field, FieldCode::Duplicate);
    }
    spans
}

/// Validates her usual week and exceptions (fields `week.<day>[i].start`,
/// `exceptions[i].date`…); every refusal named.
pub fn parse_availability(
    week: &UsualWeekInput,
    exceptions: &[ExceptionInput],
    errors: &mut ValidationErrors,
) -> Availability {
    let mut parsed = Week::default();
    for (weekday, name) in WEEKDAYS {
        *parsed.day_mut(weekday) = parse_spans(&format!("week.{name}"), week.day(weekday), errors);
    }
    if exceptions.len() > MAX_EXCEPTIONS {
        errors.push("exceptions", FieldCode::TooLarge);
        return Availability {
            week: parsed,
            exceptions: Vec::new(),
        };
    }
    let mut by_date: BTreeMap<Date, Vec<Span>> = BTreeMap::new();
    for (i, e) in exceptions.iter().enumerate() {
        let field = format!("exceptions[{i}]");
        let date = match e.date.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push(format!("{field}.date"), FieldCode::Required);
                None
            }
            Some(d) => match d.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(format!("{field}.date"), FieldCode::InvalidDate);
                    None
                }
            },
        };
        let spans = parse_spans(&format!("{field}.spans"), &e.spans, errors);
        if let Some(date) = date
            && by_date.insert(date, spans).is_some()
        {
            errors.push(format!("{field}.date"), FieldCode::Duplicate);
        }
    }
    Availability {
        week: parsed,
        exceptions: by_date
            .into_iter()
            .map(|(date, spans)| Exception { date, spans })
            .collect(),
    }
}

/// Checks a set of names against the service's list (`field[i]`).
pub fn among(
    field: &str,
    names: &[String],
    allowed: &[String],
    errors: &mut ValidationErrors,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, n) in names.iter().enumerate() {
        let n = n.trim();
        if allowed.iter().any(|a| a == n) {
            out.insert(n.to_string());
        } else {
            errors.push(format!("{field}[{i}]"), FieldCode::InvalidValue);
        }
    }
    out
}

/// Checks installation ids against the service's establishments.
pub fn installations(
    field: &str,
    ids: &[String],
    known: &BTreeSet<String>,
    errors: &mut ValidationErrors,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        if known.contains(id) {
            out.insert(id.clone());
        } else {
            errors.push(format!("{field}[{i}]"), FieldCode::UnknownEstablishment);
        }
    }
    out
}

/// An installation both preferred and refused is one mistake, said on the
/// refusal (`refused[i]`).
pub fn not_both(preferred: &BTreeSet<String>, refused: &[String], errors: &mut ValidationErrors) {
    for (i, id) in refused.iter().enumerate() {
        if preferred.contains(id) {
            errors.push(format!("refused[{i}]"), FieldCode::PreferredAndRefused);
        }
    }
}

/// A weekly maximum in hours (`37,5`, `40`), as minutes.
pub fn parse_weekly_maximum(raw: Option<u32>, errors: &mut ValidationErrors) -> Option<u32> {
    match raw {
        Some(0) => {
            errors.push("max_weekly_minutes", FieldCode::NotPositive);
            None
        }
        Some(m) if m > MAX_WEEKLY_MINUTES => {
            errors.push("max_weekly_minutes", FieldCode::TooLarge);
            None
        }
        other => other,
    }
}

// ---------------------------------------------------------------- matching

/// What a replacement asks of a worker.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    pub id: &'a str,
    pub establishment_id: &'a str,
    pub function: &'a str,
    pub age_group: &'a str,
    pub qualified: bool,
    pub schedule: &'a Schedule,
}

/// One of her other assignments (not cancelled, not unfilled).
#[derive(Debug, Clone, Copy)]
pub struct Booking<'a> {
    pub id: &'a str,
    pub schedule: &'a Schedule,
}

/// Why a worker is not offered a replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Mismatch {
    /// Nobody filled in her profile yet.
    NoProfile,
    /// She does not fill this function.
    Function,
    /// She does not work with this age group.
    AgeGroup,
    /// The request asks for a qualified worker; she is not.
    Qualification,
    /// She refuses this installation.
    RefusesInstallation,
    /// This installation refuses her.
    RefusedByInstallation,
    /// Not available for this day's shift.
    Unavailable {
        #[schema(value_type = String, format = Date)]
        date: Date,
    },
    /// Already booked on overlapping hours that day.
    Booked {
        #[schema(value_type = String, format = Date)]
        date: Date,
        replacement_id: String,
    },
    /// The week (from this Monday) would exceed her maximum.
    WeeklyMaximum {
        #[schema(value_type = String, format = Date)]
        week: Date,
        minutes: i64,
        max_minutes: u32,
    },
}

fn net(shift: &Shift) -> i64 {
    (i64::from(shift.end_minute)
        - i64::from(shift.start_minute)
        - i64::from(shift.unpaid_break_minutes))
    .max(0)
}

fn monday_of(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

/// Every criterion `profile` fails for `wanted`, given her other
/// assignments: empty when she matches. A missing profile fails them all
/// at once (`NoProfile`).
pub fn assess(
    profile: Option<&WorkerProfile>,
    wanted: &Wanted<'_>,
    bookings: &[Booking<'_>],
) -> Vec<Mismatch> {
    let Some(p) = profile.filter(|p| p.version > 0) else {
        return vec![Mismatch::NoProfile];
    };
    let mut out = Vec::new();
    if !p.functions.contains(wanted.function) {
        out.push(Mismatch::Function);
    }
    if !p.age_groups.contains(wanted.age_group) {
        out.push(Mismatch::AgeGroup);
    }
    if wanted.qualified && !p.qualified {
        out.push(Mismatch::Qualification);
    }
    if p.refused.contains(wanted.establishment_id) {
        out.push(Mismatch::RefusesInstallation);
    }
    if p.refused_by.contains(wanted.establishment_id) {
        out.push(Mismatch::RefusedByInstallation);
    }
    let shifts = wanted.schedule.shifts();
    for shift in &shifts {
        if !p.availability.covers(shift) {
            out.push(Mismatch::Unavailable { date: shift.date });
        }
    }
    let others: Vec<(&str, Shift)> = bookings
        .iter()
        .filter(|b| b.id != wanted.id)
        .flat_map(|b| b.schedule.shifts().into_iter().map(move |s| (b.id, s)))
        .collect();
    for shift in &shifts {
        if let Some((id, _)) = others.iter().find(|(_, o)| {
            o.date == shift.date
                && o.start_minute < shift.end_minute
                && shift.start_minute < o.end_minute
        }) {
            out.push(Mismatch::Booked {
                date: shift.date,
                replacement_id: (*id).to_string(),
            });
        }
    }
    if let Some(max) = p.max_weekly_minutes {
        let mut weeks: BTreeMap<Date, i64> = BTreeMap::new();
        for shift in &shifts {
            *weeks.entry(monday_of(shift.date)).or_default() += net(shift);
        }
        for (week, minutes) in weeks.iter_mut() {
            *minutes += others
                .iter()
                .filter(|(_, o)| monday_of(o.date) == *week)
                .map(|(_, o)| net(o))
                .sum::<i64>();
            if *minutes > i64::from(max) {
                out.push(Mismatch::WeeklyMaximum {
                    week: *week,
                    minutes: *minutes,
                    max_minutes: max,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn schedule(from: Date, to: Date, start: u16, end: u16) -> Schedule {
        Schedule {
            start_date: from,
            end_date: to,
            start_minute: start,
            end_minute: end,
            unpaid_break_minutes: 30,
            skipped_days: Vec::new(),
        }
    }

    fn span(start: &str, end: &str) -> SpanInput {
        SpanInput {
            start: Some(start.into()),
            end: Some(end.into()),
        }
    }

    /// Éducatrice, poupons, qualified, available weekdays 7:00–17:00.
    fn profile() -> WorkerProfile {
        let mut errors = ValidationErrors::default();
        let days = vec![span("07:00", "17:00")];
        let availability = parse_availability(
            &UsualWeekInput {
                monday: days.clone(),
                tuesday: days.clone(),
                wednesday: days.clone(),
                thursday: days.clone(),
                friday: days,
                ..UsualWeekInput::default()
            },
            &[ExceptionInput {
                date: Some("2026-12-09".into()),
                spans: Vec::new(),
            }],
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        WorkerProfile {
            functions: ["Éducatrice".to_string()].into(),
            age_groups: ["Poupons".to_string()].into(),
            qualified: true,
            availability,
            max_weekly_minutes: Some(40 * 60),
            version: 1,
            ..WorkerProfile::empty("o", "w")
        }
    }

    #[test]
    fn each_criterion_excludes_a_worker_who_fails_it() {
        // Monday 7 and Tuesday 8 December 2026, 7:30–16:00.
        let s = schedule(date(2026, 12, 7), date(2026, 12, 8), 450, 960);
        let wanted = Wanted {
            id: "r1",
            establishment_id: "e1",
            function: "Éducatrice",
            age_group: "Poupons",
            qualified: true,
            schedule: &s,
        };
        let p = profile();
        assert_eq!(assess(Some(&p), &wanted, &[]), vec![]);
        assert_eq!(assess(None, &wanted, &[]), vec![Mismatch::NoProfile]);

        let mut other = p.clone();
        other.functions = ["Cuisinière".to_string()].into();
        assert_eq!(assess(Some(&other), &wanted, &[]), vec![Mismatch::Function]);
        let mut other = p.clone();
        other.age_groups.clear();
        assert_eq!(assess(Some(&other), &wanted, &[]), vec![Mismatch::AgeGroup]);
        let mut other = p.clone();
        other.qualified = false;
        assert_eq!(
            assess(Some(&other), &wanted, &[]),
            vec![Mismatch::Qualification]
        );
        let mut other = p.clone();
        other.refused.insert("e1".into());
        assert_eq!(
            assess(Some(&other), &wanted, &[]),
            vec![Mismatch::RefusesInstallation]
        );
        let mut other = p.clone();
        other.refused_by.insert("e1".into());
        assert_eq!(
            assess(Some(&other), &wanted, &[]),
            vec![Mismatch::RefusedByInstallation]
        );
        // Her exception: off on Wednesday 9th.
        let wednesday = schedule(date(2026, 12, 9), date(2026, 12, 9), 450, 960);
        let on_wednesday = Wanted {
            schedule: &wednesday,
            ..wanted
        };
        assert_eq!(
            assess(Some(&p), &on_wednesday, &[]),
            vec![Mismatch::Unavailable {
                date: date(2026, 12, 9)
            }]
        );
        // Outside her hours (until 18:00), and on a Saturday.
        let late = schedule(date(2026, 12, 12), date(2026, 12, 12), 450, 1080);
        assert_eq!(
            assess(
                Some(&p),
                &Wanted {
                    schedule: &late,
                    ..wanted
                },
                &[]
            ),
            vec![Mismatch::Unavailable {
                date: date(2026, 12, 12)
            }]
        );
        // Booked elsewhere on Tuesday morning.
        let booked = schedule(date(2026, 12, 8), date(2026, 12, 8), 420, 720);
        assert_eq!(
            assess(
                Some(&p),
                &wanted,
                &[Booking {
                    id: "r0",
                    schedule: &booked
                }]
            ),
            vec![Mismatch::Booked {
                date: date(2026, 12, 8),
                replacement_id: "r0".into()
            }]
        );
        // The request itself is not a booking against it.
        assert_eq!(
            assess(
                Some(&p),
                &wanted,
                &[Booking {
                    id: "r1",
                    schedule: &s
                }]
            ),
            vec![]
        );
        // Over her weekly maximum: 2 × 8 h here plus 2 × 8 h booked on
        // Thursday and Friday (not overlapping) = 32 h > 30 h.
        let mut capped = p.clone();
        capped.max_weekly_minutes = Some(30 * 60);
        let rest = schedule(date(2026, 12, 10), date(2026, 12, 11), 450, 960);
        assert_eq!(
            assess(
                Some(&capped),
                &wanted,
                &[Booking {
                    id: "r2",
                    schedule: &rest
                }]
            ),
            vec![Mismatch::WeeklyMaximum {
                week: date(2026, 12, 7),
                minutes: 4 * 480,
                max_minutes: 30 * 60
            }]
        );
    }

    #[test]
    fn availability_is_checked_and_every_refusal_named() {
        let mut errors = ValidationErrors::default();
        parse_availability(
            &UsualWeekInput {
                monday: vec![span("09:00", "08:00")],
                tuesday: vec![span("07:00", "12:00"), span("11:00", "15:00")],
                wednesday: vec![span("25:00", "26:00")],
                thursday: vec![SpanInput::default()],
                friday: vec![span("07:00", "08:00"); 4],
                ..UsualWeekInput::default()
            },
            &[
                ExceptionInput {
                    date: Some("2026-12-24".into()),
                    spans: Vec::new(),
                },
                ExceptionInput {
                    date: Some("2026-12-24".into()),
                    spans: Vec::new(),
                },
                ExceptionInput {
                    date: Some("24/12/2026".into()),
                    spans: Vec::new(),
                },
            ],
            &mut errors,
        );
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "week.monday[0].end",
                "week.tuesday",
                "week.wednesday[0].start",
                "week.wednesday[0].end",
                "week.thursday[0].start",
                "week.thursday[0].end",
                "week.friday",
                "exceptions[1].date",
                "exceptions[2].date",
            ]
        );
    }
}
