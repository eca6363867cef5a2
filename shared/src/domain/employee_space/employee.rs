//! The employee space (seed 002, DESIGN §7): features switched on per
//! organisation, leave with half days, money as integer cents, weekly
//! hours and banks of hours, the state of an employee's request. Pure.

use crate::domain::errors::{FieldCode, ValidationErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// The features of the employee space, each switched on or off per
/// organisation (seed 002's list).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    Absences,
    ExpenseNotes,
    WorkingHours,
    Advances,
    PersonalInfo,
    BankDetails,
    Documents,
}

impl Feature {
    pub const ALL: [Feature; 7] = [
        Feature::Absences,
        Feature::ExpenseNotes,
        Feature::WorkingHours,
        Feature::Advances,
        Feature::PersonalInfo,
        Feature::BankDetails,
        Feature::Documents,
    ];

    pub fn name(self, fr: bool) -> &'static str {
        use Feature::*;
        match (self, fr) {
            (Absences, true) => "demandes d'absence",
            (Absences, false) => "absence requests",
            (ExpenseNotes, true) => "notes de frais",
            (ExpenseNotes, false) => "expense notes",
            (WorkingHours, true) => "horaires de travail",
            (WorkingHours, false) => "working hours",
            (Advances, true) => "demandes d'acompte",
            (Advances, false) => "advance requests",
            (PersonalInfo, true) => "informations personnelles",
            (PersonalInfo, false) => "personal information",
            (BankDetails, true) => "coordonnées bancaires",
            (BankDetails, false) => "bank details",
            (Documents, true) => "documents",
            (Documents, false) => "documents",
        }
    }
}

/// The features switched on (absent: off).
pub type Features = BTreeSet<Feature>;

/// Profile fields an organisation may let employees edit themselves.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    Civility,
    FirstName,
    LastName,
    Phone,
    BirthDate,
}

/// What an employee's request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    Leave,
    Expense,
    Advance,
}

impl RequestKind {
    pub fn feature(self) -> Feature {
        match self {
            RequestKind::Leave => Feature::Absences,
            RequestKind::Expense => Feature::ExpenseNotes,
            RequestKind::Advance => Feature::Advances,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            RequestKind::Leave => "leave",
            RequestKind::Expense => "expense",
            RequestKind::Advance => "advance",
        }
    }
}

/// pending → approved | refused | cancelled (by the employee, while
/// pending). Decided requests never change again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Pending,
    Approved,
    Refused,
    Cancelled,
}

/// What a decider or the employee does to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Refuse,
}

impl RequestState {
    pub fn decide(self, decision: Decision) -> Result<RequestState, RequestState> {
        match (self, decision) {
            (RequestState::Pending, Decision::Approve) => Ok(RequestState::Approved),
            (RequestState::Pending, Decision::Refuse) => Ok(RequestState::Refused),
            (other, _) => Err(other),
        }
    }

    pub fn cancel(self) -> Result<RequestState, RequestState> {
        match self {
            RequestState::Pending => Ok(RequestState::Cancelled),
            other => Err(other),
        }
    }
}

// ---------------------------------------------------------------- leave

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeaveType {
    Vacation,
    Sick,
    Personal,
    Unpaid,
    Other,
}

/// Which half of the day: a leave starts in the morning or the afternoon
/// and ends after the morning or at the end of the afternoon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HalfDay {
    #[default]
    Morning,
    Afternoon,
}

/// Longest leave request, in days.
pub const MAX_LEAVE_DAYS: i32 = 366;

/// A leave period in half days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeavePeriod {
    pub start_date: jiff::civil::Date,
    pub start_half: HalfDay,
    pub end_date: jiff::civil::Date,
    pub end_half: HalfDay,
}

fn slot(date: jiff::civil::Date, half: HalfDay) -> i64 {
    let days = i64::from(
        date.since(jiff::civil::date(2000, 1, 1))
            .map_or(0, |s| s.get_days()),
    );
    days * 2 + i64::from(half == HalfDay::Afternoon)
}

