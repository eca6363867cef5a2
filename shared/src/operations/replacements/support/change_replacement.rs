//! Modify, delete, cancel, mark unfilled: the request's status decides what
//! is allowed (a 409 names the current status); every change is audited;
//! a cancelled assignment is emailed to the worker, an unfilled request to
//! the client.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::replacement::RequestEvent;
use crate::domain::validate;
use crate::layout::keys;
use crate::layout::records::{Replacement, create, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::load as load_org;
use crate::operations::reads::memberships_of;
use crate::operations::replacements::support::replacements::{ReplacementView, audit, load};
use crate::operations::{Context, OpError, Outcome, Output, Request};
use crate::ports::{Condition, Write};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

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

/// The change's audit event, now.
fn audit_now(ctx: &Context, actor: &str, r: &Replacement, action: &str) -> Audit {
    audit(ctx.new_id(), ctx.clock.now(), actor, r, action)
}

pub(crate) async fn modify(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let patch: ReplacementPatch = request.json()?;
    let current = load(
        ctx,
        member,
        request.param("replacement_id")?,
        Permission::RequestReplacements,
    )
    .await?;
    current.status.apply(RequestEvent::Edit)?;
    let org = load_org(ctx, &current.org_id).await?;
    let mut errors = ValidationErrors::default();
    let mut next = current.clone();
    if let Some(f) = &patch.function {
        if org
            .settings
            .replacement_functions
            .iter()
            .any(|x| x == f.trim())
        {
            next.function = f.trim().to_string();
        } else {
            errors.push("function", FieldCode::InvalidValue);
        }
    }
    if let Some(a) = &patch.age_group {
        if org.settings.age_groups.iter().any(|x| x == a.trim()) {
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
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    // A stale version fails its condition: 409.
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        audit_now(ctx, &member.account_id, &current, "replacement.modified")
            .changes(json!({"before": {"function": current.function, "age_group": current.age_group, "task": current.task, "qualified": current.qualified}, "after": {"function": next.function, "age_group": next.age_group, "task": next.task, "qualified": next.qualified}}))
            .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &ReplacementView::new(&next))
}

pub(crate) async fn delete(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let current = load(
        ctx,
        member,
        request.param("replacement_id")?,
        Permission::RequestReplacements,
    )
    .await?;
    current.status.apply(RequestEvent::Delete)?;
    let mut commit = Commit::new();
    commit
        .push(Write::Delete {
            key: keys::replacement(&current.org_id, &current.id),
            condition: Some(Condition::VersionIs(current.version)),
        })
        .push(
            audit_now(ctx, &member.account_id, &current, "replacement.deleted")
                .changes(json!({"status": {"before": current.status}}))
                .write(),
        );
    commit.run(ctx).await?;
    Output::json(200, &json!({"id": current.id, "deleted": true}))
}

/// Cancel (client) or mark unfilled (dispatcher).
pub(crate) async fn close(ctx: &Context, request: Request, event: RequestEvent) -> Outcome {
    let member = request.member()?;
    let permission = if event == RequestEvent::Cancel {
        Permission::RequestReplacements
    } else {
        Permission::Dispatch
    };
    let current = load(ctx, member, request.param("replacement_id")?, permission).await?;
    let mut next = current.clone();
    next.status = current.status.apply(event)?;
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let org = load_org(ctx, &current.org_id).await?;
    let mut messages = Vec::new();
    let (to, (fr, en)) = if event == RequestEvent::Cancel {
        (
            current.worker_id.clone(),
            emails::both(|l| emails::replacement_cancelled(l, &current.task)),
        )
    } else {
        (
            Some(current.requested_by.clone()),
            emails::both(|l| emails::replacement_unfilled(l, &current.task)),
        )
    };
    if let Some(account) = to
        && let Some(person) = memberships_of(ctx, &account)
            .await?
            .into_iter()
            .find(|m| m.org_id == current.org_id)
    {
        messages.push(crate::operations::outbox::notice(
            ctx, &org, &person, fr, en,
        ));
    }
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    commit.extend(messages.iter().map(create));
    let action = if event == RequestEvent::Cancel {
        "replacement.cancelled"
    } else {
        "replacement.unfilled"
    };
    commit.push(
        audit_now(ctx, &member.account_id, &current, action)
            .change("status", current.status, next.status)
            .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &ReplacementView::new(&next))
}
