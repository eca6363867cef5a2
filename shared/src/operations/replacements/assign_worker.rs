//! Dispatch: a dispatcher assigns a replacement worker — who must hold the
//! timesheet permission in the service and not be booked on an overlapping
//! shift (409) — and the client and the worker are emailed, and those whose
//! offer of it was still open are told it is taken.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::ids;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::offers::{OfferRound, OfferStatus};
use crate::domain::replacements::replacement::RequestEvent;
use crate::layout::keys;
use crate::layout::records::{Replacement, from_item};
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::decision::{Decision, Notice, To};
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{ReplacementView, audit, load_of};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Phased, Request,
};
use crate::ports::Key;
use crate::ports::{GSI1, Query};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("assign_worker")
    .post("/orgs/{org_id}/replacements/{replacement_id}/assignment")
    .access(Access::Member(Permission::Dispatch))
    .summary(
        "Dispatch: assign a replacement worker (no overlapping booking); client and worker emailed",
    )
    .takes(Body::of::<AssignInput>())
    .answers(200, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    /// The worker's user id in the service.
    pub worker_id: Option<String>,
}

struct Phases;

impl Phased for Phases {
    type Input = AssignInput;

    fn plan(ctx: &Context, request: &Request, input: &AssignInput) -> Vec<Key> {
        let mut keys = plans::replacement(ctx, request);
        keys.extend(
            input
                .worker_id
                .as_deref()
                .filter(|id| crate::domain::ids::is_id(id))
                .map(|id| {
                    crate::layout::keys::membership(crate::operations::phases::org(request), id)
                }),
        );
        // Its offers' round, if it was offered: whose offer closes.
        keys.extend(crate::operations::phases::path_key(
            request,
            "replacement_id",
            keys::offer_round,
        ));
        keys
    }

    async fn run(ctx: &Context, request: Request, input: Result<AssignInput, OpError>) -> Outcome {
        let member = request.member()?;
        let input = input?;
        let worker_id = input.worker_id.unwrap_or_default();
        let org_id = member.org_id().to_string();
        let current = load_of(ctx, &request, Permission::Dispatch).await?;
        let worker: Option<Membership> = if ids::is_id(&worker_id) {
            ctx.store
                .get(&keys::membership(&org_id, &worker_id))
                .await?
                .map(from_item)
                .transpose()?
        } else {
            None
        };
        // What needs no more reading is refused before the bookings are read.
        let worker = admit(&current, worker)?;
        // No double booking: the worker's other live assignments, any service.
        let bookings = ctx
            .store
            .query(Query {
                index: Some(GSI1),
                pk: keys::worker_bookings(&worker.account_id),
                forward: true,
                ..Query::default()
            })
            .await?
            .items
            .into_iter()
            .map(from_item)
            .collect::<Result<Vec<Replacement>, _>>()?;
        // Read ahead with the caller: no call.
        let round: Option<OfferRound> = ctx
            .store
            .get(&keys::offer_round(&org_id, &current.id))
            .await?
            .map(from_item)
            .transpose()?;
        let open_offers = round
            .map(|r| {
                r.offers
                    .into_iter()
                    .filter(|o| o.status == OfferStatus::Open && o.worker_id != worker.account_id)
                    .map(|o| o.worker_id)
                    .collect()
            })
            .unwrap_or_default();
        let state = State {
            current,
            worker: Some(worker),
            bookings,
            open_offers,
        };
        decide(state, &member.account_id, ctx.clock.now(), ctx.new_id())?
            .commit(ctx)
            .await
    }
}

/// What the assignment reads: the request, the worker named (when she is a
/// member of the organisation) and her live assignments.
struct State {
    current: Replacement,
    worker: Option<Membership>,
    bookings: Vec<Replacement>,
    /// Those whose offer of it is still open (told it is taken).
    open_offers: Vec<String>,
}

/// The rules that need neither the bookings nor the time: the request is
/// requested, with a schedule (409 otherwise), and the worker an active
/// member holding the timesheet permission (422 on `worker_id` otherwise).
fn admit(current: &Replacement, worker: Option<Membership>) -> Result<Membership, OpError> {
    current.status.apply(RequestEvent::Assign)?;
    if current.schedule.is_none() {
        return Err(ReplacementsError::WrongRequestStatus(current.status).into());
    }
    match worker {
        Some(w)
            if w.status == MembershipStatus::Active
                && w.grants
                    .values()
                    .any(|p| p.contains(&Permission::OwnTimesheet)) =>
        {
            Ok(w)
        }
        _ => {
            let mut errors = ValidationErrors::default();
            errors.push("worker_id", FieldCode::InvalidValue);
            Err(errors.into())
        }
    }
}

