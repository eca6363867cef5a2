//! Seed 004's "Données des reporting": a period's figures for the
//! establishments where the caller holds `reports` (a manager: all of
//! them) — the approved hours per establishment, the replacements per
//! status (those with a shift in the period), and the leave taken (approved
//! leave overlapping the period, by type, counted whole). As JSON, or as
//! CSV (`format=csv`, the figures one per line).

use crate::domain::employee_space::employee::{LeaveType, RequestState};
use crate::domain::organisation::model::Establishment;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::{RequestStatus, payable_minutes};
use crate::layout::employee::{EmployeeRequest, RequestDetails};
use crate::layout::keys;
use crate::layout::records::Replacement;
use crate::operations::csv::{self, Cell};
use crate::operations::reads::partition;
use crate::operations::replacements::support::period::period;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("get_reports")
    .get("/orgs/{org_id}/reports")
    .access(Access::Member(Permission::Reports))
    .summary("A period's figures where the caller holds reports: approved hours per establishment, replacements per status, leave taken; JSON or CSV")
    .query(&[
        ("from", "First day (YYYY-MM-DD)"),
        ("to", "Last day (YYYY-MM-DD)"),
        ("format", "json (default) or csv"),
    ])
    .answers(200, Body::of::<Reports>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct Reports {
    #[schema(value_type = String, format = Date)]
    pub from: jiff::civil::Date,
    #[schema(value_type = String, format = Date)]
    pub to: jiff::civil::Date,
    /// Approved hours of the period's shifts, per establishment.
    pub hours: Vec<EstablishmentHours>,
    /// Replacements with a shift in the period, per status.
    pub replacements: Vec<StatusCount>,
    /// Approved leave overlapping the period, per type.
    pub leave: Vec<LeaveTaken>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EstablishmentHours {
    pub establishment_id: String,
    pub establishment_name: String,
    pub shifts: u32,
    pub payable_minutes: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCount {
    pub status: RequestStatus,
    pub count: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaveTaken {
    pub leave_type: LeaveType,
    pub requests: u32,
    pub half_days: u32,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let (from, to) = period(&request)?;
    let csv_wanted = csv::wanted(&request)?;
    let org = member.org_id();
    let here = |establishment: &str| {
        member
            .access()
            .allows_at(Permission::Reports, establishment)
    };
    let names: BTreeMap<String, String> =
        partition::<Establishment>(ctx, org, keys::ESTABLISHMENT_PREFIX)
            .await?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
    let replacements: Vec<Replacement> = partition(ctx, org, keys::REPLACEMENT_PREFIX)
        .await?
        .into_iter()
        .filter(|r: &Replacement| here(&r.establishment_id))
        .collect();
    let mut hours: BTreeMap<String, (u32, i64)> = BTreeMap::new();
    let mut statuses: BTreeMap<String, (RequestStatus, u32)> = BTreeMap::new();
    for r in &replacements {
        let in_period = r.schedule.as_ref().is_some_and(|s| {
            s.shifts()
                .iter()
                .any(|shift| shift.date >= from && shift.date <= to)
        });
        if in_period {
            let key = format!("{:?}", r.status);
            statuses.entry(key).or_insert((r.status, 0)).1 += 1;
        }
        if r.status == RequestStatus::Approved {
            for entry in r
                .timesheet
                .iter()
                .filter(|e| e.date >= from && e.date <= to)
            {
                let line = hours.entry(r.establishment_id.clone()).or_default();
                line.0 += 1;
                line.1 += payable_minutes(entry, &r.adjustments);
            }
        }
    }
    let leave_requests: Vec<EmployeeRequest> = partition(
        ctx,
        org,
        &format!("{}leave#", keys::EMPLOYEE_REQUEST_PREFIX),
    )
    .await?;
    let mut leave: BTreeMap<String, (LeaveType, u32, u32)> = BTreeMap::new();
    for l in leave_requests
        .iter()
        .filter(|l| l.state == RequestState::Approved)
    {
        let counted = match &l.establishment_id {
            Some(est) => here(est),
            None => member.membership.manager,
        };
        if let RequestDetails::Leave {
            leave_type,
            start_date,
            end_date,
            half_days,
            ..
        } = &l.details
            && counted
            && *start_date <= to
            && *end_date >= from
        {
            let line = leave
                .entry(format!("{leave_type:?}"))
                .or_insert((*leave_type, 0, 0));
            line.1 += 1;
            line.2 += half_days;
        }
    }
    let reports = Reports {
        from,
        to,
        hours: hours
            .into_iter()
            .map(|(id, (shifts, minutes))| EstablishmentHours {
                establishment_name: names.get(&id).cloned().unwrap_or_else(|| id.clone()),
                establishment_id: id,
                shifts,
                payable_minutes: minutes,
            })
            .collect(),
        replacements: statuses
            .into_values()
            .map(|(status, count)| StatusCount { status, count })
            .collect(),
        leave: leave
            .into_values()
            .map(|(leave_type, requests, half_days)| LeaveTaken {
                leave_type,
                requests,
                half_days,
            })
            .collect(),
    };
    if !csv_wanted {
        return Output::json(200, &reports);
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for h in &reports.hours {
        rows.push(vec![
            Cell::text("hours"),
            Cell::text(h.establishment_name.clone()),
            Cell::Int(h.shifts.into()),
            Cell::Hours(h.payable_minutes),
        ]);
    }
    for s in &reports.replacements {
        rows.push(vec![
            Cell::text("replacements"),
            Cell::text(slug(&s.status)),
            Cell::Int(s.count.into()),
            Cell::text(""),
        ]);
    }
    for l in &reports.leave {
        rows.push(vec![
            Cell::text("leave"),
            Cell::text(slug(&l.leave_type)),
            Cell::Int(l.requests.into()),
            Cell::Int(l.half_days.into()),
        ]);
    }
    Ok(csv::answer(csv::write(
        &["figure", "of", "count", "value"],
        &rows,
    )))
}

/// A value's snake_case name, as the API writes it.
fn slug<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
