//! Payroll export: approved hours of a period as CSV, one line per shift,
//! with the submitted, adjustment and payable minutes and hours.

use super::list_users::partition;
use super::{Access, Body, BoxFuture, Context, OpError, OperationSpec, Outcome, Output, Request};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::Establishment;
use crate::domain::replacement::{RequestStatus, format_hours, format_time, payable_minutes};
use crate::layout::keys;
use crate::layout::records::Replacement;
use std::collections::BTreeMap;

pub const SPEC: OperationSpec = OperationSpec {
    id: "payroll_export",
    method: "GET",
    path: "/orgs/{org_id}/payroll",
    access: Access::Manager,
    summary: "Approved hours of a period as CSV (text/csv), one line per shift",
    query: &[
        ("from", "First day (YYYY-MM-DD)"),
        ("to", "Last day (YYYY-MM-DD)"),
    ],
    request: None,
    success: (200, Body::of::<String>()),
    problems: &[401, 403, 404, 422],
    ahead: None,
    handler,
};

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

/// A CSV field, quoted when needed (RFC 4180).
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let mut errors = ValidationErrors::default();
    let mut day = |name: &str| match crate::domain::validate::date(request.query(name)) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push(name, FieldCode::Required);
            None
        }
        Err(c) => {
            errors.push(name, c);
            None
        }
    };
    let (from, to) = (day("from"), day("to"));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.push("to", FieldCode::EndBeforeStart);
    }
    errors.finish(())?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(OpError::Internal("dates".into()));
    };
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
        .collect();
    approved.sort_by(|a, b| a.id.cmp(&b.id));
    let mut csv = String::from(
        "date,establishment,worker_id,worker,request,start,end,break_minutes,submitted_minutes,adjustment_minutes,payable_minutes,submitted_hours,adjustment_hours,payable_hours,meal,notes\r\n",
    );
    let mut lines: Vec<(jiff::civil::Date, String)> = Vec::new();
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
            let row = [
                e.date.to_string(),
                names
                    .get(&r.establishment_id)
                    .cloned()
                    .unwrap_or_else(|| r.establishment_id.clone()),
                r.worker_id.clone().unwrap_or_default(),
                r.worker_first_name.clone().unwrap_or_default(),
                r.id.clone(),
                format_time(e.start_minute),
                format_time(e.end_minute),
                e.break_minutes.to_string(),
                e.net_minutes().to_string(),
                delta.to_string(),
                payable.to_string(),
                format_hours(e.net_minutes()),
                format_hours(delta),
                format_hours(payable),
                if meal { "oui".into() } else { "non".into() },
                notes.join(" | "),
            ];
            lines.push((
                e.date,
                row.iter().map(|v| field(v)).collect::<Vec<_>>().join(","),
            ));
        }
    }
    lines.sort();
    for (_, line) in lines {
        csv.push_str(&line);
        csv.push_str("\r\n");
    }
    Ok(Output {
        status: 200,
        body: serde_json::Value::Null,
        text: Some(("text/csv; charset=utf-8", csv)),
    })
}
