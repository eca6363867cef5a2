//! Fill metrics (issue 21): for the requests whose first day falls in the
//! period, per installation and per week, how many were asked, filled
//! (and of those, by an accepted offer), left unfilled or still waiting;
//! the fill rate, the median time from request to assignment and the
//! offers sent per filled request; and the same for the whole period. For
//! the establishments where the caller holds `reports` (the dispatcher's
//! preset holds it; a manager: all). As JSON, or as CSV (`format=csv`).
//! Three Queries of the organisation's partition (establishments,
//! requests, offer rounds), no Scan.

use crate::domain::organisation::model::Establishment;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::fill::{self, RequestFacts, Tally};
use crate::domain::replacements::offers::{OfferRound, OfferStatus};
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

pub const SPEC: OperationSpec = OperationSpec::named("fill_metrics")
    .get("/orgs/{org_id}/reports/fill")
    .access(Access::Member(Permission::Reports))
    .summary("Fill rate, time to fill and offers per fill of the period's requests, per installation and week, where the caller holds reports; JSON or CSV")
    .query(&[
        ("from", "First day (YYYY-MM-DD) of the requests' first shift"),
        ("to", "Last day (YYYY-MM-DD)"),
        ("format", "json (default) or csv"),
    ])
    .answers(200, Body::of::<FillMetrics>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct FillMetrics {
    #[schema(value_type = String, format = Date)]
    pub from: jiff::civil::Date,
    #[schema(value_type = String, format = Date)]
    pub to: jiff::civil::Date,
    /// One line per installation and week (its Monday), by installation
    /// name then week.
    pub lines: Vec<FillLine>,
    /// The whole period.
    pub total: FillFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FillLine {
    pub establishment_id: String,
    pub establishment_name: String,
    /// The Monday of the week.
    #[schema(value_type = String, format = Date)]
    pub week: jiff::civil::Date,
    #[serde(flatten)]
    pub figures: FillFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FillFigures {
    /// Requests asked for (drafts and cancelled requests are not counted).
    pub requests: u32,
    pub filled: u32,
    /// Of those filled, by a worker accepting an offer.
    pub filled_by_offer: u32,
    pub unfilled: u32,
    /// Still waiting for a worker.
    pub open: u32,
    /// Filled per hundred asked, rounded.
    pub fill_rate_percent: u32,
    /// Median minutes from the request to the assignment.
    pub median_minutes_to_fill: Option<i64>,
    /// Offers sent, every wave.
    pub offers: u32,
    /// Offers sent per filled request, one decimal.
    pub offers_per_fill: Option<f64>,
}

impl From<&Tally> for FillFigures {
    fn from(t: &Tally) -> Self {
        FillFigures {
            requests: t.requests,
            filled: t.filled,
            filled_by_offer: t.filled_by_offer,
            unfilled: t.unfilled,
            open: t.open,
            fill_rate_percent: t.fill_rate_percent(),
            median_minutes_to_fill: t.median_minutes_to_fill(),
            offers: t.offers,
            offers_per_fill: t.offers_per_fill_tenths().map(|n| f64::from(n) / 10.0),
        }
    }
}

/// The CSV's columns.
const HEADER: [&str; 12] = [
    "establishment",
    "week",
    "requests",
    "filled",
    "filled_by_offer",
    "unfilled",
    "open",
    "fill_rate_percent",
    "median_minutes_to_fill",
    "median_hours_to_fill",
    "offers",
    "offers_per_fill",
];

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let (from, to) = period(&request)?;
    let csv_wanted = csv::wanted(&request)?;
    let org = member.org_id();
    let (establishments, replacements, rounds) = tokio::try_join!(
        partition::<Establishment>(ctx, org, keys::ESTABLISHMENT_PREFIX),
        partition::<Replacement>(ctx, org, keys::REPLACEMENT_PREFIX),
        partition::<OfferRound>(ctx, org, keys::OFFER_ROUND_PREFIX),
    )?;
    let names: BTreeMap<String, String> =
        establishments.into_iter().map(|e| (e.id, e.name)).collect();
    let rounds: BTreeMap<String, OfferRound> = rounds
        .into_iter()
        .map(|r| (r.replacement_id.clone(), r))
        .collect();
    let facts: Vec<RequestFacts> = replacements
        .iter()
        .filter(|r| {
            member
                .access()
                .allows_at(Permission::Reports, &r.establishment_id)
        })
        .filter_map(|r| {
            let first_day = r.schedule.as_ref()?.shifts().iter().map(|s| s.date).min()?;
            if first_day < from || first_day > to {
                return None;
            }
            let round = rounds.get(&r.id);
            Some(RequestFacts {
                establishment_id: r.establishment_id.clone(),
                first_day,
                status: r.status,
                requested_at: r.requested_at.unwrap_or(r.created_at),
                assigned_at: r.assigned_at,
                offers: round.map_or(0, |o| o.offers.len() as u32),
                by_offer: round
                    .is_some_and(|o| o.offers.iter().any(|e| e.status == OfferStatus::Accepted)),
            })
        })
        .collect();
    let (lines, total) = fill::tally(&facts);
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut lines: Vec<(String, &String, jiff::civil::Date, &Tally)> = lines
        .iter()
        .map(|((est, week), tally)| (name(est), est, *week, tally))
        .collect();
    lines.sort_by(|a, b| (&a.0, a.2, a.1).cmp(&(&b.0, b.2, b.1)));
    if csv_wanted {
        let mut rows: Vec<Vec<Cell>> = lines
            .iter()
            .map(|(name, _, week, tally)| csv_row(name, week.to_string(), tally))
            .collect();
        rows.push(csv_row("total", String::new(), &total));
        return Ok(csv::answer(csv::write(&HEADER, &rows)));
    }
    let metrics = FillMetrics {
        from,
        to,
        lines: lines
            .into_iter()
            .map(|(establishment_name, id, week, tally)| FillLine {
                establishment_name,
                establishment_id: id.clone(),
                week,
                figures: tally.into(),
            })
            .collect(),
        total: (&total).into(),
    };
    Output::json(200, &metrics)
}

/// One CSV line: an installation's week, or the total.
fn csv_row(establishment: &str, week: String, t: &Tally) -> Vec<Cell> {
    let median = t.median_minutes_to_fill();
    let or_blank = |v: Option<i64>, cell: fn(i64) -> Cell| v.map_or(Cell::text(""), cell);
    vec![
        Cell::text(establishment),
        Cell::text(week),
        Cell::Int(t.requests.into()),
        Cell::Int(t.filled.into()),
        Cell::Int(t.filled_by_offer.into()),
        Cell::Int(t.unfilled.into()),
        Cell::Int(t.open.into()),
        Cell::Int(t.fill_rate_percent().into()),
        or_blank(median, Cell::Int),
        or_blank(median, Cell::Hours),
        Cell::Int(t.offers.into()),
        or_blank(t.offers_per_fill_tenths().map(i64::from), Cell::Tenths),
    ]
}
