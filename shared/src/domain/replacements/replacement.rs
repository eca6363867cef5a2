//! The replacement service (seed 001, DESIGN §6): requests, schedules,
//! their status machine, timesheets and hours approval. Hours are integer
//! minutes; never floats.

use crate::domain::errors::{FieldCode, ValidationErrors};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// Longest schedule, in days (configurable per service later).
pub const MAX_RANGE_DAYS: i32 = 90;

/// draft (no schedule yet) → requested → assigned → timesheet submitted →
/// approved; plus cancelled and unfilled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Draft,
    Requested,
    Assigned,
    TimesheetSubmitted,
    Approved,
    Cancelled,
    Unfilled,
}

/// What can happen to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestEvent {
    Schedule,
    Edit,
    Delete,
    Cancel,
    Assign,
    MarkUnfilled,
    SubmitTimesheet,
    Approve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("cannot {event:?} a request that is {from:?}")]
pub struct RequestTransitionError {
    pub from: RequestStatus,
    pub event: RequestEvent,
}

impl RequestStatus {
    pub fn apply(self, event: RequestEvent) -> Result<RequestStatus, RequestTransitionError> {
        use RequestEvent::*;
        use RequestStatus::*;
        let next = match (self, event) {
            (Draft | Requested, Schedule) => Some(Requested),
            (Draft | Requested, Edit) => Some(self),
            (Draft | Requested, Delete) => Some(Cancelled),
            (Requested | Assigned, Cancel) => Some(Cancelled),
            (Requested, Assign) => Some(Assigned),
            (Requested, MarkUnfilled) => Some(Unfilled),
            (Assigned, SubmitTimesheet) => Some(TimesheetSubmitted),
            (TimesheetSubmitted, Approve) => Some(Approved),
            _ => None,
        };
        next.ok_or(RequestTransitionError { from: self, event })
    }
}

/// A time of day as minutes after midnight, written `HH:MM`.
pub fn parse_time(raw: &str) -> Result<u16, FieldCode> {
    let (h, m) = raw.trim().split_once(':').ok_or(FieldCode::InvalidValue)?;
    let (h, m): (u16, u16) = (
        h.parse().map_err(|_| FieldCode::InvalidValue)?,
        m.parse().map_err(|_| FieldCode::InvalidValue)?,
    );
    if h > 23 || m > 59 || m_len(raw) != 2 {
        return Err(FieldCode::InvalidValue);
    }
    Ok(h * 60 + m)
}

fn m_len(raw: &str) -> usize {
    raw.trim().split_once(':').map_or(0, |(_, m)| m.len())
}

/// `HH:MM` of minutes after midnight.
pub fn format_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The schedule of a request: one shift a day over a date range, at the
/// same hours, with an unpaid break; some days can be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub start_date: jiff::civil::Date,
    pub end_date: jiff::civil::Date,
    pub start_minute: u16,
    pub end_minute: u16,
    pub unpaid_break_minutes: u16,
    pub skipped_days: Vec<jiff::civil::Date>,
}

/// One planned shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub date: jiff::civil::Date,
    pub start_minute: u16,
    pub end_minute: u16,
    pub unpaid_break_minutes: u16,
}

/// The days left out of a schedule: each a day of the range from
/// `start` to `end` (`skipped_days[i]`: outside range), none twice
/// (`skipped_days[i]`: duplicate), and not every day of the range
/// (`skipped_days`: no working day left). Unparsable entries are reported
/// by the caller and ignored here.
fn skipped_days_rule(
    start: jiff::civil::Date,
    end: jiff::civil::Date,
    raw: &[String],
    errors: &mut ValidationErrors,
) {
    let mut seen: Vec<jiff::civil::Date> = Vec::new();
    for (i, text) in raw.iter().enumerate() {
        let Ok(Some(day)) = crate::domain::validate::date(Some(text)) else {
            continue;
        };
        if day < start || day > end {
            errors.push(format!("skipped_days[{i}]"), FieldCode::OutsideRange);
        } else if seen.contains(&day) {
            errors.push(format!("skipped_days[{i}]"), FieldCode::Duplicate);
        } else {
            seen.push(day);
        }
    }
    let days = (end - start).get_days() + 1;
    if i32::try_from(seen.len()).is_ok_and(|n| n >= days) {
        errors.push("skipped_days", FieldCode::NoWorkingDay);
    }
}

