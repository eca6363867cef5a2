//! Dispatch offers a requested replacement to the workers it matches
//! (issue 21), in waves: first those preferring its installation, then
//! (`{"wave": 2}`, or when none prefers it) every other match. Each is
//! emailed the work, the place, the days and the notes; the first to
//! accept gets it. A worker offered once is never offered it again. The
//! second wave then goes by itself after the service's delay, and the
//! dispatcher is alerted after another when nobody took it
//! (`run_offer_waves`).

use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestStatus;
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::offers::{self, OfferRoundView};
use crate::operations::replacements::support::replacements::load_of;
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
    let round = offers::round_of(ctx, &current).await?;
    let wave = match input.wave {
        None if round.wave == 0 => 1,
        None => 2,
        Some(w @ (1 | 2)) => w,
        Some(_) => {
            let mut errors = crate::domain::errors::ValidationErrors::default();
            errors.push("wave", crate::domain::errors::FieldCode::InvalidValue);
            return Err(errors.into());
        }
    };
    let wave = offers::wave(
        ctx,
        &member.org,
        &current,
        &schedule,
        round,
        wave,
        &member.account_id,
    )
    .await?
    .ok_or(ReplacementsError::NoOneToOffer)?;
    // Offered by someone else (or the schedule) at the same moment: 409,
    // the round moved on.
    wave.commit.run(ctx).await?;
    Output::json(200, &OfferRoundView::new(&wave.round, wave.sent))
}