impl LeavePeriod {
    /// Reads the form: the end half defaults to the afternoon (a full last
    /// day), the start half to the morning.
    pub fn parse(
        start_date: Option<&str>,
        start_half: Option<HalfDay>,
        end_date: Option<&str>,
        end_half: Option<HalfDay>,
    ) -> Result<LeavePeriod, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut day = |field: &str, raw: Option<&str>| match crate::domain::validate::date(raw) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.push(field, FieldCode::Required);
                None
            }
            Err(c) => {
                errors.push(field, c);
                None
            }
        };
        let start = day("start_date", start_date);
        let end = day("end_date", end_date);
        let (Some(start_date), Some(end_date)) = (start, end) else {
            return Err(errors);
        };
        let period = LeavePeriod {
            start_date,
            start_half: start_half.unwrap_or(HalfDay::Morning),
            end_date,
            end_half: end_half.unwrap_or(HalfDay::Afternoon),
        };
        if slot(period.end_date, period.end_half) < slot(period.start_date, period.start_half) {
            errors.push("end_date", FieldCode::EndBeforeStart);
        } else if (end_date - start_date).get_days() >= MAX_LEAVE_DAYS {
            errors.push("end_date", FieldCode::RangeTooLong);
        } else if period.half_days() == 0 {
            errors.push("start_date", FieldCode::NoWorkingDay);
        }
        errors.finish(period)
    }

    /// Working half days taken (Monday to Friday).
    /// The working half days of `date` the leave covers (none on a
    /// weekend or outside it): morning, afternoon, or both.
    pub fn halves_on(&self, date: jiff::civil::Date) -> Vec<HalfDay> {
        if date.weekday().to_monday_one_offset() > 5 {
            return Vec::new();
        }
        let (first, last) = (
            slot(self.start_date, self.start_half),
            slot(self.end_date, self.end_half),
        );
        [HalfDay::Morning, HalfDay::Afternoon]
            .into_iter()
            .filter(|half| (first..=last).contains(&slot(date, *half)))
            .collect()
    }

    pub fn half_days(&self) -> u32 {
        let first = slot(self.start_date, self.start_half);
        let last = slot(self.end_date, self.end_half);
        let mut count = 0;
        let mut date = self.start_date;
        while date <= self.end_date {
            let weekday = date.weekday().to_monday_one_offset();
            if weekday <= 5 {
                for half in [HalfDay::Morning, HalfDay::Afternoon] {
                    let s = slot(date, half);
                    if s >= first && s <= last {
                        count += 1;
                    }
                }
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        count
    }

    /// Minutes the leave takes, with a working day of `day_minutes`.
    pub fn minutes(&self, day_minutes: u32) -> i64 {
        i64::from(self.half_days()) * i64::from(day_minutes) / 2
    }
}

// ---------------------------------------------------------------- money

/// Largest amount accepted on a form: 100 000.00.
pub const MAX_AMOUNT_CENTS: i64 = 10_000_000;

/// An amount in integer cents with its ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Money {
    pub amount_cents: i64,
    /// ISO 4217, e.g. `CAD`.
    pub currency: String,
}

impl Money {
    /// A strictly positive amount of at most [`MAX_AMOUNT_CENTS`], and a
    /// currency of three capital letters.
    pub fn parse(
        amount_cents: Option<i64>,
        currency: Option<&str>,
    ) -> Result<Money, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        match amount_cents {
            None => errors.push("amount_cents", FieldCode::Required),
            Some(a) if a <= 0 => errors.push("amount_cents", FieldCode::NotPositive),
            Some(a) if a > MAX_AMOUNT_CENTS => errors.push("amount_cents", FieldCode::TooLarge),
            Some(_) => {}
        }
        let currency = currency.map(str::trim).unwrap_or("CAD").to_string();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push("currency", FieldCode::InvalidValue);
        }
        errors.finish(Money {
            amount_cents: amount_cents.unwrap_or_default(),
            currency,
        })
    }

    /// `12,34 $ CAD` / `CAD 12.34`.
    pub fn format(&self, fr: bool) -> String {
        let units = self.amount_cents / 100;
        let cents = (self.amount_cents % 100).abs();
        if fr {
            format!("{units},{cents:02} {}", self.currency)
        } else {
            format!("{} {units}.{cents:02}", self.currency)
        }
    }
}

/// Expense categories.
pub const EXPENSE_CATEGORIES: [&str; 6] = [
    "transport",
    "meals",
    "lodging",
    "supplies",
    "training",
    "other",
];

// ---------------------------------------------------------------- files

/// Largest receipt or document, in bytes (10 MiB).
pub const MAX_FILE_BYTES: i64 = 10 * 1024 * 1024;

/// Content types accepted for receipts.
pub const RECEIPT_TYPES: [&str; 4] = ["application/pdf", "image/jpeg", "image/png", "image/heic"];

/// Content types accepted for shared documents.
pub const DOCUMENT_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// A file the client is about to upload: its declared type and size are
/// checked here and bound into the upload URL's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FileDeclaration {
    pub content_type: String,
    pub size_bytes: i64,
}