/// Assigns the worker by `actor`: refused when she is booked on a shift of
/// the same day at overlapping hours (409 `worker-booked`); the worker and
/// the client are emailed, the assignment audited.
fn decide(
    state: State,
    actor: &str,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<Decision, OpError> {
    let State {
        current,
        worker,
        bookings,
        open_offers,
    } = state;
    let worker = admit(&current, worker)?;
    let next_status = current.status.apply(RequestEvent::Assign)?;
    let schedule = current
        .schedule
        .clone()
        .ok_or(ReplacementsError::WrongRequestStatus(current.status))?;
    if bookings.iter().any(|other| {
        other.id != current.id
            && other
                .schedule
                .as_ref()
                .is_some_and(|s| s.overlaps(&schedule))
    }) {
        return Err(ReplacementsError::WorkerBooked.into());
    }
    let mut next = current.clone();
    next.status = next_status;
    next.worker_id = Some(worker.account_id.clone());
    next.worker_first_name = Some(worker.first_name.clone());
    next.assigned_at = Some(now);
    next.updated_at = now;
    next.version = current.version + 1;
    let assignment = emails::Assignment {
        task: &current.task,
        function: &current.function,
        place: current.establishment_name.as_deref(),
        address: current.establishment_address.as_deref(),
        notes: current.notes.as_deref(),
    };
    let to_worker =
        emails::both(|l| emails::worker_assigned(l, assignment, &emails::when(l, &schedule)));
    let to_client = emails::both(|l| {
        emails::replacement_filled(
            l,
            &worker.first_name,
            &current.task,
            &emails::when(l, &schedule),
        )
    });
    let audit = audit(audit_id, now, actor, &current, "replacement.assigned")
        .change("status", current.status, next.status)
        .set("worker", &worker.account_id);
    let closed = emails::both(|l| emails::offer_closed(l, &current.task));
    let mut notices = vec![
        Notice::new(To::Member(Box::new(worker)), to_worker),
        Notice::new(To::Account(current.requested_by.clone()), to_client),
    ];
    notices.extend(
        open_offers
            .into_iter()
            .map(|w| Notice::new(To::Account(w), closed.clone())),
    );
    Ok(Decision {
        current_version: current.version,
        next,
        notices,
        audit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::membership::MembershipStatus;
    use crate::operations::replacements::support::decision::fixtures::*;
    use serde_json::json;

    fn worker() -> Membership {
        member(WORKER, &[Permission::OwnTimesheet])
    }

    fn state(
        current: Replacement,
        worker: Option<Membership>,
        bookings: Vec<Replacement>,
    ) -> State {
        State {
            current,
            worker,
            bookings,
            open_offers: Vec::new(),
        }
    }

    fn assign(state: State) -> Result<Decision, OpError> {
        decide(state, "dispatcher", now(), "audit-1".into())
    }

    fn refusal(result: Result<Decision, OpError>) -> Option<ReplacementsError> {
        result.unwrap_err().refusal::<ReplacementsError>().copied()
    }

    /// Another request the worker is booked on.
    fn booking(start: &str, end: &str, from: &str, to: &str) -> Replacement {
        let mut other = assigned("other", RequestStatus::Assigned);
        other.schedule = Some(schedule(from, to, start, end));
        other
    }

    #[test]
    fn only_a_requested_request_is_assigned() {
        for status in [
            RequestStatus::Assigned,
            RequestStatus::TimesheetSubmitted,
            RequestStatus::Cancelled,
            RequestStatus::Unfilled,
        ] {
            let current = replacement("r", status);
            assert_eq!(
                refusal(assign(state(current, Some(worker()), vec![]))),
                Some(ReplacementsError::WrongRequestStatus(status))
            );
        }
    }

    #[test]
    fn a_draft_without_a_schedule_is_not_assigned() {
        let current = replacement("r", RequestStatus::Draft);
        assert_eq!(
            refusal(assign(state(current, Some(worker()), vec![]))),
            Some(ReplacementsError::WrongRequestStatus(RequestStatus::Draft))
        );
    }

    #[test]
    fn a_requested_request_without_a_schedule_is_refused_on_its_status() {
        let mut current = replacement("r", RequestStatus::Requested);
        current.schedule = None;
        assert_eq!(
            refusal(assign(state(current, Some(worker()), vec![]))),
            Some(ReplacementsError::WrongRequestStatus(
                RequestStatus::Requested
            ))
        );
    }

    #[test]
    fn an_unknown_worker_is_refused_on_worker_id() {
        let current = replacement("r", RequestStatus::Requested);
        let error = assign(state(current, None, vec![])).unwrap_err();
        assert_eq!(refused_fields(&error), ["worker_id"]);
    }

    #[test]
    fn the_worker_must_be_an_active_member() {
        let mut disabled = worker();
        disabled.status = MembershipStatus::Disabled;
        let current = replacement("r", RequestStatus::Requested);
        let error = assign(state(current, Some(disabled), vec![])).unwrap_err();
        assert_eq!(refused_fields(&error), ["worker_id"]);
    }

    #[test]
    fn the_worker_must_hold_the_timesheet_permission() {
        let client = member("someone", &[Permission::RequestReplacements]);
        let current = replacement("r", RequestStatus::Requested);
        let error = assign(state(current, Some(client), vec![])).unwrap_err();
        assert_eq!(refused_fields(&error), ["worker_id"]);
    }

    #[test]
    fn the_status_is_answered_before_the_worker() {
        let current = replacement("r", RequestStatus::Cancelled);
        assert_eq!(
            refusal(assign(state(current, None, vec![]))),
            Some(ReplacementsError::WrongRequestStatus(
                RequestStatus::Cancelled
            ))
        );
    }

    #[test]
    fn a_worker_booked_at_overlapping_hours_on_a_same_day_is_refused() {
        let current = replacement("r", RequestStatus::Requested);
        let other = booking("15:00", "18:00", "2026-12-11", "2026-12-12");
        assert_eq!(
            refusal(assign(state(current, Some(worker()), vec![other]))),
            Some(ReplacementsError::WorkerBooked)
        );
    }

    #[test]
    fn a_booking_at_other_hours_of_the_same_days_is_no_conflict() {
        let current = replacement("r", RequestStatus::Requested);
        let evening = booking("16:00", "20:00", "2026-12-07", "2026-12-11");
        assert!(assign(state(current, Some(worker()), vec![evening])).is_ok());
    }

    #[test]
    fn a_booking_on_other_days_at_the_same_hours_is_no_conflict() {
        let current = replacement("r", RequestStatus::Requested);
        let next_week = booking("07:30", "16:00", "2026-12-14", "2026-12-18");
        assert!(assign(state(current, Some(worker()), vec![next_week])).is_ok());
    }

    #[test]
    fn the_request_itself_is_no_booking() {
        let current = replacement("r", RequestStatus::Requested);
        let mut itself = current.clone();
        itself.worker_id = Some(WORKER.into());
        assert!(assign(state(current, Some(worker()), vec![itself])).is_ok());
    }

    #[test]
    fn the_assigned_request_names_the_worker_and_takes_the_next_version() {
        let current = replacement("r", RequestStatus::Requested);
        let decision = assign(state(current, Some(worker()), vec![])).unwrap();
        assert_eq!(decision.current_version, 3);
        assert_eq!(decision.next.version, 4);
        assert_eq!(decision.next.status, RequestStatus::Assigned);
        assert_eq!(decision.next.worker_id.as_deref(), Some(WORKER));
        assert_eq!(decision.next.worker_first_name.as_deref(), Some("Léa"));
        assert_eq!(decision.next.updated_at, now());
    }

    #[test]
    fn the_worker_and_then_the_client_are_emailed() {
        let current = replacement("r", RequestStatus::Requested);
        let decision = assign(state(current, Some(worker()), vec![])).unwrap();
        let [to_worker, to_client] = &decision.notices[..] else {
            panic!("two notices: {:?}", decision.notices);
        };
        assert_eq!(to_worker.to, To::Member(Box::new(worker())));
        assert_eq!(to_worker.fr.0, "Nouveau remplacement confirmé");
        assert_eq!(to_client.to, To::Account(CLIENT.into()));
        assert_eq!(to_client.en.0, "Your replacement is filled");
        assert!(to_client.fr.1[0].starts_with("Léa fera le remplacement"));
    }

    #[test]
    fn those_whose_offer_was_open_are_told_it_is_taken() {
        let current = replacement("r", RequestStatus::Requested);
        let mut state = state(current, Some(worker()), vec![]);
        state.open_offers = vec!["autre".into(), "encore".into()];
        let decision = assign(state).unwrap();
        let told: Vec<(&To, &str)> = decision.notices[2..]
            .iter()
            .map(|n| (&n.to, n.fr.0.as_str()))
            .collect();
        let taken = format!("Remplacement déjà pris : {}", decision.next.task);
        assert_eq!(
            told,
            [
                (&To::Account("autre".into()), taken.as_str()),
                (&To::Account("encore".into()), taken.as_str())
            ]
        );
    }

    #[test]
    fn the_assignment_is_audited_with_the_status_and_the_worker() {
        let current = replacement("r", RequestStatus::Requested);
        let decision = assign(state(current, Some(worker()), vec![])).unwrap();
        let event = decision.audit.event();
        assert_eq!(
            (
                event.id.as_str(),
                event.action.as_str(),
                event.actor.as_str()
            ),
            ("audit-1", "replacement.assigned", "dispatcher")
        );
        assert_eq!(event.target.as_deref(), Some("r"));
        assert_eq!(event.establishment.as_deref(), Some(EST));
        assert_eq!(
            event.changes,
            json!({"status": {"before": "requested", "after": "assigned"}, "worker": {"after": WORKER}})
        );
    }
}
