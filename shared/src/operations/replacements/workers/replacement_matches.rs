//! Who a replacement can be offered to, and why the others cannot (issue
//! 21): each worker of the service assessed against the request — her
//! functions, age groups, qualification, installations she refuses or that
//! refuse her, her availability for every shift, her other bookings, her
//! weekly maximum — the matches first (those who prefer the installation
//! ahead: the first wave), then everyone else with every criterion she
//! fails.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::worker::Mismatch;
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::replacements::load_of;
use crate::operations::replacements::support::workers::assess_request;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
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
    let current = load_of(ctx, &request, Permission::Dispatch).await?;
    let Some(schedule) = current.schedule.as_ref() else {
        return Err(ReplacementsError::WrongRequestStatus(current.status).into());
    };
    let (mut matching, mut not_matching) = (Vec::new(), Vec::new());
    for a in assess_request(ctx, &current, schedule).await? {
        let view = MatchView {
            worker_id: a.member.account_id,
            first_name: a.member.first_name,
            last_name: a.member.last_name,
            prefers: a.prefers,
            reasons: a.reasons,
        };
        if view.reasons.is_empty() {
            matching.push(view);
        } else {
            not_matching.push(view);
        }
    }
    // Those who match, preferring first (as assessed); the others by name.
    not_matching.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    Output::json(
        200,
        &Matches {
            replacement_id: current.id.clone(),
            matching,
            not_matching,
        },
    )
}
