//! The assigned worker records, per shift, actual start, end, break and
//! meal taken, and submits; the client is emailed that hours await
//! approval.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::replacement::{RequestEvent, TimesheetEntryInput, timesheet};
use crate::layout::records::Replacement;
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::decision::{Decision, Notice, To};
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{
    ReplacementView, audit, load_of, local_time,
};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("submit_timesheet")
    .put("/orgs/{org_id}/replacements/{replacement_id}/timesheet")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("The assigned worker submits her hours per shift (start, end, break, meal)")
    .takes(Body::of::<TimesheetInput>())
    .answers(200, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::plan(plans::replacement, run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimesheetInput {
    pub entries: Vec<TimesheetEntryInput>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: TimesheetInput = request.json()?;
    let current = load_of(ctx, &request, Permission::OwnTimesheet).await?;
    let zone = member.org.settings.time_zone.clone();
    Decision::made(ctx, |now, audit_id| {
        let local = local_time(now, &zone);
        decide(current, &member.account_id, &input, (now, local), audit_id)
    })
    .await
}

/// The worker `actor` submits her hours at `now` (with the organisation's
/// local time): only the assigned worker (404 to anyone else), only while
/// assigned and once the last shift has ended (409), one entry per planned
/// day at most, each ending after it starts with a shorter break (422); the
/// client is told the hours await her approval.
fn decide(
    current: Replacement,
    actor: &str,
    input: &TimesheetInput,
    (now, local): (jiff::Timestamp, jiff::civil::DateTime),
    audit_id: String,
) -> Result<Decision, OpError> {
    if current.worker_id.as_deref() != Some(actor) {
        return Err(OpError::NotFound);
    }
    let next_status = current.status.apply(RequestEvent::SubmitTimesheet)?;
    if let Some(schedule) = &current.schedule {
        schedule
            .timesheet_open(local)
            .map_err(ReplacementsError::TimesheetTooEarly)?;
    }
    let planned: Vec<jiff::civil::Date> = current
        .schedule
        .as_ref()
        .map(|s| s.shifts().iter().map(|x| x.date).collect())
        .unwrap_or_default();
    let entries = timesheet(&input.entries, &planned)?;
    let mut next = current.clone();
    next.status = next_status;
    next.timesheet = entries;
    next.updated_at = now;
    next.version = current.version + 1;
    let to_client = emails::both(|l| emails::hours_to_approve(l, &current.task));
    let audit = audit(audit_id, now, actor, &current, "timesheet.submitted")
        .set("timesheet", &next.timesheet);
    Ok(Decision {
        current_version: current.version,
        next,
        notices: vec![Notice::new(
            To::Account(current.requested_by.clone()),
            to_client,
        )],
        audit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::replacements::support::decision::fixtures::*;
    use serde_json::json;

    fn line(date: &str, start: &str, end: &str, break_minutes: u16) -> TimesheetEntryInput {
        TimesheetEntryInput {
            date: Some(date.into()),
            start_time: Some(start.into()),
            end_time: Some(end.into()),
            break_minutes,
            meal_taken: true,
        }
    }

    fn hours(entries: Vec<TimesheetEntryInput>) -> TimesheetInput {
        TimesheetInput { entries }
    }

    fn a_day() -> TimesheetInput {
        hours(vec![line("2026-12-07", "07:30", "16:00", 30)])
    }

    fn submit(
        current: Replacement,
        actor: &str,
        input: &TimesheetInput,
    ) -> Result<Decision, OpError> {
        decide(
            current,
            actor,
            input,
            (now(), after_the_shifts()),
            "audit-1".into(),
        )
    }

    /// The Saturday after the fixture's shifts (7–11 December, to 16:00).
    fn after_the_shifts() -> jiff::civil::DateTime {
        jiff::civil::date(2026, 12, 12).at(9, 0, 0, 0)
    }

    #[test]
    fn hours_are_refused_before_the_last_shift_has_ended() {
        let current = assigned("r", RequestStatus::Assigned);
        for early in [
            jiff::civil::date(2026, 12, 2).at(9, 0, 0, 0),
            jiff::civil::date(2026, 12, 11).at(15, 59, 0, 0),
        ] {
            let error = decide(
                current.clone(),
                WORKER,
                &a_day(),
                (now(), early),
                "a".into(),
            )
            .unwrap_err();
            assert_eq!(
                error.refusal::<ReplacementsError>(),
                Some(&ReplacementsError::TimesheetTooEarly(
                    jiff::civil::date(2026, 12, 11).at(16, 0, 0, 0)
                ))
            );
        }
        let at_the_end = jiff::civil::date(2026, 12, 11).at(16, 0, 0, 0);
        assert!(decide(current, WORKER, &a_day(), (now(), at_the_end), "a".into()).is_ok());
    }

    /// The fields refused when the assigned worker submits `input`.
    fn refused(input: TimesheetInput) -> Vec<String> {
        let current = assigned("r", RequestStatus::Assigned);
        refused_fields(&submit(current, WORKER, &input).unwrap_err())
    }

    #[test]
    fn only_the_assigned_worker_submits_hours() {
        let current = assigned("r", RequestStatus::Assigned);
        let error = submit(current, "another-worker", &a_day()).unwrap_err();
        assert!(matches!(error, OpError::NotFound), "{error:?}");
    }

    #[test]
    fn hours_are_submitted_only_while_assigned() {
        for status in [
            RequestStatus::TimesheetSubmitted,
            RequestStatus::Approved,
            RequestStatus::Cancelled,
        ] {
            let current = assigned("r", status);
            refused_at(status, submit(current, WORKER, &a_day()));
        }
    }

    #[test]
    fn hours_are_for_the_planned_days_only() {
        assert_eq!(
            refused(hours(vec![line("2026-12-12", "07:30", "16:00", 30)])),
            ["entries[0].date"]
        );
    }

    #[test]
    fn a_shift_ends_after_it_starts_and_its_break_is_shorter() {
        assert_eq!(
            refused(hours(vec![
                line("2026-12-07", "16:00", "07:30", 0),
                line("2026-12-08", "08:00", "09:00", 60),
            ])),
            ["entries[0].end_time", "entries[1].break_minutes"]
        );
    }

    #[test]
    fn some_hours_are_required() {
        assert_eq!(refused(hours(vec![])), ["entries"]);
    }

    #[test]
    fn submitted_hours_await_approval_sorted_by_day() {
        let current = assigned("r", RequestStatus::Assigned);
        let input = hours(vec![
            line("2026-12-08", "08:00", "16:00", 30),
            line("2026-12-07", "07:30", "16:00", 30),
        ]);
        let decision = submit(current, WORKER, &input).unwrap();
        assert_eq!(decision.next.status, RequestStatus::TimesheetSubmitted);
        assert_eq!(decision.next.version, 4);
        let days: Vec<_> = decision.next.timesheet.iter().map(|e| e.date).collect();
        assert_eq!(days, [day("2026-12-07"), day("2026-12-08")]);
        assert_eq!(decision.next.timesheet[0].net_minutes(), 480);
    }

    #[test]
    fn the_client_is_told_the_hours_await_her_approval() {
        let current = assigned("r", RequestStatus::Assigned);
        let decision = submit(current, WORKER, &a_day()).unwrap();
        let notice = only_notice(&decision);
        assert_eq!(notice.to, To::Account(CLIENT.into()));
        assert_eq!(notice.fr.0, "Heures à approuver");
    }

    #[test]
    fn the_submission_is_audited_with_the_hours() {
        let current = assigned("r", RequestStatus::Assigned);
        let decision = submit(current, WORKER, &a_day()).unwrap();
        let event = decision.audit.event();
        assert_eq!(
            (event.action.as_str(), event.actor.as_str()),
            ("timesheet.submitted", WORKER)
        );
        assert_eq!(
            event.changes,
            json!({"timesheet": {"after": [{"date": "2026-12-07", "start_minute": 450, "end_minute": 960, "break_minutes": 30, "meal_taken": true}]}})
        );
    }
}
