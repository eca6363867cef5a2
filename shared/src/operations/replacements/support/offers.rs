//! What the offers' operations share (issue 21): the round as the API
//! shows it, loading it, and saving it under its version.

use crate::domain::organisation::model::Organisation;
use crate::domain::people::notifications::Notification;
use crate::domain::replacements::emails;
use crate::domain::replacements::offers::{OfferEntry, OfferRound, OfferStatus};
use crate::domain::replacements::replacement::Schedule;
use crate::layout::keys;
use crate::layout::records::{OfferPointer, Replacement, TextTo, create, from_item, replace};
use crate::operations::commit::Commit;
use crate::operations::replacements::support::replacements::audit;
use crate::operations::replacements::support::workers::assess_request;
use crate::operations::{Context, OpError};
use crate::ports::Write;
use serde::Serialize;
use utoipa::ToSchema;

/// One offer as the dispatcher sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferView {
    pub worker_id: String,
    pub first_name: String,
    pub last_name: String,
    pub wave: u8,
    #[schema(value_type = String, format = DateTime)]
    pub offered_at: jiff::Timestamp,
    pub status: OfferStatus,
    pub reason: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub answered_at: Option<jiff::Timestamp>,
}

/// Every offer of a request: who, when, each answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferRoundView {
    pub replacement_id: String,
    /// The last wave sent: 1 those preferring the installation, 2 every
    /// match.
    pub wave: u8,
    pub offers: Vec<OfferView>,
    /// Offered now (by this request).
    pub sent: usize,
    /// What the schedule does next if nobody accepts: `second_wave` or
    /// `alert_dispatch`; none once filled or alerted.
    pub next_step: Option<crate::domain::replacements::offers::Step>,
    /// When.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub next_at: Option<jiff::Timestamp>,
}

impl OfferRoundView {
    pub fn new(round: &OfferRound, sent: usize) -> OfferRoundView {
        OfferRoundView {
            replacement_id: round.replacement_id.clone(),
            wave: round.wave,
            offers: round.offers.iter().map(OfferView::of).collect(),
            sent,
            next_step: round.next.map(|n| n.step),
            next_at: round.next.map(|n| n.at),
        }
    }
}

impl OfferView {
    fn of(e: &OfferEntry) -> OfferView {
        OfferView {
            worker_id: e.worker_id.clone(),
            first_name: e.first_name.clone(),
            last_name: e.last_name.clone(),
            wave: e.wave,
            offered_at: e.offered_at,
            status: e.status,
            reason: e.reason.clone(),
            answered_at: e.answered_at,
        }
    }
}

/// The request's round, or a new one (version 0).
pub(crate) async fn round_of(ctx: &Context, current: &Replacement) -> Result<OfferRound, OpError> {
    Ok(
        match ctx
            .store
            .get(&keys::offer_round(&current.org_id, &current.id))
            .await?
        {
            Some(item) => from_item(item)?,
            None => OfferRound::new(&current.org_id, &current.id, ctx.clock.now()),
        },
    )
}

/// A wave ready to go: the round with its new offers and next step, and
/// the writes (offers, pointers, emails, the round under its version, the
/// audit).
pub(crate) struct Wave {
    pub round: OfferRound,
    pub sent: usize,
    pub commit: Commit,
}

/// Wave `wave` of `current` (requested, with `schedule`) by `actor`: 1
/// those preferring its installation (everyone when none does), 2 every
/// other match; nobody offered twice. The round's next step follows the
/// service's delay. None when nobody is left.
pub(crate) async fn wave(
    ctx: &Context,
    org: &Organisation,
    current: &Replacement,
    schedule: &Schedule,
    mut round: OfferRound,
    mut wave: u8,
    actor: &str,
) -> Result<Option<Wave>, OpError> {
    let previous = round.version;
    let assessed = assess_request(ctx, current, schedule).await?;
    let fresh = |a: &&crate::operations::replacements::support::workers::Assessed| {
        a.reasons.is_empty() && !round.offered(&a.member.account_id)
    };
    // Nobody prefers it: the first wave is everyone.
    if wave == 1 && !assessed.iter().filter(fresh).any(|a| a.prefers) {
        wave = 2;
    }
    let chosen: Vec<_> = assessed
        .iter()
        .filter(fresh)
        .filter(|a| wave == 2 || a.prefers)
        .take(round.room())
        .collect();
    if chosen.is_empty() {
        return Ok(None);
    }
    let now = ctx.clock.now();
    let mut commit = Commit::new();
    let wording =
        emails::both(|l| emails::offer_made(l, assignment(current), &emails::when(l, schedule)));
    let mut texts = Vec::new();
    for a in &chosen {
        if let Some(phone) = &a.texts_to {
            let locale = a.member.locale.unwrap_or(org.settings.locale);
            texts.push(TextTo {
                phone: phone.clone(),
                text: emails::offer_text(
                    locale,
                    assignment(current),
                    &emails::when(locale, schedule),
                    &ctx.settings.portal_url,
                ),
            });
        }
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
            org,
            &a.member,
            Notification::Replacements,
            wording.0.clone(),
            wording.1.clone(),
        ) {
            commit.push(create(&message));
        }
    }
    // Those who chose texts get one too (one message: the sender writes
    // one per text, within the transaction's 100 items).
    if let Some(message) = crate::operations::outbox::texts(ctx, &current.org_id, texts) {
        commit.push(create(&message));
    }
    round.wave = round.wave.max(wave);
    round.offered_by.get_or_insert_with(|| actor.to_string());
    round.schedule_after(
        round.wave,
        now,
        jiff::SignedDuration::from_mins(i64::from(org.settings.offer_wave_minutes)),
    );
    round.updated_at = now;
    round.version = previous + 1;
    let sent = chosen.len();
    commit.push(save(&round, previous)).push(
        audit(ctx.new_id(), now, actor, current, "replacement.offered")
            .set("wave", wave)
            .set("workers", sent)
            .write(),
    );
    Ok(Some(Wave {
        round,
        sent,
        commit,
    }))
}

/// Saves `next` over the version read (`previous`; 0: created).
pub(crate) fn save(next: &OfferRound, previous: u64) -> Write {
    if previous == 0 {
        create(next)
    } else {
        replace(next, previous)
    }
}

/// What a worker is told of the request: the work, where, the notes.
pub(crate) fn assignment(current: &Replacement) -> emails::Assignment<'_> {
    emails::Assignment {
        task: &current.task,
        function: &current.function,
        place: current.establishment_name.as_deref(),
        address: current.establishment_address.as_deref(),
        notes: current.notes.as_deref(),
    }
}
