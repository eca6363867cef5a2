//! Dispatch offers a requested replacement to the workers it matches
//! (issue 21), in waves: first those preferring its installation, then
//! (`{"wave": 2}`, or when none prefers it) every other match. Each is
//! emailed the work, the place, the days and the notes; the first to
//! accept gets it. A worker offered once is never offered it again.

use crate::domain::people::notifications::Notification;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::offers::{OfferEntry, OfferStatus};
use crate::domain::replacements::replacement::RequestStatus;
use crate::layout::records::{OfferPointer, create};
use crate::operations::commit::Commit;
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::offers::{self, OfferRoundView};
use crate::operations::replacements::support::replacements::{audit, load_of};
use crate::operations::replacements::support::workers::assess_request;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("offer_replacement")
    .post("/orgs/{org_id}/replacements/{replacement_id}/offers")
    .access(Access::Member(Permission::Dispatch))
    .summary("Dispatch: offer a requested replacement to the workers it matches, preferring its installation first (wave 1), then every match (wave 2); each emailed")
    .takes(Body::of::<OfferInput>())
    .answers(200, Body::of::<OfferRoundView>())
    .problems(&[404, 409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferInput {
    /// 1: those preferring the installation; 2: every match. Default: the
    /// next wave.
    pub wave: Option<u8>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: OfferInput = if request.body.is_empty() {
        OfferInput::default()
    } else {
        request.json()?
    };
    let current = load_of(ctx, &request, Permission::Dispatch).await?;
    let schedule = match (&current.status, &current.schedule) {
        (RequestStatus::Requested, Some(s)) => s.clone(),
        _ => return Err(ReplacementsError::WrongRequestStatus(current.status).into()),
    };
    let mut round = offers::round_of(ctx, &current).await?;
    let previous = round.version;
    let mut wave = match input.wave {
        None if round.wave == 0 => 1,
        None => 2,
        Some(w @ (1 | 2)) => w,
        Some(_) => {
            let mut errors = crate::domain::errors::ValidationErrors::default();
            errors.push("wave", crate::domain::errors::FieldCode::InvalidValue);
            return Err(errors.into());
        }
    };
    let assessed = assess_request(ctx, &current, &schedule).await?;
    let fresh = |prefers_only: bool| {
        assessed
            .iter()
            .filter(|a| a.reasons.is_empty() && !round.offered(&a.member.account_id))
            .filter(|a| !prefers_only || a.prefers)
            .count()
    };
    // Nobody prefers it: the first wave is everyone.
    if wave == 1 && fresh(true) == 0 {
        wave = 2;
    }
    let chosen: Vec<_> = assessed
        .iter()
        .filter(|a| a.reasons.is_empty() && !round.offered(&a.member.account_id))
        .filter(|a| wave == 2 || a.prefers)
        .take(round.room())
        .collect();
    if chosen.is_empty() {
        return Err(ReplacementsError::NoOneToOffer.into());
    }
    let now = ctx.clock.now();
    let mut commit = Commit::new();
    let wording = emails::both(|l| {
        emails::offer_made(l, offers::assignment(&current), &emails::when(l, &schedule))
    });
    for a in &chosen {
        round.offers.push(OfferEntry {
            worker_id: a.member.account_id.clone(),
            first_name: a.member.first_name.clone(),
            last_name: a.member.last_name.clone(),
            wave,
            offered_at: now,
            status: OfferStatus::Open,
            reason: None,
            answered_at: None,
        });
        commit.push(create(&OfferPointer {
            org_id: current.org_id.clone(),
            account_id: a.member.account_id.clone(),
            replacement_id: current.id.clone(),
            offered_at: now,
        }));
        if let Some(message) = crate::operations::outbox::notification(
            ctx,
            &member.org,
            &a.member,
            Notification::Replacements,
            wording.0.clone(),
            wording.1.clone(),
        ) {
            commit.push(create(&message));
        }
    }
    round.wave = round.wave.max(wave);
    round.updated_at = now;
    round.version = previous + 1;
    commit.push(offers::save(&round, previous)).push(
        audit(
            ctx.new_id(),
            now,
            &member.account_id,
            &current,
            "replacement.offered",
        )
        .set("wave", wave)
        .set("workers", chosen.len())
        .write(),
    );
    // Offered by someone else at the same moment: 409, the round moved on.
    commit.run(ctx).await?;
    Output::json(200, &OfferRoundView::new(&round, chosen.len()))
}
