//! A worker answers an offer from her phone (issue 21). Accepting assigns
//! her the replacement — the request and its round change in one
//! transaction on both versions, so of any number of acceptances at the
//! same moment exactly one wins and the others are told it was taken — the
//! other open offers close and their workers are emailed, the client is
//! told who comes (those emails the outbox sender addresses: the acceptance
//! reads only the caller's batch and her bookings, and writes once). Declining keeps her reason; she is not offered it again.

use crate::domain::people::notifications::Notification;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::offers::{AnswerRefusal, OfferRound, OfferStatus};
use crate::domain::replacements::replacement::{RequestEvent, RequestStatus};
use crate::layout::keys;
use crate::layout::records::{NoticeTo, Replacement, create, from_item, replace};
use crate::operations::commit::Commit;
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::offers;
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{ReplacementView, audit};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased, Request,
};
use crate::ports::{GSI1, Key, Query};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("answer_offer")
    .post("/orgs/{org_id}/replacements/{replacement_id}/answer")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("A worker accepts (first wins: the replacement is hers) or declines (with a reason) the offer made to her")
    .takes(Body::of::<AnswerInput>())
    .answers(200, Body::of::<Answered>())
    .problems(&[404, 409])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    pub accept: Option<bool>,
    /// Why she declines (optional, 500 characters at most).
    pub reason: Option<String>,
}

/// Her answer as it stands: the request (hers when she accepted) and her
/// offer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Answered {
    pub status: OfferStatus,
    pub replacement: ReplacementView,
}

struct Phases;

impl Phased for Phases {
    type Input = AnswerInput;

    /// The request and its round, read with her membership.
    fn plan(ctx: &Context, request: &Request, _input: &AnswerInput) -> Vec<Key> {
        let mut keys = plans::replacement(ctx, request);
        keys.extend(crate::operations::phases::path_key(
            request,
            "replacement_id",
            keys::offer_round,
        ));
        keys
    }

    async fn run(ctx: &Context, request: Request, input: Result<AnswerInput, OpError>) -> Outcome {
        let member = request.member()?;
        let org_id = member.org_id();
        let id = request.param("replacement_id")?;
        if !crate::domain::ids::is_id(id) {
            return Err(OpError::NotFound);
        }
        let found = ctx
            .store
            .get_many(&[keys::replacement(org_id, id), keys::offer_round(org_id, id)])
            .await?;
        let mut found = found.into_iter();
        let (Some(Some(r)), Some(Some(o))) = (found.next(), found.next()) else {
            return Err(OpError::NotFound);
        };
        let current: Replacement = from_item(r)?;
        let round: OfferRound = from_item(o)?;
        // Only she was offered it: anyone else is told nothing exists.
        if !round.offered(&member.account_id) {
            return Err(OpError::NotFound);
        }
        let input = input?;
        let mut errors = crate::domain::errors::ValidationErrors::default();
        let accept = input.accept.unwrap_or_else(|| {
            errors.push("accept", crate::domain::errors::FieldCode::Required);
            false
        });
        let reason = input
            .reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
            errors.push("reason", crate::domain::errors::FieldCode::TooLong);
        }
        errors.finish(())?;
        if accept {
            accept_it(ctx, &request, current, round).await
        } else {
            decline(ctx, &member.account_id, current, round, reason).await
        }
    }
}

fn refusal(e: AnswerRefusal) -> OpError {
    match e {
        AnswerRefusal::NotOffered => OpError::NotFound,
        AnswerRefusal::NotOpen(status) => ReplacementsError::OfferNotOpen(status).into(),
    }
}

async fn decline(
    ctx: &Context,
    worker: &str,
    current: Replacement,
    mut round: OfferRound,
    reason: Option<String>,
) -> Outcome {
    let previous = round.version;
    let now = ctx.clock.now();
    round.answer(worker, false, reason, now).map_err(refusal)?;
    round.version = previous + 1;
    let mut commit = Commit::new();
    commit.push(replace(&round, previous));
    commit.run(ctx).await.map_err(|e| match e {
        OpError::VersionConflict => ReplacementsError::OfferTaken.into(),
        other => other,
    })?;
    Output::json(
        200,
        &Answered {
            status: OfferStatus::Declined,
            replacement: ReplacementView::new(&current),
        },
    )
}

