//! Modify a request while no worker is assigned.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::model::OrgSettings;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestEvent;
use crate::domain::validate;
use crate::layout::records::Replacement;
use crate::operations::replacements::support::decision::Decision;
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{ReplacementView, audit, load_of};
use crate::operations::{
    Access, Body, BoxFuture, Context, Handler, OpError, OperationSpec, Outcome, Request,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("update_replacement")
    .patch("/orgs/{org_id}/replacements/{replacement_id}")
    .access(Access::Member(Permission::RequestReplacements))
    .summary("Modify a request (draft or requested only)")
    .takes(Body::of::<ReplacementPatch>())
    .answers(200, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::plan(plans::replacement, handler));

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

/// Fields a client may change before a worker is assigned.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplacementPatch {
    pub version: Option<u64>,
    pub function: Option<String>,
    pub age_group: Option<String>,
    pub task: Option<String>,
    pub qualified: Option<bool>,
    pub notes: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let patch: ReplacementPatch = request.json()?;
    let current = load_of(ctx, &request, Permission::RequestReplacements).await?;
    // A stale version fails its condition: 409.
    Decision::made(ctx, |now, audit_id| {
        decide(
            current,
            &member.org.settings,
            &patch,
            &member.account_id,
            now,
            audit_id,
        )
    })
    .await
}

/// The request as `actor` modifies it with `patch`: only while a draft or
/// requested (409 naming the status); the function and the age group are
/// among the organisation's (`settings`), the task is required text (200),
/// the notes optional (2000); the version is required (422) and must be the
/// one read (409), the fields answered first. Only the fields sent change;
/// audited with the fields before and after. Nobody is emailed.
fn decide(
    current: Replacement,
    settings: &OrgSettings,
    patch: &ReplacementPatch,
    actor: &str,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<Decision, OpError> {
    current.status.apply(RequestEvent::Edit)?;
    let mut errors = ValidationErrors::default();
    let mut next = current.clone();
    if let Some(f) = &patch.function {
        if settings.replacement_functions.iter().any(|x| x == f.trim()) {
            next.function = f.trim().to_string();
        } else {
            errors.push("function", FieldCode::InvalidValue);
        }
    }
    if let Some(a) = &patch.age_group {
        if settings.age_groups.iter().any(|x| x == a.trim()) {
            next.age_group = a.trim().to_string();
        } else {
            errors.push("age_group", FieldCode::InvalidValue);
        }
    }
    if patch.task.is_some()
        && let Some(t) = errors.take("task", validate::required_text(patch.task.as_deref(), 200))
    {
        next.task = t;
    }
    if patch.notes.is_some() {
        next.notes = errors
            .take(
                "notes",
                validate::optional_text(patch.notes.as_deref(), 2000),
            )
            .flatten();
    }
    if let Some(q) = patch.qualified {
        next.qualified = q;
    }
    if patch.version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    errors.finish(())?;
    if patch.version != Some(current.version) {
        return Err(OpError::VersionConflict);
    }
    next.updated_at = now;
    next.version = current.version + 1;
    let audit = audit(audit_id, now, actor, &current, "replacement.modified")
        .changes(json!({"before": {"function": current.function, "age_group": current.age_group, "task": current.task, "qualified": current.qualified}, "after": {"function": next.function, "age_group": next.age_group, "task": next.task, "qualified": next.qualified}}));
    Ok(Decision::new(&current, next, audit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::replacements::support::decision::fixtures::*;

    fn patch() -> ReplacementPatch {
        ReplacementPatch {
            version: Some(3),
            function: None,
            age_group: None,
            task: None,
            qualified: None,
            notes: None,
        }
    }

    fn modify(current: Replacement, patch: &ReplacementPatch) -> Result<Decision, OpError> {
        decide(
            current,
            &OrgSettings::default(),
            patch,
            CLIENT,
            now(),
            "audit-1".into(),
        )
    }

    fn requested() -> Replacement {
        replacement("r", RequestStatus::Requested)
    }

    #[test]
    fn a_request_is_modified_only_before_a_worker_is_assigned() {
        for status in [RequestStatus::Assigned, RequestStatus::Cancelled] {
            refused_at(status, modify(assigned("r", status), &patch()));
        }
    }

    #[test]
    fn the_function_and_the_age_group_are_the_organisation_s() {
        let patch = ReplacementPatch {
            function: Some("Astronaute".into()),
            age_group: Some(" Scolaire ".into()),
            ..patch()
        };
        let error = modify(requested(), &patch).unwrap_err();
        assert_eq!(refused_fields(&error), ["function"]);
    }

    #[test]
    fn only_the_fields_sent_change() {
        let patch = ReplacementPatch {
            age_group: Some(" Scolaire ".into()),
            qualified: Some(false),
            ..patch()
        };
        let decision = modify(requested(), &patch).unwrap();
        let next = &decision.next;
        assert_eq!(
            (next.age_group.as_str(), next.qualified),
            ("Scolaire", false)
        );
        assert_eq!(
            (next.function.as_str(), next.task.as_str()),
            ("Éducatrice", "Groupe des Lutins")
        );
        assert_eq!((decision.current_version, next.version), (3, 4));
    }

    #[test]
    fn the_version_read_is_required_and_the_fields_answered_first() {
        let missing = ReplacementPatch {
            version: None,
            task: Some(" ".into()),
            ..patch()
        };
        let error = modify(requested(), &missing).unwrap_err();
        assert_eq!(refused_fields(&error), ["task", "version"]);
        let stale = ReplacementPatch {
            version: Some(2),
            ..patch()
        };
        let error = modify(requested(), &stale).unwrap_err();
        assert!(matches!(error, OpError::VersionConflict), "{error:?}");
    }

    #[test]
    fn the_modification_is_audited_with_the_fields_before_and_after() {
        let patch = ReplacementPatch {
            task: Some("Groupe des Hiboux".into()),
            ..patch()
        };
        let decision = modify(requested(), &patch).unwrap();
        assert!(decision.notices.is_empty());
        let event = decision.audit.event();
        assert_eq!(event.action, "replacement.modified");
        assert_eq!(event.changes["before"]["task"], "Groupe des Lutins");
        assert_eq!(event.changes["after"]["task"], "Groupe des Hiboux");
    }
}
