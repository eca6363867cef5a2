//! The employee's own schedule ("horaire") for one week: the hours of her
//! week once approved, and her approved leave, day by day.

use crate::domain::employee_space::employee::{
    HalfDay, LeavePeriod, LeaveType, RequestState, week_start,
};
use crate::domain::people::permission::Permission;
use crate::layout::employee::{EmployeeRequest, RequestDetails, Week};
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::employee_space::support::employee_space::invalid;
use crate::operations::reads::query_all;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{GSI1, Query};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("get_schedule")
    .get("/orgs/{org_id}/schedule")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("The caller's schedule for one week (week=its Monday, default this week): her approved hours and approved leave, day by day")
    .query(&[("week", "The week's Monday (YYYY-MM-DD); default: this week")])
    .answers(200, Body::of::<Schedule>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

/// One week of the caller's schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct Schedule {
    #[schema(value_type = String, format = Date)]
    pub monday: jiff::civil::Date,
    #[schema(value_type = String, format = Date)]
    pub previous: jiff::civil::Date,
    #[schema(value_type = String, format = Date)]
    pub next: jiff::civil::Date,
    /// Her week of hours: `pending` (submitted), `approved`, `refused`, or
    /// none yet. Its hours show once approved.
    pub week_state: Option<RequestState>,
    /// Monday to Sunday.
    pub days: Vec<ScheduleDay>,
    /// The week's approved minutes.
    pub approved_minutes: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleDay {
    #[schema(value_type = String, format = Date)]
    pub date: jiff::civil::Date,
    /// Approved minutes worked (none until the week is approved).
    pub minutes: Option<u32>,
    /// Approved leave that day.
    pub leave: Vec<DayLeave>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DayLeave {
    pub request_id: String,
    pub leave_type: LeaveType,
    /// The half days it covers that day.
    pub halves: Vec<HalfDay>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let monday = match request.query("week") {
        Some(raw) => week_start(raw).map_err(|_| invalid("week"))?,
        None => {
            let today = ctx.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
            today
                .checked_sub(
                    jiff::Span::new().days(i64::from(today.weekday().to_monday_zero_offset())),
                )
                .map_err(|_| invalid("week"))?
        }
    };
    let org = member.org_id();
    let week: Option<Week> = match ctx
        .store
        .get(&keys::week(org, &member.account_id, monday))
        .await?
    {
        Some(item) => Some(from_item(item)?),
        None => None,
    };
    let leave: Vec<EmployeeRequest> = query_all(
        ctx,
        Query {
            index: Some(GSI1),
            pk: keys::employee_requests_of(org, &member.account_id),
            sk_prefix: Some("leave#".into()),
            forward: true,
            ..Query::default()
        },
    )
    .await?;
    Output::json(200, &schedule(monday, week.as_ref(), &leave))
}

/// The week from `monday`: the hours of `week` if approved, and each day's
/// approved leave among `leave`. Pure.
fn schedule(monday: jiff::civil::Date, week: Option<&Week>, leave: &[EmployeeRequest]) -> Schedule {
    let approved = week.filter(|w| w.state == RequestState::Approved);
    let day = |n: i64| {
        monday
            .checked_add(jiff::Span::new().days(n))
            .unwrap_or(monday)
    };
    let days: Vec<ScheduleDay> = (0..7)
        .map(day)
        .map(|date| ScheduleDay {
            date,
            minutes: approved.map(|w| {
                w.days
                    .iter()
                    .filter(|d| d.date == date)
                    .map(|d| d.minutes)
                    .sum()
            }),
            leave: leave
                .iter()
                .filter(|r| r.state == RequestState::Approved)
                .filter_map(|r| match &r.details {
                    RequestDetails::Leave {
                        leave_type,
                        start_date,
                        start_half,
                        end_date,
                        end_half,
                        ..
                    } => {
                        let period = LeavePeriod {
                            start_date: *start_date,
                            start_half: *start_half,
                            end_date: *end_date,
                            end_half: *end_half,
                        };
                        let halves = period.halves_on(date);
                        (!halves.is_empty()).then(|| DayLeave {
                            request_id: r.id.clone(),
                            leave_type: *leave_type,
                            halves,
                        })
                    }
                    _ => None,
                })
                .collect(),
        })
        .collect();
    Schedule {
        monday,
        previous: day(-7),
        next: day(7),
        week_state: week.map(|w| w.state),
        approved_minutes: approved.map_or(0, |w| w.total_minutes),
        days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::DayHours;
    use crate::operations::employee_space::support::fixtures::{day, now};

    fn week(state: RequestState) -> Week {
        Week {
            org_id: "o".into(),
            account_id: "zoe".into(),
            employee_name: "Zoé Roy".into(),
            establishment_id: None,
            monday: day("2026-12-07"),
            days: vec![
                DayHours {
                    date: day("2026-12-07"),
                    minutes: 450,
                },
                DayHours {
                    date: day("2026-12-08"),
                    minutes: 420,
                },
            ],
            total_minutes: 870,
            state,
            comment: None,
            decision_comment: None,
            decided_by: None,
            decided_at: None,
            credited: vec![],
            submitted_at: now(),
            version: 1,
        }
    }

    fn leave(
        id: &str,
        state: RequestState,
        from: &str,
        to: &str,
        end_half: HalfDay,
    ) -> EmployeeRequest {
        EmployeeRequest {
            id: id.into(),
            org_id: "o".into(),
            account_id: "zoe".into(),
            employee_name: "Zoé Roy".into(),
            establishment_id: None,
            state,
            details: RequestDetails::Leave {
                leave_type: LeaveType::Vacation,
                start_date: day(from),
                start_half: HalfDay::Morning,
                end_date: day(to),
                end_half,
                half_days: 0,
                minutes: 0,
                bank_id: None,
            },
            comment: None,
            decision_comment: None,
            decided_by: None,
            decided_at: None,
            created_at: now(),
            updated_at: now(),
            version: 1,
        }
    }

    #[test]
    fn the_schedule_shows_approved_hours_and_approved_leave_day_by_day() {
        let leaves = [
            leave(
                "l1",
                RequestState::Approved,
                "2026-12-10",
                "2026-12-11",
                HalfDay::Morning,
            ),
            leave(
                "l2",
                RequestState::Pending,
                "2026-12-09",
                "2026-12-09",
                HalfDay::Afternoon,
            ),
            leave(
                "l3",
                RequestState::Approved,
                "2026-11-30",
                "2026-12-01",
                HalfDay::Afternoon,
            ),
        ];
        let s = schedule(
            day("2026-12-07"),
            Some(&week(RequestState::Approved)),
            &leaves,
        );
        assert_eq!(s.days.len(), 7);
        assert_eq!((s.previous, s.next), (day("2026-11-30"), day("2026-12-14")));
        let minutes: Vec<Option<u32>> = s.days.iter().map(|d| d.minutes).collect();
        assert_eq!(
            minutes,
            [
                Some(450),
                Some(420),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0)
            ]
        );
        assert_eq!(s.approved_minutes, 870);
        let off: Vec<(String, Vec<HalfDay>)> = s
            .days
            .iter()
            .flat_map(|d| {
                d.leave
                    .iter()
                    .map(move |l| (format!("{}:{}", d.date, l.request_id), l.halves.clone()))
            })
            .collect();
        assert_eq!(
            off,
            [
                (
                    "2026-12-10:l1".to_string(),
                    vec![HalfDay::Morning, HalfDay::Afternoon]
                ),
                ("2026-12-11:l1".to_string(), vec![HalfDay::Morning]),
            ]
        );
    }

    #[test]
    fn hours_not_yet_approved_are_not_in_the_schedule() {
        let s = schedule(day("2026-12-07"), Some(&week(RequestState::Pending)), &[]);
        assert_eq!(s.week_state, Some(RequestState::Pending));
        assert!(s.days.iter().all(|d| d.minutes.is_none()));
        assert_eq!(s.approved_minutes, 0);
        let none = schedule(day("2026-12-07"), None, &[]);
        assert_eq!(none.week_state, None);
    }
}
