//! Delete a request while no worker is assigned.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestEvent;
use crate::layout::keys;
use crate::layout::records::Replacement;
use crate::operations::commit::Commit;
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{audit, load_of};
use crate::operations::{
    Access, Body, BoxFuture, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
};
use crate::ports::{Condition, Write};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("delete_replacement")
    .delete("/orgs/{org_id}/replacements/{replacement_id}")
    .access(Access::Member(Permission::RequestReplacements))
    .summary("Delete a request (draft or requested only); after assignment, cancel it")
    .answers(200, Body::of::<serde_json::Value>())
    .problems(&[409])
    .handler(Handler::plan(plans::replacement, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let current = load_of(ctx, &request, Permission::RequestReplacements).await?;
    let commit = decide(&current, &member.account_id, ctx.clock.now(), ctx.new_id())?;
    commit.run(ctx).await?;
    Output::json(200, &json!({"id": current.id, "deleted": true}))
}

/// The deletion by `actor`: only of a draft or a requested request (after
/// assignment it is cancelled instead: 409 naming the status); the request
/// is deleted on condition that it is still the version read, and the
/// deletion audited with the status it had.
fn decide(
    current: &Replacement,
    actor: &str,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<Commit, OpError> {
    current.status.apply(RequestEvent::Delete)?;
    let mut commit = Commit::new();
    commit
        .push(Write::Delete {
            key: keys::replacement(&current.org_id, &current.id),
            condition: Some(Condition::VersionIs(current.version)),
        })
        .push(
            audit(audit_id, now, actor, current, "replacement.deleted")
                .changes(json!({"status": {"before": current.status}}))
                .write(),
        );
    Ok(commit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::records::{AuditEvent, from_item};
    use crate::operations::replacements::ReplacementsError;
    use crate::operations::replacements::support::decision::fixtures::*;

    fn delete(current: &Replacement) -> Result<Commit, OpError> {
        decide(current, CLIENT, now(), "audit-1".into())
    }

    #[test]
    fn a_draft_or_requested_request_is_deleted_at_the_version_read() {
        for status in [RequestStatus::Draft, RequestStatus::Requested] {
            let commit = delete(&replacement("r", status)).unwrap();
            let Write::Delete { key, condition } = &commit.writes()[0] else {
                panic!("a deletion first: {:?}", commit.writes());
            };
            assert_eq!(key, &keys::replacement(ORG, "r"));
            assert_eq!(condition, &Some(Condition::VersionIs(3)));
        }
    }

    #[test]
    fn an_assigned_request_is_cancelled_not_deleted() {
        for status in [
            RequestStatus::Assigned,
            RequestStatus::TimesheetSubmitted,
            RequestStatus::Approved,
            RequestStatus::Cancelled,
        ] {
            let error = delete(&assigned("r", status)).unwrap_err();
            assert_eq!(
                error.refusal::<ReplacementsError>(),
                Some(&ReplacementsError::WrongRequestStatus(status))
            );
        }
    }

    #[test]
    fn the_deletion_is_audited_with_the_status_it_had() {
        let commit = delete(&replacement("r", RequestStatus::Requested)).unwrap();
        let Some(Write::Put { item, .. }) = commit.writes().last() else {
            panic!("the audit event last: {:?}", commit.writes());
        };
        let event: AuditEvent = from_item(item.clone()).unwrap();
        assert_eq!(
            (event.action.as_str(), event.actor.as_str()),
            ("replacement.deleted", CLIENT)
        );
        assert_eq!(event.target.as_deref(), Some("r"));
        assert_eq!(event.changes, json!({"status": {"before": "requested"}}));
    }
}
