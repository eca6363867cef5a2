//! The client's requests (seed 001's list, refreshed on demand), newest
//! first, by establishment, status and date range: those of the
//! establishments where the caller requests replacements or approves hours;
//! a dispatcher sees every request of the service (the dispatch view:
//! `status=requested`), whichever of the three permissions she holds.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::domain::people::user_list::Cursor;
use crate::domain::replacements::replacement::RequestStatus;
use crate::layout::keys;
use crate::layout::records::Replacement;
use crate::operations::reads::partition;
use crate::operations::replacements::support::replacements::ReplacementView;
use crate::operations::replacements::support::replacements::Replacements;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("list_replacements")
    .get("/orgs/{org_id}/replacements")
    .access(Access::MemberAny(&[
        Permission::RequestReplacements,
        Permission::ApproveHours,
        Permission::Dispatch,
    ]))
    .summary("Replacement requests, newest first, with status and the worker's first name")
    .query(&[
        ("establishment", "Only this installation"),
        (
            "status",
            "draft, requested, assigned, timesheet_submitted, approved, cancelled, unfilled",
        ),
        ("from", "Schedules ending on or after this date"),
        ("to", "Schedules starting on or before this date"),
        ("limit", "1 to 100 (default 50)"),
        ("cursor", "next_cursor of the previous page"),
    ])
    .answers(200, Body::of::<Replacements>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let mut errors = ValidationErrors::default();
    let status = request.query("status").and_then(|s| {
        let parsed = serde_json::from_value::<RequestStatus>(serde_json::json!(s)).ok();
        if parsed.is_none() {
            errors.push("status", FieldCode::InvalidValue);
        }
        parsed
    });
    let date = |name: &str, errors: &mut ValidationErrors| {
        request.query(name).and_then(|raw| {
            errors
                .take(name, crate::domain::validate::date(Some(raw)))
                .flatten()
        })
    };
    let from = date("from", &mut errors);
    let to = date("to", &mut errors);
    let limit = match request.query("limit").map(str::parse::<usize>) {
        None => 50,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => {
            errors.push("limit", FieldCode::InvalidValue);
            50
        }
    };
    let start = match request.query("cursor").map(Cursor::decode) {
        None => 0,
        Some(Some(Cursor::After { offset, .. })) => offset,
        Some(_) => {
            errors.push("cursor", FieldCode::InvalidValue);
            0
        }
    };
    errors.finish(())?;
    let access = member.access();
    let dispatcher = access.allows_somewhere(Permission::Dispatch);
    let establishment = request.query("establishment");
    let mut items: Vec<Replacement> = partition(ctx, member.org_id(), keys::REPLACEMENT_PREFIX)
        .await?
        .into_iter()
        .filter(|r: &Replacement| {
            dispatcher
                || access.allows_at(Permission::RequestReplacements, &r.establishment_id)
                || access.allows_at(Permission::ApproveHours, &r.establishment_id)
        })
        .filter(|r| establishment.is_none_or(|e| r.establishment_id == e))
        .filter(|r| status.is_none_or(|s| r.status == s))
        .filter(|r| match (&r.schedule, from) {
            (Some(s), Some(f)) => s.end_date >= f,
            (None, Some(_)) => false,
            _ => true,
        })
        .filter(|r| match (&r.schedule, to) {
            (Some(s), Some(t)) => s.start_date <= t,
            (None, Some(_)) => false,
            _ => true,
        })
        .collect();
    items.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    let total = items.len();
    let page: Vec<ReplacementView> = items
        .iter()
        .skip(start)
        .take(limit)
        .map(ReplacementView::new)
        .collect();
    let end = start + page.len();
    let next_cursor = (end < total).then(|| {
        Cursor::After {
            after_id: page.last().map(|r| r.id.clone()).unwrap_or_default(),
            offset: end,
        }
        .encode()
    });
    Output::json(
        200,
        &Replacements {
            items: page,
            total,
            next_cursor,
        },
    )
}
