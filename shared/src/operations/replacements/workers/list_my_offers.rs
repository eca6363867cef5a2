//! A worker's offers (issue 21): those open to answer first, then her
//! history — accepted, declined (with her reason), closed — newest first,
//! each with the work, where and when.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::offers::{OfferRound, OfferStatus};
use crate::domain::replacements::replacement::RequestStatus;
use crate::layout::keys;
use crate::layout::records::{OfferPointer, Replacement, from_item};
use crate::operations::replacements::support::replacements::ReplacementView;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{GSI1, Query};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Offers listed at most (the newest).
const LISTED: u32 = 40;

pub const SPEC: OperationSpec = OperationSpec::named("list_my_offers")
    .get("/orgs/{org_id}/me/offers")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("A worker's offers: open ones first, then her history (accepted, declined, closed), newest first")
    .answers(200, Body::of::<MyOffers>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct MyOffer {
    /// Open: hers to answer; closed: taken by someone else, or no longer
    /// requested.
    pub status: OfferStatus,
    pub reason: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub offered_at: jiff::Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub answered_at: Option<jiff::Timestamp>,
    pub replacement: ReplacementView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyOffers {
    pub items: Vec<MyOffer>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org_id = member.org_id();
    let me = &member.account_id;
    // Her pointers, newest first (one Query), then the rounds and requests
    // (one BatchGetItem).
    let pointers: Vec<OfferPointer> = ctx
        .store
        .query(Query {
            index: Some(GSI1),
            pk: keys::worker_offers(me),
            forward: false,
            limit: Some(LISTED),
            ..Query::default()
        })
        .await?
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<OfferPointer>, _>>()?
        .into_iter()
        .filter(|p| p.org_id == org_id)
        .collect();
    let mut wanted = Vec::new();
    for p in &pointers {
        wanted.push(keys::offer_round(org_id, &p.replacement_id));
        wanted.push(keys::replacement(org_id, &p.replacement_id));
    }
    let found = if wanted.is_empty() {
        Vec::new()
    } else {
        ctx.store.get_many(&wanted).await?
    };
    let mut rounds: BTreeMap<String, OfferRound> = BTreeMap::new();
    let mut requests: BTreeMap<String, Replacement> = BTreeMap::new();
    for item in found.into_iter().flatten() {
        match item.get("kind").and_then(|k| k.as_str()) {
            Some("offer_round") => {
                let r: OfferRound = from_item(item)?;
                rounds.insert(r.replacement_id.clone(), r);
            }
            Some("replacement") => {
                let r: Replacement = from_item(item)?;
                requests.insert(r.id.clone(), r);
            }
            _ => {}
        }
    }
    let mut items: Vec<MyOffer> = pointers
        .iter()
        .filter_map(|p| {
            let entry = rounds.get(&p.replacement_id)?.entry(me)?.clone();
            let r = requests.get(&p.replacement_id)?;
            // Open, but the request was assigned, cancelled or marked
            // unfilled meanwhile: closed to her.
            let status = match entry.status {
                OfferStatus::Open if r.status != RequestStatus::Requested => OfferStatus::Closed,
                s => s,
            };
            Some(MyOffer {
                status,
                reason: entry.reason,
                offered_at: entry.offered_at,
                answered_at: entry.answered_at,
                replacement: ReplacementView::new(r),
            })
        })
        .collect();
    // Open ones first; the rest as they came (newest first).
    items.sort_by_key(|o| o.status != OfferStatus::Open);
    Output::json(200, &MyOffers { items })
}
