//! What the offers' operations share (issue 21): the round as the API
//! shows it, loading it, and saving it under its version.

use crate::domain::replacements::emails;
use crate::domain::replacements::offers::{OfferEntry, OfferRound, OfferStatus};
use crate::layout::keys;
use crate::layout::records::{Replacement, create, from_item, replace};
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
}

impl OfferRoundView {
    pub fn new(round: &OfferRound, sent: usize) -> OfferRoundView {
        OfferRoundView {
            replacement_id: round.replacement_id.clone(),
            wave: round.wave,
            offers: round.offers.iter().map(OfferView::of).collect(),
            sent,
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
