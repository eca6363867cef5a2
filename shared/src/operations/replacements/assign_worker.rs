//! Dispatch: a dispatcher assigns a replacement worker — who must hold the
//! timesheet permission in the service and not be booked on an overlapping
//! shift (409) — and the client and the worker are emailed.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::ids;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::replacement::RequestEvent;
use crate::layout::keys;
use crate::layout::records::{Replacement, create, from_item, replace};
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::load as load_org;
use crate::operations::reads::memberships_of;
use crate::operations::replacements::ReplacementsError;
use crate::operations::replacements::support::replacements::{ReplacementView, audit, load};
use crate::operations::{
    Access, Body, BoxFuture, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased,
    Request,
};
use crate::ports::Key;
use crate::ports::{GSI1, Query};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "assign_worker",
    method: "POST",
    path: "/orgs/{org_id}/replacements/{replacement_id}/assignment",
    access: Access::Member(Permission::Dispatch),
    summary: "Dispatch: assign a replacement worker (no overlapping booking); client and worker emailed",
    query: &[],
    request: Some(Body::of::<AssignInput>()),
    success: (200, Body::of::<ReplacementView>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    handler: Handler::phased::<Phases>(),
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    /// The worker's user id in the service.
    pub worker_id: Option<String>,
}

/// The phases: the body, parsed once, names what is read with the caller.
struct Phases;

impl Phased for Phases {
    type Input = AssignInput;

    fn parse(request: &Request) -> Result<AssignInput, OpError> {
        request.json()
    }

    fn plan(ctx: &Context, request: &Request, input: &AssignInput) -> Vec<Key> {
        let mut keys = crate::operations::replacements::support::plans::replacement(ctx, request);
        keys.extend(
            input
                .worker_id
                .as_deref()
                .filter(|id| crate::domain::ids::is_id(id))
                .map(|id| {
                    crate::layout::keys::membership(crate::operations::phases::org(request), id)
                }),
        );
        keys
    }

    fn run(ctx: &Context, request: Request, input: Result<AssignInput, OpError>) -> BoxFuture<'_> {
        Box::pin(run(ctx, request, input))
    }
}

async fn run(ctx: &Context, request: Request, input: Result<AssignInput, OpError>) -> Outcome {
    let member = request.member()?;
    let input = input?;
    let worker_id = input.worker_id.unwrap_or_default();
    let org_id = member.org_id().to_string();
    let current = load(
        ctx,
        member,
        request.param("replacement_id")?,
        Permission::Dispatch,
    )
    .await?;
    let next_status = current.status.apply(RequestEvent::Assign)?;
    let schedule = current
        .schedule
        .clone()
        .ok_or(ReplacementsError::WrongRequestStatus(current.status))?;
    let worker: Option<Membership> = if ids::is_id(&worker_id) {
        ctx.store
            .get(&keys::membership(&org_id, &worker_id))
            .await?
            .map(from_item)
            .transpose()?
    } else {
        None
    };
    let worker = match worker {
        Some(w)
            if w.status == MembershipStatus::Active
                && w.grants
                    .values()
                    .any(|p| p.contains(&Permission::OwnTimesheet)) =>
        {
            w
        }
        _ => {
            let mut errors = ValidationErrors::default();
            errors.push("worker_id", FieldCode::InvalidValue);
            return Err(errors.into());
        }
    };
    // No double booking: the worker's other live assignments, any service.
    let booked = ctx
        .store
        .query(Query {
            index: Some(GSI1),
            pk: keys::worker_bookings(&worker.account_id),
            forward: true,
            ..Query::default()
        })
        .await?;
    for item in booked.items {
        let other: Replacement = from_item(item)?;
        if other.id != current.id
            && other
                .schedule
                .as_ref()
                .is_some_and(|s| s.overlaps(&schedule))
        {
            return Err(ReplacementsError::WorkerBooked.into());
        }
    }
    let org = load_org(ctx, &org_id).await?;
    let mut next = current.clone();
    next.status = next_status;
    next.worker_id = Some(worker.account_id.clone());
    next.worker_first_name = Some(worker.first_name.clone());
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let when = emails::when(&schedule);
    let (fr, en) =
        emails::both(|l| emails::worker_assigned(l, &current.task, &current.function, &when));
    let mut messages = vec![crate::operations::outbox::notice(
        ctx, &org, &worker, fr, en,
    )];
    let clients = memberships_of(ctx, &current.requested_by).await?;
    if let Some(client) = clients.iter().find(|m| m.org_id == org_id) {
        let (fr, en) = emails::both(|l| {
            emails::replacement_filled(l, &worker.first_name, &current.task, &when)
        });
        messages.push(crate::operations::outbox::notice(ctx, &org, client, fr, en));
    }
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    commit.extend(messages.iter().map(create));
    commit.push(
        audit(
            ctx.new_id(),
            next.updated_at,
            &member.account_id,
            &current,
            "replacement.assigned",
        )
        .change("status", current.status, next.status)
        .set("worker", &worker.account_id)
        .write(),
    );
    // A stale version fails the condition: 409 (`From<StoreError>`).
    commit.run(ctx).await?;
    Output::json(200, &ReplacementView::new(&next))
}
