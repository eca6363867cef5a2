//! Shared by the replacement-service operations: loading a request the
//! caller may see, its view, notices to people.

use crate::domain::errors::ValidationErrors;
use crate::domain::ids;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::{
    Adjustment, RequestStatus, Schedule, format_hours, format_time, meal_taken, payable_minutes,
};
use crate::layout::keys;
use crate::layout::records::{Replacement, from_item};
use crate::operations::audit::Audit;
use crate::operations::{Context, Member, OpError, Request};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The schedule form ("Horaire").
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// `YYYY-MM-DD`
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// `HH:MM`, in the organisation's time zone.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub unpaid_break_minutes: Option<i64>,
    /// Days of the range left out: each a day from `start_date` to
    /// `end_date`, none twice, and not every day of the range.
    #[serde(default)]
    pub skipped_days: Vec<String>,
}

impl ScheduleInput {
    pub(crate) fn parse(&self) -> Result<Schedule, ValidationErrors> {
        Schedule::parse(
            self.start_date.as_deref(),
            self.end_date.as_deref(),
            self.start_time.as_deref(),
            self.end_time.as_deref(),
            self.unpaid_break_minutes,
            &self.skipped_days,
        )
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleView {
    #[schema(value_type = String, format = Date)]
    pub start_date: jiff::civil::Date,
    #[schema(value_type = String, format = Date)]
    pub end_date: jiff::civil::Date,
    /// `HH:MM`
    pub start_time: String,
    pub end_time: String,
    pub unpaid_break_minutes: u16,
    #[schema(value_type = Vec<String>)]
    pub skipped_days: Vec<jiff::civil::Date>,
    pub shifts: usize,
    /// The days actually worked (the range less the days left out).
    #[schema(value_type = Vec<String>)]
    pub days: Vec<jiff::civil::Date>,
    /// From when the worker may submit her hours: the end of the last
    /// shift, on the organisation's clock (`YYYY-MM-DDTHH:MM:SS`).
    #[schema(value_type = Option<String>)]
    pub timesheet_from: Option<jiff::civil::DateTime>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftHours {
    #[schema(value_type = String, format = Date)]
    pub date: jiff::civil::Date,
    pub start_time: String,
    pub end_time: String,
    pub break_minutes: u16,
    /// The meal as the worker submitted it.
    pub meal_taken: bool,
    /// The meal as approved: the client's latest "Repas" for this date,
    /// else the worker's.
    pub meal: bool,
    /// Submitted: end − start − break, in minutes.
    pub submitted_minutes: i64,
    pub adjustments: Vec<Adjustment>,
    pub payable_minutes: i64,
    /// Payable hours as the seed writes them (`7,25`).
    pub payable_hours: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReplacementView {
    pub id: String,
    pub establishment_id: String,
    /// The installation's name and address (where the worker goes).
    pub establishment_name: Option<String>,
    pub establishment_address: Option<String>,
    pub function: String,
    pub age_group: String,
    pub task: String,
    pub qualified: bool,
    pub notes: Option<String>,
    pub schedule: Option<ScheduleView>,
    pub status: RequestStatus,
    pub worker_first_name: Option<String>,
    pub hours: Vec<ShiftHours>,
    pub created_at: jiff::Timestamp,
    pub version: u64,
}

impl ReplacementView {
    pub fn new(r: &Replacement) -> ReplacementView {
        ReplacementView {
            id: r.id.clone(),
            establishment_id: r.establishment_id.clone(),
            establishment_name: r.establishment_name.clone(),
            establishment_address: r.establishment_address.clone(),
            function: r.function.clone(),
            age_group: r.age_group.clone(),
            task: r.task.clone(),
            qualified: r.qualified,
            notes: r.notes.clone(),
            schedule: r.schedule.as_ref().map(|s| ScheduleView {
                start_date: s.start_date,
                end_date: s.end_date,
                start_time: format_time(s.start_minute),
                end_time: format_time(s.end_minute),
                unpaid_break_minutes: s.unpaid_break_minutes,
                skipped_days: s.skipped_days.clone(),
                shifts: s.shifts().len(),
                days: s.shifts().iter().map(|x| x.date).collect(),
                timesheet_from: s.last_shift_end(),
            }),
            status: r.status,
            worker_first_name: r.worker_first_name.clone(),
            hours: r
                .timesheet
                .iter()
                .map(|e| {
                    let payable = payable_minutes(e, &r.adjustments);
                    ShiftHours {
                        date: e.date,
                        start_time: format_time(e.start_minute),
                        end_time: format_time(e.end_minute),
                        break_minutes: e.break_minutes,
                        meal_taken: e.meal_taken,
                        meal: meal_taken(e, &r.adjustments),
                        submitted_minutes: e.net_minutes(),
                        adjustments: r
                            .adjustments
                            .iter()
                            .filter(|a| a.date == e.date)
                            .cloned()
                            .collect(),
                        payable_minutes: payable,
                        payable_hours: format_hours(payable),
                    }
                })
                .collect(),
            created_at: r.created_at,
            version: r.version,
        }
    }
}

/// `now` on the organisation's clock (its IANA time zone; UTC when the
/// zone is unknown to the platform's time-zone database).
pub(crate) fn local_time(now: jiff::Timestamp, time_zone: &str) -> jiff::civil::DateTime {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    now.to_zoned(tz).datetime()
}

/// The work a client asks a replacement for.
pub(crate) struct Work {
    pub function: String,
    pub age_group: String,
    pub task: String,
    pub qualified: bool,
    pub notes: Option<String>,
}

/// The new request `id` of `requested_by` in `org_id`, for work at
/// `establishment_id`, at `now`: requested once it has its schedule, a
/// draft until then; nobody assigned yet.
pub(crate) fn new_request(
    id: String,
    org_id: &str,
    requested_by: &str,
    establishment_id: String,
    work: Work,
    schedule: Option<Schedule>,
    now: jiff::Timestamp,
) -> Replacement {
    Replacement {
        id,
        org_id: org_id.to_string(),
        establishment_id,
        establishment_name: None,
        establishment_address: None,
        requested_by: requested_by.to_string(),
        function: work.function,
        age_group: work.age_group,
        task: work.task,
        qualified: work.qualified,
        notes: work.notes,
        status: if schedule.is_some() {
            RequestStatus::Requested
        } else {
            RequestStatus::Draft
        },
        requested_at: schedule.is_some().then_some(now),
        assigned_at: None,
        schedule,
        worker_id: None,
        worker_first_name: None,
        timesheet: vec![],
        adjustments: vec![],
        approved_by: None,
        approved_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// The audit event of a change of the request `r` by `actor`: about the
/// request, at its establishment.
pub(crate) fn audit(
    id: String,
    at: jiff::Timestamp,
    actor: &str,
    r: &Replacement,
    action: &str,
) -> Audit {
    Audit::at(id, at, &r.org_id, actor, action)
        .target(&r.id)
        .establishment(Some(&r.establishment_id))
}

/// A request of the caller's organisation the caller may act on: with
/// `permission` at its establishment (or dispatching, for the service).
pub(crate) async fn load(
    ctx: &Context,
    member: &Member,
    id: &str,
    permission: Permission,
) -> Result<Replacement, OpError> {
    if !ids::is_id(id) {
        return Err(OpError::NotFound);
    }
    let r: Replacement = from_item(
        ctx.store
            .get(&keys::replacement(member.org_id(), id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    let access = member.access();
    let allowed = access.allows_at(permission, &r.establishment_id)
        || access.allows_somewhere(Permission::Dispatch)
        || (permission == Permission::OwnTimesheet
            && r.worker_id.as_deref() == Some(member.account_id.as_str()));
    if !allowed {
        return Err(OpError::NotFound);
    }
    Ok(r)
}

/// The request of the path (`{replacement_id}`), as [`load`] finds it for
/// the caller.
pub(crate) async fn load_of(
    ctx: &Context,
    request: &Request,
    permission: Permission,
) -> Result<Replacement, OpError> {
    load(
        ctx,
        request.member()?,
        request.param("replacement_id")?,
        permission,
    )
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Replacements {
    pub items: Vec<ReplacementView>,
    pub total: usize,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}