impl Schedule {
    /// Validates the form's fields (names are the form's).
    pub fn parse(
        start_date: Option<&str>,
        end_date: Option<&str>,
        start_time: Option<&str>,
        end_time: Option<&str>,
        unpaid_break_minutes: Option<i64>,
        skipped_days: &[String],
    ) -> Result<Schedule, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let date = |raw: Option<&str>| match crate::domain::validate::date(raw) {
            Ok(Some(d)) => Ok(d),
            Ok(None) => Err(FieldCode::Required),
            Err(e) => Err(e),
        };
        let start_date = errors.take("start_date", date(start_date));
        let end_date = errors.take("end_date", date(end_date));
        let start = errors.take(
            "start_time",
            start_time.map_or(Err(FieldCode::Required), parse_time),
        );
        let end = errors.take(
            "end_time",
            end_time.map_or(Err(FieldCode::Required), parse_time),
        );
        let brk = match unpaid_break_minutes {
            None => Some(0),
            Some(b) if (0..=240).contains(&b) => Some(b as u16),
            Some(_) => {
                errors.push("unpaid_break_minutes", FieldCode::InvalidValue);
                None
            }
        };
        let mut skipped = Vec::new();
        for (i, raw) in skipped_days.iter().enumerate() {
            if let Some(d) = errors.take(&format!("skipped_days[{i}]"), date(Some(raw))) {
                skipped.push(d);
            }
        }
        if let (Some(s), Some(e)) = (start_date, end_date) {
            if e < s {
                errors.push("end_date", FieldCode::EndBeforeStart);
            } else if (e - s).get_days() + 1 > MAX_RANGE_DAYS {
                errors.push("end_date", FieldCode::RangeTooLong);
            } else {
                skipped_days_rule(s, e, skipped_days, &mut errors);
            }
        }
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                errors.push("end_time", FieldCode::EndBeforeStart);
            } else if let Some(b) = brk
                && b >= e - s
            {
                errors.push("unpaid_break_minutes", FieldCode::BreakTooLong);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match (start_date, end_date, start, end, brk) {
            (
                Some(start_date),
                Some(end_date),
                Some(start_minute),
                Some(end_minute),
                Some(unpaid_break_minutes),
            ) => Ok(Schedule {
                start_date,
                end_date,
                start_minute,
                end_minute,
                unpaid_break_minutes,
                skipped_days: skipped,
            }),
            _ => Err(errors),
        }
    }

    /// One shift per day of the range, less the days left out.
    /// When its last shift ends, on the organisation's clock: the hours
    /// are submitted from then on.
    pub fn last_shift_end(&self) -> Option<jiff::civil::DateTime> {
        let last = self.shifts().last()?.date;
        let hour = i8::try_from(self.end_minute / 60).ok()?;
        let minute = i8::try_from(self.end_minute % 60).ok()?;
        Some(last.at(hour, minute, 0, 0))
    }

    /// The hours of this schedule may be submitted at `now` (the
    /// organisation's local time) once its last shift has ended; before,
    /// the moment they may be (`Err`).
    pub fn timesheet_open(&self, now: jiff::civil::DateTime) -> Result<(), jiff::civil::DateTime> {
        match self.last_shift_end() {
            Some(end) if now < end => Err(end),
            _ => Ok(()),
        }
    }

    pub fn shifts(&self) -> Vec<Shift> {
        let mut out = Vec::new();
        let mut day = self.start_date;
        while day <= self.end_date {
            if !self.skipped_days.contains(&day) {
                out.push(Shift {
                    date: day,
                    start_minute: self.start_minute,
                    end_minute: self.end_minute,
                    unpaid_break_minutes: self.unpaid_break_minutes,
                });
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        out
    }

    /// Whether two schedules share a day with overlapping hours.
    pub fn overlaps(&self, other: &Schedule) -> bool {
        let hours = self.start_minute < other.end_minute && other.start_minute < self.end_minute;
        hours
            && self
                .shifts()
                .iter()
                .any(|a| other.shifts().iter().any(|b| a.date == b.date))
    }
}

/// Parses a signed adjustment in hours as the seed writes it: `-1,00`,
/// `1,00`, `-1.00`, `+0,25` (comma or dot, at most two decimals). Returns
/// whole minutes; anything else (`1h`, `abc`, `0,01` = 36 seconds) is
/// refused.
pub fn parse_adjustment(raw: &str) -> Result<i32, FieldCode> {
    let text = raw.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = match rest.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (rest, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole)
        || (!fraction.is_empty() && (!digits(fraction) || fraction.len() > 2))
        || whole.len() > 2
    {
        return Err(FieldCode::InvalidAdjustment);
    }
    let hours: i32 = whole.parse().map_err(|_| FieldCode::InvalidAdjustment)?;
    let hundredths: i32 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<2}")
            .parse()
            .map_err(|_| FieldCode::InvalidAdjustment)?
    };
    // Hundredths of an hour in whole minutes only (0,25 = 15 min).
    if (hundredths * 60) % 100 != 0 {
        return Err(FieldCode::InvalidAdjustment);
    }
    let minutes = hours * 60 + hundredths * 60 / 100;
    if minutes > 24 * 60 {
        return Err(FieldCode::InvalidAdjustment);
    }
    Ok(if negative { -minutes } else { minutes })
}

