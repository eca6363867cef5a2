//! Payroll export: approved hours of a period as CSV, one line per shift,
//! with the submitted, adjustment and payable minutes and hours. Seed 004's
//! "Données des reporting" (`reports`) opens it: a holder sees the shifts of
//! the establishments where she holds it; a manager, all of them.

use crate::domain::organisation::model::Establishment;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::{RequestStatus, format_time, payable_minutes};
use crate::layout::keys;
use crate::layout::records::Replacement;
use crate::operations::csv::{self, Cell};
use crate::operations::reads::partition;
use crate::operations::replacements::support::period::period;
use crate::operations::{Access, Body, Context, Handler, OperationSpec, Outcome, Request, run_fn};
use std::collections::BTreeMap;

pub const SPEC: OperationSpec = OperationSpec::named("payroll_export")
    .get("/orgs/{org_id}/payroll")
    .access(Access::Member(Permission::Reports))
    .summary("Approved hours of a period as CSV (text/csv), one line per shift, for the establishments where the caller holds reports")
    .query(&[
        ("from", "First day (YYYY-MM-DD)"),
        ("to", "Last day (YYYY-MM-DD)"),
    ])
    .answers(200, Body::of::<String>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

/// The export's columns.
const HEADER: [&str; 16] = [
    "date",
    "establishment",
    "worker_id",
    "worker",
    "request",
    "start",
    "end",
    "break_minutes",
    "submitted_minutes",
    "adjustment_minutes",
    "payable_minutes",
    "submitted_hours",
    "adjustment_hours",
    "payable_hours",
    "meal",
    "notes",
];

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let (from, to) = period(&request)?;
    let names: BTreeMap<String, String> =
        partition::<Establishment>(ctx, member.org_id(), keys::ESTABLISHMENT_PREFIX)
            .await?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
    let mut approved: Vec<Replacement> = partition(ctx, member.org_id(), keys::REPLACEMENT_PREFIX)
        .await?
        .into_iter()
        .filter(|r: &Replacement| r.status == RequestStatus::Approved)
        .filter(|r| {
            member
                .access()
                .allows_at(Permission::Reports, &r.establishment_id)
        })
        .collect();
    approved.sort_by(|a, b| a.id.cmp(&b.id));
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for r in &approved {
        for e in r
            .timesheet
            .iter()
            .filter(|e| e.date >= from && e.date <= to)
        {
            let adjustments: Vec<_> = r.adjustments.iter().filter(|a| a.date == e.date).collect();
            let delta: i64 = adjustments.iter().map(|a| i64::from(a.delta_minutes)).sum();
            let meal = adjustments.last().map_or(e.meal_taken, |a| a.meal);
            let notes: Vec<&str> = adjustments.iter().map(|a| a.note.as_str()).collect();
            let payable = payable_minutes(e, &r.adjustments);
            rows.push(vec![
                Cell::text(e.date.to_string()),
                Cell::text(
                    names
                        .get(&r.establishment_id)
                        .cloned()
                        .unwrap_or_else(|| r.establishment_id.clone()),
                ),
                Cell::text(r.worker_id.clone().unwrap_or_default()),
                Cell::text(r.worker_first_name.clone().unwrap_or_default()),
                Cell::text(r.id.clone()),
                Cell::text(format_time(e.start_minute)),
                Cell::text(format_time(e.end_minute)),
                Cell::Int(e.break_minutes.into()),
                Cell::Int(e.net_minutes()),
                Cell::Int(delta),
                Cell::Int(payable),
                Cell::Hours(e.net_minutes()),
                Cell::Hours(delta),
                Cell::Hours(payable),
                Cell::text(if meal { "oui" } else { "non" }),
                Cell::text(notes.join(" | ")),
            ]);
        }
    }
    // By date first (the first cell), then the rest of the line.
    rows.sort();
    Ok(csv::answer(csv::write(&HEADER, &rows)))
}
