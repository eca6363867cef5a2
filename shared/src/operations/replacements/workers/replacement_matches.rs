//! Who a replacement can be offered to, and why the others cannot (issue
//! 21): each worker of the service assessed against the request — her
//! functions, age groups, qualification, installations she refuses or that
//! refuse her, her availability for every shift, her other bookings, her
//! weekly maximum — the matches first (those who prefer the installation
//! ahead: the first wave), then everyone else with every criterion she
//! fails.

use crate::domain::people::membership::Membership;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestStatus;
use crate::domain::replacements::worker::{Booking, Mismatch, Wanted, WorkerProfile, assess};
use crate::layout::keys;
use crate::layout::records::Replacement;
use crate::operations::reads::partition;
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::replacements::load_of;
use crate::operations::replacements::support::workers::is_worker;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("replacement_matches")
    .get("/orgs/{org_id}/replacements/{replacement_id}/matches")
    .access(Access::Member(Permission::Dispatch))
    .summary("Dispatch: the workers a replacement matches (those preferring its installation first), and for every other worker why not")
    .answers(200, Body::of::<Matches>())
    .problems(&[404, 409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct Matches {
    pub replacement_id: String,
    /// The workers it can be offered to: those preferring its installation
    /// first, then by name.
    pub matching: Vec<MatchView>,
    /// Every other worker, with each criterion she fails.
    pub not_matching: Vec<MatchView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchView {
    pub worker_id: String,
    pub first_name: String,
    pub last_name: String,
    /// She prefers the installation (the first wave of offers).
    pub prefers: bool,
    pub reasons: Vec<Mismatch>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org_id = member.org_id();
    let current = load_of(ctx, &request, Permission::Dispatch).await?;
    let Some(schedule) = current.schedule.as_ref() else {
        return Err(ReplacementsError::WrongRequestStatus(current.status).into());
    };
    // The service's members, workers' profiles and requests: three Queries
    // on the organisation's partition (by sort-key prefix), never a Scan.
    let (members, profiles, requests) = tokio::try_join!(
        partition::<Membership>(ctx, org_id, keys::MEMBER_PREFIX),
        partition::<WorkerProfile>(ctx, org_id, keys::WORKER_PREFIX),
        partition::<Replacement>(ctx, org_id, keys::REPLACEMENT_PREFIX),
    )?;
    let profiles: BTreeMap<&str, &WorkerProfile> = profiles
        .iter()
        .map(|p| (p.account_id.as_str(), p))
        .collect();
    let mut bookings: BTreeMap<&str, Vec<Booking>> = BTreeMap::new();
    for r in &requests {
        if matches!(r.status, RequestStatus::Cancelled | RequestStatus::Unfilled) {
            continue;
        }
        if let (Some(worker), Some(s)) = (r.worker_id.as_deref(), r.schedule.as_ref()) {
            bookings.entry(worker).or_default().push(Booking {
                id: &r.id,
                schedule: s,
            });
        }
    }
    let wanted = Wanted {
        id: &current.id,
        establishment_id: &current.establishment_id,
        function: &current.function,
        age_group: &current.age_group,
        qualified: current.qualified,
        schedule,
    };
    let (mut matching, mut not_matching) = (Vec::new(), Vec::new());
    for m in members.iter().filter(|m| is_worker(m)) {
        let profile = profiles.get(m.account_id.as_str()).copied();
        let reasons = assess(
            profile,
            &wanted,
            bookings
                .get(m.account_id.as_str())
                .map_or(&[][..], Vec::as_slice),
        );
        let view = MatchView {
            worker_id: m.account_id.clone(),
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            prefers: profile.is_some_and(|p| p.prefers(&current.establishment_id)),
            reasons,
        };
        if view.reasons.is_empty() {
            matching.push(view);
        } else {
            not_matching.push(view);
        }
    }
    let by_name = |a: &MatchView, b: &MatchView| {
        (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name))
    };
    matching.sort_by(|a, b| b.prefers.cmp(&a.prefers).then_with(|| by_name(a, b)));
    not_matching.sort_by(by_name);
    Output::json(
        200,
        &Matches {
            replacement_id: current.id.clone(),
            matching,
            not_matching,
        },
    )
}