/// Minutes as signed hours with a comma, as the seed shows them: `-1,00`.
pub fn format_hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    format!("{sign}{},{:02}", m / 60, (m % 60) * 100 / 60)
}

/// What the worker records for one shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimesheetEntry {
    pub date: jiff::civil::Date,
    pub start_minute: u16,
    pub end_minute: u16,
    pub break_minutes: u16,
    pub meal_taken: bool,
}

impl TimesheetEntry {
    /// Worked minutes less the unpaid break.
    pub fn net_minutes(&self) -> i64 {
        self.span_minutes() - i64::from(self.break_minutes)
    }

    /// The shift's span as worked: end − start (the unpaid break lies
    /// inside it). Payable minutes never exceed it.
    pub fn span_minutes(&self) -> i64 {
        i64::from(self.end_minute) - i64::from(self.start_minute)
    }
}

/// A day among `days` (a shift of the schedule, a submitted entry).
pub fn day_in(
    raw: Option<&str>,
    days: &[jiff::civil::Date],
) -> Result<jiff::civil::Date, FieldCode> {
    match crate::domain::validate::date(raw) {
        Ok(Some(d)) if days.contains(&d) => Ok(d),
        Ok(Some(_)) => Err(FieldCode::InvalidValue),
        Ok(None) => Err(FieldCode::Required),
        Err(c) => Err(c),
    }
}

/// One shift of the worker's timesheet, as submitted.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimesheetEntryInput {
    /// `YYYY-MM-DD`: a day of the schedule.
    pub date: Option<String>,
    /// `HH:MM`
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    #[serde(default)]
    pub break_minutes: u16,
    #[serde(default)]
    pub meal_taken: bool,
}

