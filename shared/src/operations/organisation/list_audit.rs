//! The organisation's audit log, newest first, filtered by user or action.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::layout::keys;
use crate::layout::records::{AuditEvent, from_item};
use crate::operations::reads::{PageSize, Scan};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

/// Events read per call at most when filtering.
const READ_LIMIT: usize = 1000;

pub const SPEC: OperationSpec = OperationSpec::named("list_audit")
    .get("/orgs/{org_id}/audit")
    .access(Access::Manager)
    .summary("The organisation's audit log, newest first")
    .query(&[
        ("user", "Events about this user (account id)"),
        ("action", "Events of this action, e.g. user.created"),
        ("limit", "Events per page, 1 to 100 (default 50)"),
        ("cursor", "next_cursor of the previous page"),
    ])
    .answers(200, Body::of::<AuditPage>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: String,
    pub at: jiff::Timestamp,
    /// The account that acted, or `system` / `anonymous`.
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub establishment: Option<String>,
    /// Changed fields with their values before and after.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub next_cursor: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let mut errors = ValidationErrors::default();
    let limit = match request.query("limit").map(str::parse::<usize>) {
        None => 50,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => {
            errors.push("limit", FieldCode::InvalidValue);
            50
        }
    };
    let user = request.query("user").map(str::to_string);
    let action = request.query("action").map(str::to_string);
    let filtered = user.is_some() || action.is_some();
    let mut scan = Scan {
        sk_prefix: keys::AUDIT_PREFIX,
        forward: false,
        wanted: limit,
        read_limit: READ_LIMIT,
        page_size: if filtered {
            PageSize::Fixed(100)
        } else {
            PageSize::Remaining
        },
    }
    .start(ctx, &keys::org_pk(member.org_id()), request.query("cursor"))?;
    errors.finish(())?;

    let mut items = Vec::new();
    while let Some(item) = scan.next(items.len()).await? {
        let event: AuditEvent = from_item(item)?;
        let keep = user
            .as_ref()
            .is_none_or(|u| event.target.as_ref() == Some(u) || &event.actor == u)
            && action.as_ref().is_none_or(|a| &event.action == a);
        if keep {
            items.push(AuditEntry {
                id: event.id,
                at: event.at,
                actor: event.actor,
                action: event.action,
                target: event.target,
                establishment: event.establishment,
                changes: event.changes,
            });
        }
    }
    let next_cursor = scan.next_cursor();
    Output::json(200, &AuditPage { items, next_cursor })
}