impl FileDeclaration {
    pub fn parse(
        prefix: &str,
        content_type: Option<&str>,
        size_bytes: Option<i64>,
        allowed: &[&str],
    ) -> Result<FileDeclaration, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let content_type = content_type
            .map(|c| c.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if content_type.is_empty() {
            errors.push(format!("{prefix}content_type"), FieldCode::Required);
        } else if !allowed.contains(&content_type.as_str()) {
            errors.push(
                format!("{prefix}content_type"),
                FieldCode::UnsupportedFileType,
            );
        }
        match size_bytes {
            None => errors.push(format!("{prefix}size_bytes"), FieldCode::Required),
            Some(s) if s <= 0 => errors.push(format!("{prefix}size_bytes"), FieldCode::NotPositive),
            Some(s) if s > MAX_FILE_BYTES => {
                errors.push(format!("{prefix}size_bytes"), FieldCode::FileTooLarge)
            }
            Some(_) => {}
        }
        errors.finish(FileDeclaration {
            content_type,
            size_bytes: size_bytes.unwrap_or_default(),
        })
    }
}

// ---------------------------------------------------------------- hours

/// Hours entered for one day (integer minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DayHours {
    #[schema(value_type = String, format = Date)]
    pub date: jiff::civil::Date,
    pub minutes: u32,
}

/// The Monday a week is named by.
pub fn week_start(raw: &str) -> Result<jiff::civil::Date, FieldCode> {
    let date: jiff::civil::Date = raw.trim().parse().map_err(|_| FieldCode::InvalidDate)?;
    if date.weekday() != jiff::civil::Weekday::Monday {
        return Err(FieldCode::NotAMonday);
    }
    Ok(date)
}

/// Checks one week of hours: every day within the week, once, 0 to 24 h.
pub fn parse_week(
    monday: jiff::civil::Date,
    days: &[(Option<String>, Option<i64>)],
) -> Result<Vec<DayHours>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let mut out: Vec<DayHours> = Vec::new();
    let sunday = monday
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(monday);
    if days.is_empty() {
        errors.push("days", FieldCode::Required);
    }
    for (i, (date, minutes)) in days.iter().enumerate() {
        let date = match crate::domain::validate::date(date.as_deref()) {
            Ok(Some(d)) if d >= monday && d <= sunday => {
                if out.iter().any(|x| x.date == d) {
                    errors.push(format!("days[{i}].date"), FieldCode::Duplicate);
                    None
                } else {
                    Some(d)
                }
            }
            Ok(Some(_)) => {
                errors.push(format!("days[{i}].date"), FieldCode::OutsideWeek);
                None
            }
            Ok(None) => {
                errors.push(format!("days[{i}].date"), FieldCode::Required);
                None
            }
            Err(c) => {
                errors.push(format!("days[{i}].date"), c);
                None
            }
        };
        let minutes = match minutes {
            None => {
                errors.push(format!("days[{i}].minutes"), FieldCode::Required);
                None
            }
            Some(m) if !(0..=1440).contains(m) => {
                errors.push(format!("days[{i}].minutes"), FieldCode::InvalidValue);
                None
            }
            Some(m) => u32::try_from(*m).ok(),
        };
        if let (Some(date), Some(minutes)) = (date, minutes) {
            out.push(DayHours { date, minutes });
        }
    }
    out.sort_by_key(|d| d.date);
    errors.finish(out)
}

/// How approved hours feed a bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BankRule {
    /// Minutes worked in a week beyond this threshold are banked
    /// (overtime).
    Overtime { weekly_threshold_minutes: u32 },
    /// A share of every worked minute is banked, in thousandths (e.g. sick
    /// days accruing at 40 ‰).
    Accrual { per_mille: u32 },
    /// Fed only by leave taken from it (negative) and manager adjustments.
    None,
}

impl BankRule {
    pub fn check(&self) -> Result<(), FieldCode> {
        match *self {
            BankRule::Overtime {
                weekly_threshold_minutes,
            } if weekly_threshold_minutes > 7 * 1440 => Err(FieldCode::InvalidValue),
            BankRule::Accrual { per_mille } if per_mille == 0 || per_mille > 1000 => {
                Err(FieldCode::InvalidValue)
            }
            _ => Ok(()),
        }
    }

    /// Minutes an approved week of `worked` minutes adds to the bank.
    pub fn credit(&self, worked: u32) -> i64 {
        match *self {
            BankRule::Overtime {
                weekly_threshold_minutes,
            } => i64::from(worked.saturating_sub(weekly_threshold_minutes)),
            BankRule::Accrual { per_mille } => i64::from(worked) * i64::from(per_mille) / 1000,
            BankRule::None => 0,
        }
    }
}