/// Validates a timesheet against the planned days: one entry per day at
/// most, the end after the start, the break shorter than the shift.
pub fn timesheet(
    inputs: &[TimesheetEntryInput],
    planned: &[jiff::civil::Date],
) -> Result<Vec<TimesheetEntry>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let mut entries: Vec<TimesheetEntry> = Vec::new();
    if inputs.is_empty() {
        errors.push("entries", FieldCode::Required);
    }
    for (i, e) in inputs.iter().enumerate() {
        let field = |name: &str| format!("entries[{i}].{name}");
        let date = errors.take(&field("date"), day_in(e.date.as_deref(), planned));
        let time =
            |raw: &Option<String>| raw.as_deref().map_or(Err(FieldCode::Required), parse_time);
        let start = errors.take(&field("start_time"), time(&e.start_time));
        let end = errors.take(&field("end_time"), time(&e.end_time));
        let (Some(date), Some(start), Some(end)) = (date, start, end) else {
            continue;
        };
        if end <= start {
            errors.push(field("end_time"), FieldCode::EndBeforeStart);
        } else if e.break_minutes >= end - start {
            errors.push(field("break_minutes"), FieldCode::BreakTooLong);
        } else if entries.iter().any(|x| x.date == date) {
            errors.push(field("date"), FieldCode::InvalidValue);
        } else {
            entries.push(TimesheetEntry {
                date,
                start_minute: start,
                end_minute: end,
                break_minutes: e.break_minutes,
                meal_taken: e.meal_taken,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    entries.sort_by_key(|e| e.date);
    Ok(entries)
}

/// A client's modification of one shift: never overwrites what was
/// submitted; each is its own record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Adjustment {
    #[schema(value_type = String, format = Date)]
    pub date: jiff::civil::Date,
    /// Signed minutes.
    pub delta_minutes: i32,
    pub meal: bool,
    pub note: String,
    pub by: String,
    pub at: jiff::Timestamp,
}

/// Whether the meal of a shift was taken, as approved: the latest
/// adjustment of its date says (the client's "Repas"), else the worker's
/// submission.
pub fn meal_taken(entry: &TimesheetEntry, adjustments: &[Adjustment]) -> bool {
    adjustments
        .iter()
        .filter(|a| a.date == entry.date)
        .max_by_key(|a| a.at)
        .map_or(entry.meal_taken, |a| a.meal)
}

/// Payable minutes of a shift: worked − unpaid break + adjustments.
pub fn payable_minutes(entry: &TimesheetEntry, adjustments: &[Adjustment]) -> i64 {
    entry.net_minutes()
        + adjustments
            .iter()
            .filter(|a| a.date == entry.date)
            .map(|a| i64::from(a.delta_minutes))
            .sum::<i64>()
}

/// Payable minutes of a shift, bounded: worked − unpaid break + the sum of
/// every adjustment of its date must lie within [0, the shift's span]
/// (span = end − start as worked). Below 0 is `PayableNegative`, above the
/// span `PayableOverSpan`; both bounds are allowed exactly.
pub fn bounded_payable(
    entry: &TimesheetEntry,
    adjustments: &[Adjustment],
) -> Result<i64, FieldCode> {
    let payable = payable_minutes(entry, adjustments);
    if payable < 0 {
        Err(FieldCode::PayableNegative)
    } else if payable > entry.span_minutes() {
        Err(FieldCode::PayableOverSpan)
    } else {
        Ok(payable)
    }
}

/// Checks the modifications of one approval (`(index, adjustment)`, the
/// index of each in the request) against the timesheet and the shift's
/// earlier adjustments: one modification per date (a second one is
/// `modifications[i].date`: duplicate), and for each modified shift the
/// payable minutes — submitted, earlier adjustments and this one summed —
/// within [0, span] ([`bounded_payable`]; refused on
/// `modifications[i].adjustment`). Returns the refused fields.
pub fn check_modifications(
    timesheet: &[TimesheetEntry],
    earlier: &[Adjustment],
    modifications: &[(usize, Adjustment)],
) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    let mut dates: Vec<jiff::civil::Date> = Vec::new();
    for (i, m) in modifications {
        if dates.contains(&m.date) {
            errors.push(format!("modifications[{i}].date"), FieldCode::Duplicate);
            continue;
        }
        dates.push(m.date);
        let Some(entry) = timesheet.iter().find(|e| e.date == m.date) else {
            errors.push(format!("modifications[{i}].date"), FieldCode::InvalidValue);
            continue;
        };
        let mut all: Vec<Adjustment> = earlier.to_vec();
        all.push(m.clone());
        if let Err(code) = bounded_payable(entry, &all) {
            errors.push(format!("modifications[{i}].adjustment"), code);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_is_enforced() {
        use RequestEvent::*;
        use RequestStatus::*;
        assert_eq!(Draft.apply(Schedule), Ok(Requested));
        assert_eq!(Requested.apply(Assign), Ok(Assigned));
        assert_eq!(Assigned.apply(SubmitTimesheet), Ok(TimesheetSubmitted));
        assert_eq!(TimesheetSubmitted.apply(Approve), Ok(Approved));
        assert_eq!(Requested.apply(MarkUnfilled), Ok(Unfilled));
        assert_eq!(Assigned.apply(Cancel), Ok(Cancelled));
        assert!(Assigned.apply(Edit).is_err());
        assert!(Assigned.apply(Delete).is_err());
        assert!(Approved.apply(Approve).is_err());
        assert!(Draft.apply(Assign).is_err());
    }

    #[test]
    fn adjustments_read_as_the_seed_writes_them() {
        assert_eq!(parse_adjustment("-1,00"), Ok(-60));
        assert_eq!(parse_adjustment("1,00"), Ok(60));
        assert_eq!(parse_adjustment("-1.00"), Ok(-60));
        assert_eq!(parse_adjustment("+0,25"), Ok(15));
        assert_eq!(parse_adjustment("2,5"), Ok(150));
        for bad in ["1h", "abc", "", "-", "1,001", "0,01", "1,,0", "--1", "100"] {
            assert_eq!(
                parse_adjustment(bad),
                Err(FieldCode::InvalidAdjustment),
                "{bad}"
            );
        }
        assert_eq!(format_hours(-60), "-1,00");
        assert_eq!(format_hours(435), "7,25");
    }

    #[test]
    fn schedules_yield_shifts_and_refuse_nonsense() {
        let s = Schedule::parse(
            Some("2026-12-07"),
            Some("2026-12-11"),
            Some("07:30"),
            Some("16:00"),
            Some(30),
            &["2026-12-09".into()],
        )
        .unwrap();
        let shifts = s.shifts();
        assert_eq!(shifts.len(), 4);
        assert_eq!(shifts[0].end_minute - shifts[0].start_minute, 510);
        let e = Schedule::parse(
            Some("2026-12-11"),
            Some("2026-12-07"),
            Some("16:00"),
            Some("07:30"),
            Some(30),
            &[],
        )
        .unwrap_err();
        assert_eq!(e.0.len(), 2);
        let long = Schedule::parse(
            Some("2026-01-01"),
            Some("2026-06-01"),
            Some("08:00"),
            Some("09:00"),
            Some(90),
            &[],
        )
        .unwrap_err();
        let codes: Vec<FieldCode> = long.0.iter().map(|e| e.code).collect();
        assert!(
            codes.contains(&FieldCode::RangeTooLong) && codes.contains(&FieldCode::BreakTooLong)
        );
        assert!(parse_time("7:5").is_err());
        assert!(parse_time("24:00").is_err());
    }

    #[test]
    fn payable_hours_are_worked_less_break_plus_adjustments() {
        let entry = TimesheetEntry {
            date: "2026-12-07".parse().unwrap(),
            start_minute: 450,
            end_minute: 960,
            break_minutes: 30,
            meal_taken: true,
        };
        let adj = Adjustment {
            date: entry.date,
            delta_minutes: -60,
            meal: true,
            note: "Départ hâtif".into(),
            by: "c".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        };
        assert_eq!(payable_minutes(&entry, &[]), 480);
        assert_eq!(payable_minutes(&entry, &[adj]), 420);
    }

    #[test]
    fn hours_are_submitted_once_the_last_shift_has_ended() {
        let schedule = Schedule::parse(
            Some("2026-12-07"),
            Some("2026-12-11"),
            Some("07:30"),
            Some("16:00"),
            Some(30),
            &["2026-12-11".to_string()],
        )
        .unwrap();
        let at = |s: &str| s.parse::<jiff::civil::DateTime>().unwrap();
        let end = at("2026-12-10T16:00");
        assert_eq!(schedule.last_shift_end(), Some(end));
        assert_eq!(schedule.timesheet_open(at("2026-12-02T09:00")), Err(end));
        assert_eq!(schedule.timesheet_open(at("2026-12-10T15:59")), Err(end));
        assert_eq!(schedule.timesheet_open(at("2026-12-10T16:00")), Ok(()));
        assert_eq!(schedule.timesheet_open(at("2026-12-12T08:00")), Ok(()));
    }

    #[test]
    fn the_meal_is_the_clients_latest_word_else_the_workers() {
        let entry = TimesheetEntry {
            date: "2026-12-07".parse().unwrap(),
            start_minute: 450,
            end_minute: 960,
            break_minutes: 30,
            meal_taken: false,
        };
        let adj = |meal: bool, second: i64, date: &str| Adjustment {
            date: date.parse().unwrap(),
            delta_minutes: 0,
            meal,
            note: "Repas".into(),
            by: "c".into(),
            at: jiff::Timestamp::from_second(second).unwrap(),
        };
        assert!(!meal_taken(&entry, &[]));
        assert!(meal_taken(&entry, &[adj(true, 1, "2026-12-07")]));
        assert!(!meal_taken(&entry, &[adj(true, 1, "2026-12-08")]));
        assert!(!meal_taken(
            &entry,
            &[adj(true, 1, "2026-12-07"), adj(false, 2, "2026-12-07")]
        ));
    }

    #[test]
    fn timesheets_are_checked_against_the_schedule() {
        let day: jiff::civil::Date = "2026-12-07".parse().unwrap();
        let entry = |date: &str, start: &str, end: &str, brk: u16| TimesheetEntryInput {
            date: Some(date.into()),
            start_time: Some(start.into()),
            end_time: Some(end.into()),
            break_minutes: brk,
            meal_taken: false,
        };
        let ok = timesheet(&[entry("2026-12-07", "07:30", "16:00", 30)], &[day]).unwrap();
        assert_eq!(ok[0].net_minutes(), 480);
        let bad = timesheet(
            &[
                entry("2026-12-08", "07:30", "16:00", 30),
                entry("2026-12-07", "16:00", "07:30", 0),
                entry("2026-12-07", "08:00", "09:00", 60),
            ],
            &[day],
        )
        .unwrap_err();
        let codes: Vec<FieldCode> = bad.0.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec![
                FieldCode::InvalidValue,
                FieldCode::EndBeforeStart,
                FieldCode::BreakTooLong
            ]
        );
        assert!(timesheet(&[], &[day]).is_err());
    }

    #[test]
    fn overlapping_schedules_share_a_day_and_hours() {
        let a = Schedule::parse(
            Some("2026-12-07"),
            Some("2026-12-09"),
            Some("08:00"),
            Some("12:00"),
            None,
            &[],
        )
        .unwrap();
        let b = Schedule::parse(
            Some("2026-12-09"),
            Some("2026-12-10"),
            Some("11:00"),
            Some("15:00"),
            None,
            &[],
        )
        .unwrap();
        let c = Schedule::parse(
            Some("2026-12-09"),
            Some("2026-12-10"),
            Some("12:00"),
            Some("15:00"),
            None,
            &[],
        )
        .unwrap();
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&c));
    }

    fn shift_0730_1600() -> TimesheetEntry {
        // 07:30–16:00 with 30 min unpaid break: 480 min worked, span 510.
        TimesheetEntry {
            date: "2026-12-07".parse().unwrap(),
            start_minute: 450,
            end_minute: 960,
            break_minutes: 30,
            meal_taken: false,
        }
    }

    fn adjustment(date: jiff::civil::Date, delta_minutes: i32) -> Adjustment {
        Adjustment {
            date,
            delta_minutes,
            meal: false,
            note: "n".into(),
            by: "c".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn payable_minutes_stay_within_zero_and_the_shifts_span() {
        let e = shift_0730_1600();
        let with = |delta: i32| bounded_payable(&e, &[adjustment(e.date, delta)]);
        assert_eq!(e.span_minutes(), 510);
        assert_eq!(with(-480), Ok(0), "exactly 0");
        assert_eq!(with(-481), Err(FieldCode::PayableNegative), "one under");
        assert_eq!(with(30), Ok(510), "exactly the span");
        assert_eq!(with(31), Err(FieldCode::PayableOverSpan), "one over");
        assert_eq!(
            with(-540),
            Err(FieldCode::PayableNegative),
            "-9,00 on 8,00 h"
        );
        assert_eq!(with(24 * 60), Err(FieldCode::PayableOverSpan), "+24,00");
        // Another day's adjustment does not count.
        let other = adjustment("2026-12-08".parse().unwrap(), 600);
        assert_eq!(bounded_payable(&e, &[other]), Ok(480));
    }

    #[test]
    fn one_modification_per_date_and_the_bound_on_the_sum_with_earlier_ones() {
        let e = shift_0730_1600();
        let m = |i: usize, delta: i32| (i, adjustment(e.date, delta));
        assert!(check_modifications(&[e], &[], &[m(0, -60)]).is_empty());
        let twice = check_modifications(&[e], &[], &[m(0, -60), m(1, -60)]);
        assert_eq!(
            twice.0,
            vec![crate::domain::errors::FieldError {
                field: "modifications[1].date".into(),
                code: FieldCode::Duplicate
            }]
        );
        // Earlier records and this one are summed: 480 − 400 − 81 < 0.
        let earlier = [adjustment(e.date, -400)];
        let over = check_modifications(&[e], &earlier, &[m(3, -81)]);
        assert_eq!(over.0[0].field, "modifications[3].adjustment");
        assert_eq!(over.0[0].code, FieldCode::PayableNegative);
        assert!(check_modifications(&[e], &earlier, &[m(0, -80)]).is_empty());
        // A date with no submitted shift.
        let stray = (0, adjustment("2026-12-09".parse().unwrap(), 0));
        assert_eq!(
            check_modifications(&[e], &[], &[stray]).0[0].field,
            "modifications[0].date"
        );
    }

    #[test]
    fn skipped_days_lie_in_the_range_once_each_and_leave_a_day() {
        let parse = |skipped: &[&str]| {
            let skipped: Vec<String> = skipped.iter().map(|s| s.to_string()).collect();
            Schedule::parse(
                Some("2026-12-07"),
                Some("2026-12-09"),
                Some("08:00"),
                Some("16:00"),
                Some(30),
                &skipped,
            )
        };
        let fields = |skipped: &[&str]| -> Vec<(String, FieldCode)> {
            parse(skipped)
                .unwrap_err()
                .0
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect()
        };
        assert!(parse(&["2026-12-07", "2026-12-09"]).is_ok());
        assert_eq!(
            fields(&["2020-01-01"]),
            vec![("skipped_days[0]".into(), FieldCode::OutsideRange)]
        );
        assert_eq!(
            fields(&["2026-12-08", "2026-12-06", "2026-12-10"]),
            vec![
                ("skipped_days[1]".into(), FieldCode::OutsideRange),
                ("skipped_days[2]".into(), FieldCode::OutsideRange)
            ]
        );
        assert_eq!(
            fields(&["2026-12-08", "2026-12-08"]),
            vec![("skipped_days[1]".into(), FieldCode::Duplicate)]
        );
        assert_eq!(
            fields(&["2026-12-07", "2026-12-08", "2026-12-09"]),
            vec![("skipped_days".into(), FieldCode::NoWorkingDay)]
        );
    }
}
