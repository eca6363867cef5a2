//! Cancel, mark unfilled: the request's status decides what is allowed (a
//! 409 names the current status); every change is audited; a cancelled
//! assignment is emailed to the worker, an unfilled request to the client.
//! (Modifying and deleting are in their operations.)

use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::replacement::RequestEvent;
use crate::layout::records::{Replacement, Revised};
use crate::operations::phases::RunFn;
use crate::operations::replacements::support::decision::{Decision, Notice, To};
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{ReplacementView, audit, load_of};
use crate::operations::{Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Request};

/// An operation that closes a request by `event` (cancel, mark unfilled):
/// `POST path` for whoever holds `permission`, answering the request.
pub(crate) const fn closing(
    id: &'static str,
    path: &'static str,
    permission: Permission,
    summary: &'static str,
    run: RunFn,
) -> OperationSpec {
    OperationSpec::named(id)
        .post(path)
        .access(Access::Member(permission))
        .summary(summary)
        .answers(200, Body::of::<ReplacementView>())
        .problems(&[409])
        .handler(Handler::plan(plans::replacement, run))
}

/// Cancel (client) or mark unfilled (dispatcher).
pub(crate) async fn close(ctx: &Context, request: Request, event: RequestEvent) -> Outcome {
    let member = request.member()?;
    let permission = if event == RequestEvent::Cancel {
        Permission::RequestReplacements
    } else {
        Permission::Dispatch
    };
    let current = load_of(ctx, &request, permission).await?;
    decide_close(
        current,
        event,
        &member.account_id,
        ctx.clock.now(),
        ctx.new_id(),
    )?
    .commit(ctx)
    .await
}

/// Closes the request by `actor`: cancelled while requested or assigned
/// (its worker, if any, is emailed), marked unfilled while requested (the
/// client is emailed); otherwise 409 naming the status. Audited either way.
pub(crate) fn decide_close(
    current: Replacement,
    event: RequestEvent,
    actor: &str,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<Decision, OpError> {
    let mut next = current.revised(now);
    next.status = current.status.apply(event)?;
    let (to, wording, action) = if event == RequestEvent::Cancel {
        (
            current.worker_id.clone(),
            emails::both(|l| emails::replacement_cancelled(l, &current.task)),
            "replacement.cancelled",
        )
    } else {
        (
            Some(current.requested_by.clone()),
            emails::both(|l| emails::replacement_unfilled(l, &current.task)),
            "replacement.unfilled",
        )
    };
    let audit =
        audit(audit_id, now, actor, &current, action).change("status", current.status, next.status);
    Ok(Decision {
        current_version: current.version,
        next,
        notices: to
            .map(|account| Notice::new(To::Account(account), wording))
            .into_iter()
            .collect(),
        audit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::replacements::replacement::RequestStatus;
    use crate::operations::replacements::ReplacementsError;
    use crate::operations::replacements::support::decision::fixtures::*;
    use serde_json::json;

    fn close(current: Replacement, event: RequestEvent) -> Result<Decision, OpError> {
        decide_close(current, event, "actor", now(), "audit-1".into())
    }

    /// A requested request (no worker yet), closed by `event`.
    fn requested(event: RequestEvent) -> Decision {
        close(replacement("r", RequestStatus::Requested), event).unwrap()
    }

    fn refusal(result: Result<Decision, OpError>) -> Option<ReplacementsError> {
        result.unwrap_err().refusal::<ReplacementsError>().copied()
    }

    #[test]
    fn a_request_is_cancelled_while_requested_or_assigned() {
        for current in [
            replacement("r", RequestStatus::Requested),
            assigned("r", RequestStatus::Assigned),
        ] {
            let decision = close(current, RequestEvent::Cancel).unwrap();
            assert_eq!(decision.next.status, RequestStatus::Cancelled);
            assert_eq!((decision.current_version, decision.next.version), (3, 4));
        }
    }

    #[test]
    fn a_request_is_not_cancelled_once_its_hours_are_in_or_it_is_closed() {
        for status in [
            RequestStatus::Draft,
            RequestStatus::TimesheetSubmitted,
            RequestStatus::Approved,
            RequestStatus::Cancelled,
            RequestStatus::Unfilled,
        ] {
            assert_eq!(
                refusal(close(assigned("r", status), RequestEvent::Cancel)),
                Some(ReplacementsError::WrongRequestStatus(status))
            );
        }
    }

    #[test]
    fn cancelling_an_assigned_request_emails_the_worker() {
        let decision = close(assigned("r", RequestStatus::Assigned), RequestEvent::Cancel).unwrap();
        let notice = only_notice(&decision);
        assert_eq!(notice.to, To::Account(WORKER.into()));
        assert_eq!(notice.fr.0, "Remplacement annulé");
    }

    #[test]
    fn cancelling_a_request_without_a_worker_emails_nobody() {
        let decision = requested(RequestEvent::Cancel);
        assert!(decision.notices.is_empty());
    }

    #[test]
    fn only_a_requested_request_is_marked_unfilled() {
        for status in [
            RequestStatus::Draft,
            RequestStatus::Assigned,
            RequestStatus::Cancelled,
        ] {
            assert_eq!(
                refusal(close(replacement("r", status), RequestEvent::MarkUnfilled)),
                Some(ReplacementsError::WrongRequestStatus(status))
            );
        }
    }

    #[test]
    fn an_unfilled_request_emails_the_client() {
        let decision = requested(RequestEvent::MarkUnfilled);
        assert_eq!(decision.next.status, RequestStatus::Unfilled);
        let notice = only_notice(&decision);
        assert_eq!(notice.to, To::Account(CLIENT.into()));
        assert_eq!(notice.en.0, "Replacement unfilled");
    }

    #[test]
    fn a_cancellation_and_an_unfilled_request_are_audited_apart() {
        let cancelled = requested(RequestEvent::Cancel);
        let unfilled = requested(RequestEvent::MarkUnfilled);
        assert_eq!(cancelled.audit.event().action, "replacement.cancelled");
        assert_eq!(unfilled.audit.event().action, "replacement.unfilled");
        assert_eq!(
            unfilled.audit.event().changes,
            json!({"status": {"before": "requested", "after": "unfilled"}})
        );
        assert_eq!(unfilled.audit.event().target.as_deref(), Some("r"));
    }
}
