//! The organisation's audit log, newest first, filtered by user, person
//! (a name), action or period, with the names of the people and
//! establishments it is about, so that a manager reads it without ids.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::model::Establishment;
use crate::domain::people::membership::Membership;
use crate::domain::people::user_list::fold;
use crate::domain::validate;
use crate::layout::keys;
use crate::layout::records::{AuditEvent, from_item};
use crate::operations::organisation::support::organisations::load;
use crate::operations::reads::{PageSize, Scan, partition};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Events read per call at most when filtering.
const READ_LIMIT: usize = 1000;

pub const SPEC: OperationSpec = OperationSpec::named("list_audit")
    .get("/orgs/{org_id}/audit")
    .access(Access::Manager)
    .summary("The organisation's audit log, newest first")
    .query(&[
        ("user", "Events about this user (account id)"),
        (
            "person",
            "Events by or about a person whose name contains this text (accents and case ignored)",
        ),
        ("action", "Events of this action, e.g. user.created"),
        (
            "from",
            "Events on or after this day (YYYY-MM-DD, the organisation's time zone)",
        ),
        (
            "to",
            "Events on or before this day (YYYY-MM-DD, the organisation's time zone)",
        ),
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
    /// The actor's name, when she is (still) a member of the organisation.
    pub actor_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    /// The target's name: a member's or an establishment's, when known.
    pub target_name: Option<String>,
    pub establishment: Option<String>,
    pub establishment_name: Option<String>,
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
    let person = request
        .query("person")
        .map(fold)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    let mut day = |name: &str| {
        validate::date(request.query(name)).unwrap_or_else(|code| {
            errors.push(name, code);
            None
        })
    };
    let (from, to) = (day("from"), day("to"));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.push("to", FieldCode::EndBeforeStart);
    }
    let filtered =
        user.is_some() || action.is_some() || person.is_some() || from.is_some() || to.is_some();
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

    let org_id = member.org_id();
    let period = Period::of(ctx, org_id, from, to).await?;
    let names = Names::of(ctx, org_id).await?;
    let mut items = Vec::new();
    while let Some(item) = scan.next(items.len()).await? {
        let event: AuditEvent = from_item(item)?;
        let actor_name = names.person(&event.actor);
        let target_name = event.target.as_deref().and_then(|t| names.any(t));
        let keep = user
            .as_ref()
            .is_none_or(|u| event.target.as_ref() == Some(u) || &event.actor == u)
            && action.as_ref().is_none_or(|a| &event.action == a)
            && period.contains(event.at)
            && person.as_ref().is_none_or(|p| {
                [&actor_name, &target_name]
                    .iter()
                    .any(|n| n.as_deref().is_some_and(|n| fold(n).contains(p.as_str())))
            });
        if keep {
            let establishment_name = event
                .establishment
                .as_deref()
                .and_then(|e| names.establishment(e));
            items.push(AuditEntry {
                id: event.id,
                at: event.at,
                actor: event.actor,
                actor_name,
                action: event.action,
                target: event.target,
                target_name,
                establishment: event.establishment,
                establishment_name,
                changes: event.changes,
            });
        }
    }
    let next_cursor = scan.next_cursor();
    Output::json(200, &AuditPage { items, next_cursor })
}

/// The days asked for, as instants: from the start of `from` to the end of
/// `to`, in the organisation's time zone.
struct Period {
    start: Option<jiff::Timestamp>,
    end: Option<jiff::Timestamp>,
}

impl Period {
    async fn of(
        ctx: &Context,
        org_id: &str,
        from: Option<jiff::civil::Date>,
        to: Option<jiff::civil::Date>,
    ) -> Result<Period, crate::operations::OpError> {
        if from.is_none() && to.is_none() {
            return Ok(Period {
                start: None,
                end: None,
            });
        }
        let org = load(ctx, org_id).await?;
        let tz =
            jiff::tz::TimeZone::get(&org.settings.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let start_of = |d: jiff::civil::Date| d.to_zoned(tz.clone()).ok().map(|z| z.timestamp());
        Ok(Period {
            start: from.and_then(start_of),
            end: to.and_then(|d| d.tomorrow().ok()).and_then(start_of),
        })
    }

    fn contains(&self, at: jiff::Timestamp) -> bool {
        self.start.is_none_or(|s| at >= s) && self.end.is_none_or(|e| at < e)
    }
}

/// The organisation's members and establishments by id, to name them.
struct Names {
    people: HashMap<String, String>,
    establishments: HashMap<String, String>,
}

impl Names {
    async fn of(ctx: &Context, org_id: &str) -> Result<Names, crate::operations::OpError> {
        let members: Vec<Membership> = partition(ctx, org_id, keys::MEMBER_PREFIX).await?;
        let ests: Vec<Establishment> = partition(ctx, org_id, keys::ESTABLISHMENT_PREFIX).await?;
        Ok(Names {
            people: members
                .into_iter()
                .map(|m| (m.account_id, format!("{} {}", m.first_name, m.last_name)))
                .collect(),
            establishments: ests.into_iter().map(|e| (e.id, e.name)).collect(),
        })
    }

    fn person(&self, id: &str) -> Option<String> {
        self.people.get(id).cloned()
    }

    fn establishment(&self, id: &str) -> Option<String> {
        self.establishments.get(id).cloned()
    }

    fn any(&self, id: &str) -> Option<String> {
        self.person(id).or_else(|| self.establishment(id))
    }
}
