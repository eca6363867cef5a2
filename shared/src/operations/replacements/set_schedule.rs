//! "Horaire" (seed 001): the schedule of a request — dates, hours, unpaid
//! break, days left out; one shift per day. Draft → requested.

use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::{RequestEvent, Schedule};
use crate::layout::records::Replacement;
use crate::operations::replacements::support::decision::Decision;
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{
    ReplacementView, ScheduleInput, audit, load_of,
};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("set_schedule")
    .put("/orgs/{org_id}/replacements/{replacement_id}/schedule")
    .access(Access::Member(Permission::RequestReplacements))
    .summary(
        "Set the schedule of a request (draft → requested); editable until a worker is assigned",
    )
    .takes(Body::of::<ScheduleInput>())
    .answers(200, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::plan(plans::replacement, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: ScheduleInput = request.json()?;
    let schedule = input
        .parse()
        .map_err(|e: ValidationErrors| OpError::Validation(e))?;
    let current = load_of(ctx, &request, Permission::RequestReplacements).await?;
    // A stale version fails the condition: 409 (`From<StoreError>`).
    Decision::made(ctx, |now, audit_id| {
        decide(current, schedule, &member.account_id, now, audit_id)
    })
    .await
}

/// The schedule set by `actor`: while the request is a draft or requested
/// (no worker assigned yet; otherwise 409 naming its status), and it is
/// requested from then on; the write is conditioned on the version read;
/// audited with the status and the schedule. Nobody is emailed.
fn decide(
    current: Replacement,
    schedule: Schedule,
    actor: &str,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<Decision, OpError> {
    let mut next = current.clone();
    next.status = current.status.apply(RequestEvent::Schedule)?;
    next.schedule = Some(schedule);
    next.requested_at = current.requested_at.or(Some(now));
    next.updated_at = now;
    next.version = current.version + 1;
    let audit = audit(audit_id, now, actor, &current, "replacement.scheduled")
        .change("status", current.status, next.status)
        .set("schedule", &next.schedule);
    Ok(Decision::new(&current, next, audit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::replacements::support::decision::fixtures::*;

    /// 14–18 December, 08:00–16:00.
    fn later() -> Schedule {
        schedule("2026-12-14", "2026-12-18", "08:00", "16:00")
    }

    fn set(current: Replacement) -> Result<Decision, OpError> {
        decide(current, later(), CLIENT, now(), "audit-1".into())
    }

    #[test]
    fn a_draft_is_requested_once_scheduled() {
        let decision = set(replacement("r", RequestStatus::Draft)).unwrap();
        assert_eq!(decision.next.status, RequestStatus::Requested);
        assert_eq!(decision.next.schedule, Some(later()));
        assert_eq!((decision.current_version, decision.next.version), (3, 4));
        assert_eq!(decision.next.updated_at, now());
    }

    #[test]
    fn a_requested_request_is_rescheduled_until_a_worker_is_assigned() {
        let decision = set(replacement("r", RequestStatus::Requested)).unwrap();
        assert_eq!(decision.next.status, RequestStatus::Requested);
        assert_eq!(decision.next.schedule, Some(later()));
    }

    #[test]
    fn an_assigned_request_keeps_its_schedule() {
        for status in [
            RequestStatus::Assigned,
            RequestStatus::TimesheetSubmitted,
            RequestStatus::Cancelled,
        ] {
            refused_at(status, set(assigned("r", status)));
        }
    }

    #[test]
    fn the_schedule_is_audited_with_the_status_and_emails_nobody() {
        let decision = set(replacement("r", RequestStatus::Draft)).unwrap();
        assert!(decision.notices.is_empty());
        let event = decision.audit.event();
        assert_eq!(
            (event.action.as_str(), event.actor.as_str()),
            ("replacement.scheduled", CLIENT)
        );
        assert_eq!(
            event.changes["status"],
            serde_json::json!({"before": "draft", "after": "requested"})
        );
        assert_eq!(
            event.changes["schedule"]["after"]["start_date"],
            "2026-12-14"
        );
    }
}
