//! The offer rounds' schedule (issue 21): every minute (EventBridge's
//! schedule of the `run_offer_waves` function; locally the runner's
//! sweep) it reads the head of the rounds whose next step is due (one
//! Query of `GSI1`'s `OFFERS#due` partition, ordered by due time, never a
//! Scan) and takes that step: the second wave to every other match, or,
//! when nobody took it, the dispatcher's alert. Each step is written under
//! the round's version, so an acceptance or a dispatcher at the same
//! moment wins and the step is dropped; a request no longer waiting
//! (assigned, cancelled, unfilled) loses its step.

use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::Membership;
use crate::domain::people::notifications::Notification;
use crate::domain::replacements::emails;
use crate::domain::replacements::offers::{OfferRound, Step};
use crate::domain::replacements::replacement::RequestStatus;
use crate::layout::keys;
use crate::layout::records::{Replacement, create, from_item};
use crate::operations::commit::Commit;
use crate::operations::reads::record;
use crate::operations::replacements::support::offers;
use crate::operations::replacements::support::replacements::audit;
use crate::operations::{Context, OpError};
use crate::ports::Query;
use serde::Serialize;

/// Rounds one sweep takes at most (the rest wait a minute).
pub const SWEEP_LIMIT: u32 = 25;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WaveSweep {
    /// Second waves sent.
    pub waves: u32,
    /// Dispatchers told nobody took a request.
    pub alerts: u32,
    /// Steps dropped: the request no longer waits, or the round moved on.
    pub dropped: u32,
}

/// Takes every step due now.
pub async fn run_due(ctx: &Context) -> Result<WaveSweep, OpError> {
    let now = ctx.clock.now();
    let page = ctx
        .store
        .query(Query {
            index: Some(crate::ports::store::GSI1),
            pk: keys::OFFERS_DUE.to_string(),
            sk_prefix: None,
            limit: Some(SWEEP_LIMIT),
            start: None,
            forward: true,
        })
        .await?;
    let mut sweep = WaveSweep::default();
    for item in page.items {
        let round: OfferRound = from_item(item)?;
        // Ordered by due time: the rest is later.
        let Some(step) = round.due(now) else { break };
        match take(ctx, round, step).await {
            Ok(Taken::SecondWave) => sweep.waves += 1,
            Ok(Taken::Alert) => sweep.alerts += 1,
            // Moved on meanwhile (answered, offered, assigned): its own
            // writer decided.
            Ok(Taken::Dropped) | Err(OpError::VersionConflict) => sweep.dropped += 1,
            Err(error) => return Err(error),
        }
    }
    if sweep != WaveSweep::default() {
        tracing::info!(
            waves = sweep.waves,
            alerts = sweep.alerts,
            dropped = sweep.dropped,
            "offer waves"
        );
    }
    Ok(sweep)
}

/// What a step came to.
enum Taken {
    SecondWave,
    Alert,
    /// The request no longer waits: its step is dropped.
    Dropped,
}

/// Takes `step` on `round` (a conflict: the round moved on meanwhile).
async fn take(ctx: &Context, mut round: OfferRound, step: Step) -> Result<Taken, OpError> {
    let previous = round.version;
    let (request_key, org_key) = (
        keys::replacement(&round.org_id, &round.replacement_id),
        keys::org(&round.org_id),
    );
    let (current, org) = tokio::try_join!(
        record::<Replacement>(ctx, &request_key),
        record::<Organisation>(ctx, &org_key),
    )?;
    let now = ctx.clock.now();
    let waiting = match (&current, &org) {
        (Some(c), Some(o)) if c.status == RequestStatus::Requested => {
            c.schedule.clone().map(|s| (c, o, s))
        }
        _ => None,
    };
    let Some((current, org, schedule)) = waiting else {
        // Nothing left to do for it.
        round.next = None;
        round.updated_at = now;
        round.version = previous + 1;
        let mut commit = Commit::new();
        commit.push(offers::save(&round, previous));
        commit.run(ctx).await?;
        return Ok(Taken::Dropped);
    };
    let actor = round.offered_by.clone().unwrap_or_default();
    if step == Step::SecondWave {
        // Nobody else matches: the dispatcher now.
        if let Some(wave) =
            offers::wave(ctx, org, current, &schedule, round.clone(), 2, &actor).await?
        {
            wave.commit.run(ctx).await?;
            return Ok(Taken::SecondWave);
        }
    }
    round.next = None;
    round.alerted_at = Some(now);
    round.updated_at = now;
    round.version = previous + 1;
    let mut commit = Commit::new();
    commit.push(offers::save(&round, previous)).push(
        audit(
            ctx.new_id(),
            now,
            &actor,
            current,
            "replacement.offers_unanswered",
        )
        .set("offered", round.offers.len())
        .write(),
    );
    let dispatcher = match round.offered_by.as_deref() {
        Some(account) => {
            record::<Membership>(ctx, &keys::membership(&round.org_id, account)).await?
        }
        None => None,
    };
    if let Some(dispatcher) = dispatcher {
        let offered = round.offers.len();
        let (fr, en) = emails::both(|l| {
            emails::offer_unanswered(
                l,
                offers::assignment(current),
                &emails::when(l, &schedule),
                offered,
            )
        });
        if let Some(message) = crate::operations::outbox::notification(
            ctx,
            org,
            &dispatcher,
            Notification::Replacements,
            fr,
            en,
        ) {
            commit.push(create(&message));
        }
    }
    commit.run(ctx).await?;
    Ok(Taken::Alert)
}