async fn accept_it(
    ctx: &Context,
    request: &Request,
    current: Replacement,
    mut round: OfferRound,
) -> Outcome {
    let member = request.member()?;
    let worker = &member.account_id;
    // Her offer still open, the request still to fill.
    if let Some(entry) = round.entry(worker)
        && entry.status != OfferStatus::Open
    {
        return Err(ReplacementsError::OfferNotOpen(entry.status).into());
    }
    if current.status != RequestStatus::Requested {
        return Err(ReplacementsError::OfferNotOpen(OfferStatus::Closed).into());
    }
    let next_status = current.status.apply(RequestEvent::Assign)?;
    let schedule = current
        .schedule
        .clone()
        .ok_or(ReplacementsError::WrongRequestStatus(current.status))?;
    // Never booked twice: her other live assignments, any service (Query).
    let bookings = ctx
        .store
        .query(Query {
            index: Some(GSI1),
            pk: keys::worker_bookings(worker),
            forward: true,
            ..Query::default()
        })
        .await?
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<Replacement>, _>>()?;
    if bookings
        .iter()
        .any(|b| b.id != current.id && b.schedule.as_ref().is_some_and(|s| s.overlaps(&schedule)))
    {
        return Err(ReplacementsError::WorkerBooked.into());
    }
    let now = ctx.clock.now();
    let open_before: Vec<String> = round
        .offers
        .iter()
        .filter(|o| o.status == OfferStatus::Open && o.worker_id != *worker)
        .map(|o| o.worker_id.clone())
        .collect();
    let previous = round.version;
    round.answer(worker, true, None, now).map_err(refusal)?;
    round.version = previous + 1;
    let mut next = current.clone();
    next.status = next_status;
    next.worker_id = Some(worker.clone());
    next.worker_first_name = Some(member.membership.first_name.clone());
    next.assigned_at = Some(now);
    next.updated_at = now;
    next.version = current.version + 1;
    let org = &member.org;
    let mut commit = Commit::new();
    commit
        .push(replace(&round, previous))
        .push(replace(&next, current.version));
    let when = |l| emails::when(l, &schedule);
    let (fr, en) =
        emails::both(|l| emails::worker_assigned(l, offers::assignment(&current), &when(l)));
    if let Some(m) = crate::operations::outbox::notification(
        ctx,
        org,
        &member.membership,
        Notification::Replacements,
        fr,
        en,
    ) {
        commit.push(create(&m));
    }
    // Who else is told — the client who comes, those whose offer closes
    // that it is taken — the sender addresses, so that nothing more is
    // read here.
    let filled = emails::both(|l| {
        emails::replacement_filled(l, &member.membership.first_name, &current.task, &when(l))
    });
    let closed = emails::both(|l| emails::offer_closed(l, &current.task));
    let mut told = vec![NoticeTo {
        account_id: current.requested_by.clone(),
        fr: filled.0,
        en: filled.1,
    }];
    told.extend(open_before.iter().map(|w| NoticeTo {
        account_id: w.clone(),
        fr: closed.0.clone(),
        en: closed.1.clone(),
    }));
    if let Some(m) =
        crate::operations::outbox::notices(ctx, org.id.as_str(), Notification::Replacements, told)
    {
        commit.push(create(&m));
    }
    commit.push(
        audit(
            ctx.new_id(),
            now,
            worker,
            &current,
            "replacement.offer_accepted",
        )
        .change("status", current.status, next.status)
        .set("worker", worker)
        .write(),
    );
    commit.run(ctx).await.map_err(|e| match e {
        // Another acceptance (or an assignment) landed first.
        OpError::VersionConflict => ReplacementsError::OfferTaken.into(),
        other => other,
    })?;
    Output::json(
        200,
        &Answered {
            status: OfferStatus::Accepted,
            replacement: ReplacementView::new(&next),
        },
    )
}