impl BankRule {
    /// Whether leave of type `leave` may be taken from a bank this rule
    /// feeds: hours worked beyond the week (overtime) are taken back as
    /// personal or other time off, never as vacation or sick leave, which
    /// have banks of their own.
    pub fn serves(&self, leave: LeaveType) -> bool {
        match self {
            BankRule::Overtime { .. } => !matches!(leave, LeaveType::Vacation | LeaveType::Sick),
            BankRule::Accrual { .. } | BankRule::None => true,
        }
    }
}

/// Whether leave of type `leave` draws from a bank fed by `rule` for
/// leave of type `bank_type` (DESIGN §7): the bank is of that kind (vacation
/// from a vacation bank), and its rule lets it serve that kind.
pub fn bank_serves(rule: &BankRule, bank_type: Option<LeaveType>, leave: LeaveType) -> bool {
    bank_type == Some(leave) && rule.serves(leave)
}

/// Whether a balance of `balance` minutes covers leave of `minutes`: it
/// does when it stays at zero or above, or whatever it becomes when the
/// organisation lets banks go negative.
pub fn balance_covers(balance: i64, minutes: i64, may_go_negative: bool) -> bool {
    may_go_negative || balance >= minutes
}

/// Minutes worked in a week.
pub fn week_minutes(days: &[DayHours]) -> u32 {
    days.iter().map(|d| d.minutes).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_leave_covers_the_half_days_of_its_working_days() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        // Friday 27 November afternoon to Monday 30 morning.
        let p = LeavePeriod {
            start_date: d("2026-11-27"),
            start_half: HalfDay::Afternoon,
            end_date: d("2026-11-30"),
            end_half: HalfDay::Morning,
        };
        assert_eq!(p.halves_on(d("2026-11-26")), []);
        assert_eq!(p.halves_on(d("2026-11-27")), [HalfDay::Afternoon]);
        assert_eq!(p.halves_on(d("2026-11-28")), []);
        assert_eq!(p.halves_on(d("2026-11-30")), [HalfDay::Morning]);
        let whole = LeavePeriod::parse(Some("2026-12-01"), None, Some("2026-12-02"), None).unwrap();
        assert_eq!(
            whole.halves_on(d("2026-12-01")),
            [HalfDay::Morning, HalfDay::Afternoon]
        );
    }

    #[test]
    fn half_days_count_working_days_only() {
        // Monday 2026-11-23 morning to Friday 27 afternoon: 10 half days.
        let full = LeavePeriod::parse(Some("2026-11-23"), None, Some("2026-11-27"), None).unwrap();
        assert_eq!(full.half_days(), 10);
        assert_eq!(full.minutes(420), 2100);
        // Friday afternoon to Monday morning: the weekend does not count.
        let bridge = LeavePeriod::parse(
            Some("2026-11-27"),
            Some(HalfDay::Afternoon),
            Some("2026-11-30"),
            Some(HalfDay::Morning),
        )
        .unwrap();
        assert_eq!(bridge.half_days(), 2);
        // One morning.
        let morning = LeavePeriod::parse(
            Some("2026-11-24"),
            None,
            Some("2026-11-24"),
            Some(HalfDay::Morning),
        )
        .unwrap();
        assert_eq!(morning.half_days(), 1);
        assert_eq!(morning.minutes(420), 210);
    }

    #[test]
    fn leave_periods_are_checked() {
        let err =
            LeavePeriod::parse(Some("2026-11-25"), None, Some("2026-11-24"), None).unwrap_err();
        assert_eq!(err.0[0].code, FieldCode::EndBeforeStart);
        // Same day, afternoon to morning: end before start too.
        let err = LeavePeriod::parse(
            Some("2026-11-24"),
            Some(HalfDay::Afternoon),
            Some("2026-11-24"),
            Some(HalfDay::Morning),
        )
        .unwrap_err();
        assert_eq!(err.0[0].code, FieldCode::EndBeforeStart);
        let err =
            LeavePeriod::parse(Some("2026-11-28"), None, Some("2026-11-29"), None).unwrap_err();
        assert_eq!(err.0[0].code, FieldCode::NoWorkingDay);
        let err = LeavePeriod::parse(None, None, Some("x"), None).unwrap_err();
        assert_eq!(err.0.len(), 2);
    }

    #[test]
    fn money_is_positive_integer_cents() {
        assert_eq!(
            Money::parse(Some(1234), Some("CAD")).unwrap().format(true),
            "12,34 CAD"
        );
        assert_eq!(
            Money::parse(Some(-5), None).unwrap_err().0[0].code,
            FieldCode::NotPositive
        );
        assert_eq!(
            Money::parse(Some(0), None).unwrap_err().0[0].code,
            FieldCode::NotPositive
        );
        assert_eq!(
            Money::parse(Some(1), Some("cad")).unwrap_err().0[0].field,
            "currency"
        );
        assert!(Money::parse(Some(MAX_AMOUNT_CENTS + 1), None).is_err());
    }

    #[test]
    fn files_are_limited_in_size_and_type() {
        assert!(FileDeclaration::parse("", Some("image/png"), Some(1000), &RECEIPT_TYPES).is_ok());
        let e = FileDeclaration::parse(
            "receipt.",
            Some("application/x-msdownload"),
            Some(1000),
            &RECEIPT_TYPES,
        )
        .unwrap_err();
        assert_eq!(e.0[0].field, "receipt.content_type");
        assert_eq!(e.0[0].code, FieldCode::UnsupportedFileType);
        let e = FileDeclaration::parse(
            "",
            Some("image/png"),
            Some(MAX_FILE_BYTES + 1),
            &RECEIPT_TYPES,
        )
        .unwrap_err();
        assert_eq!(e.0[0].code, FieldCode::FileTooLarge);
    }

    #[test]
    fn weeks_are_checked_and_banks_fed_by_rule() {
        let monday = week_start("2026-11-23").unwrap();
        assert_eq!(week_start("2026-11-24"), Err(FieldCode::NotAMonday));
        let days = parse_week(
            monday,
            &[
                (Some("2026-11-24".into()), Some(540)),
                (Some("2026-11-23".into()), Some(480)),
            ],
        )
        .unwrap();
        assert_eq!(days[0].date, d("2026-11-23"));
        assert_eq!(week_minutes(&days), 1020);
        let e = parse_week(
            monday,
            &[
                (Some("2026-11-30".into()), Some(60)),
                (Some("2026-11-23".into()), Some(2000)),
                (Some("2026-11-24".into()), Some(60)),
                (Some("2026-11-24".into()), Some(60)),
            ],
        )
        .unwrap_err();
        let codes: Vec<FieldCode> = e.0.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                FieldCode::OutsideWeek,
                FieldCode::InvalidValue,
                FieldCode::Duplicate
            ]
        );
        let overtime = BankRule::Overtime {
            weekly_threshold_minutes: 2400,
        };
        assert_eq!(overtime.credit(2550), 150);
        assert_eq!(overtime.credit(2000), 0);
        assert_eq!(BankRule::Accrual { per_mille: 40 }.credit(2400), 96);
        assert_eq!(BankRule::None.credit(3000), 0);
        assert!(BankRule::Accrual { per_mille: 0 }.check().is_err());
    }

    #[test]
    fn leave_is_taken_only_from_a_bank_of_its_kind_and_never_vacation_from_overtime() {
        use LeaveType::*;
        let overtime = BankRule::Overtime {
            weekly_threshold_minutes: 2400,
        };
        let accrual = BankRule::Accrual { per_mille: 40 };
        assert!(bank_serves(&BankRule::None, Some(Vacation), Vacation));
        assert!(bank_serves(&accrual, Some(Vacation), Vacation));
        assert!(!bank_serves(&BankRule::None, Some(Sick), Vacation));
        assert!(!bank_serves(&BankRule::None, None, Vacation));
        // Overtime is taken back as time off, not as vacation or sick leave.
        assert!(!bank_serves(&overtime, Some(Vacation), Vacation));
        assert!(!bank_serves(&overtime, Some(Sick), Sick));
        assert!(bank_serves(&overtime, Some(Personal), Personal));
        assert!(bank_serves(&overtime, Some(Other), Other));
        assert!(!overtime.serves(Vacation));
        assert!(overtime.serves(Unpaid));
    }

    #[test]
    fn a_balance_covers_leave_down_to_zero_unless_it_may_go_negative() {
        assert!(balance_covers(1050, 1050, false));
        assert!(!balance_covers(1049, 1050, false));
        assert!(!balance_covers(0, 210, false));
        assert!(!balance_covers(-60, 210, false));
        assert!(balance_covers(0, 210, true));
        assert!(balance_covers(-60, 210, true));
    }

    #[test]
    fn requests_are_decided_once() {
        use RequestState::*;
        assert_eq!(Pending.decide(Decision::Approve), Ok(Approved));
        assert_eq!(Pending.decide(Decision::Refuse), Ok(Refused));
        assert_eq!(Approved.decide(Decision::Refuse), Err(Approved));
        assert_eq!(Pending.cancel(), Ok(Cancelled));
        assert_eq!(Refused.cancel(), Err(Refused));
    }
}
