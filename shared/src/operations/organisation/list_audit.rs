//! The organisation's audit log, newest first, filtered by user or action.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::user_list::Cursor;
use crate::layout::keys;
use crate::layout::records::{AuditEvent, from_item};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::Query;
use crate::ports::store::{PK, SK};
use serde::Serialize;
use std::collections::BTreeMap;
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
    let org_pk = keys::org_pk(member.org_id());
    let mut start =
        match crate::operations::reads::partition_start(request.query("cursor"), &org_pk) {
            Ok(start) => start,
            Err(()) => return Err(crate::operations::reads::bad_cursor()),
        };
    errors.finish(())?;
    let user = request.query("user").map(str::to_string);
    let action = request.query("action").map(str::to_string);
    let filtered = user.is_some() || action.is_some();

    let mut items = Vec::new();
    let mut read = 0;
    let mut last: Option<BTreeMap<String, String>> = None;
    let mut more = true;
    while items.len() < limit && read < READ_LIMIT && more {
        let page = ctx
            .store
            .query(Query {
                pk: org_pk.clone(),
                sk_prefix: Some(keys::AUDIT_PREFIX.into()),
                limit: Some(if filtered {
                    100
                } else {
                    (limit - items.len()) as u32
                }),
                start: start.take(),
                forward: false,
                ..Query::default()
            })
            .await?;
        more = page.next.is_some();
        start = page.next;
        let count = page.items.len();
        for (i, item) in page.items.into_iter().enumerate() {
            read += 1;
            let sk = item
                .get(SK)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            last = Some([(PK.to_string(), org_pk.clone()), (SK.to_string(), sk)].into());
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
            if items.len() >= limit && i + 1 < count {
                more = true;
                break;
            }
        }
    }
    let next_cursor = if more {
        last.map(|k| Cursor::Key(k).encode())
    } else {
        None
    };
    Output::json(200, &AuditPage { items, next_cursor })
}
