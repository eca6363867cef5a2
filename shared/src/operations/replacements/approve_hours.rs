//! "Approbation des heures" (seed 001): the client approves the hours as
//! submitted, or modifies shifts with a signed adjustment ("-1,00"), meal
//! yes/no and a mandatory note. Submitted hours are never overwritten: each
//! adjustment is its own record. Approval locks the timesheet; the worker
//! is emailed the approved hours with every adjustment and its note.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::replacement::{
    Adjustment, RequestEvent, check_modifications, day_in, parse_adjustment,
};
use crate::layout::records::{create, replace};
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::load as load_org;
use crate::operations::reads::memberships_of;
use crate::operations::replacements::support::replacements::{ReplacementView, audit, load};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "approve_hours",
    method: "POST",
    path: "/orgs/{org_id}/replacements/{replacement_id}/approval",
    access: Access::Member(Permission::ApproveHours),
    summary: "Approve the submitted hours, with modifications if any (one per date: signed adjustment, meal, mandatory note; the shift's payable hours, adjustments summed, stay within 0 and its span); locks them",
    query: &[],
    request: Some(Body::of::<ApprovalInput>()),
    success: (200, Body::of::<ReplacementView>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    handler: Handler::plan(
        crate::operations::replacements::support::plans::replacement,
        |ctx, request| Box::pin(run(ctx, request)),
    ),
};

/// One modified shift ("Ajustement", "Repas", note).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Modification {
    /// `YYYY-MM-DD`: a submitted shift.
    pub date: Option<String>,
    /// Signed hours: `-1,00`, `1,00`, `-1.00`, `+0,25`.
    pub adjustment: Option<String>,
    /// Meal taken.
    #[serde(default)]
    pub meal: bool,
    /// Mandatory justification.
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalInput {
    /// The version the client saw; a concurrent approval makes it stale.
    pub version: Option<u64>,
    /// Empty to approve as submitted. At most one per date (a second one
    /// for the same date is refused on its `date`). Each is kept as its own
    /// record; a shift's payable minutes are its worked minutes less the
    /// unpaid break plus every adjustment of its date summed, and must stay
    /// within 0 and the shift's span (end − start as submitted): otherwise
    /// 422 on `modifications[i].adjustment`.
    #[serde(default)]
    pub modifications: Vec<Modification>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: ApprovalInput = request.json()?;
    let current = load(
        ctx,
        member,
        request.param("replacement_id")?,
        Permission::ApproveHours,
    )
    .await?;
    if !member
        .access()
        .allows_at(Permission::ApproveHours, &current.establishment_id)
    {
        return Err(OpError::NotFound);
    }
    let next_status = current.status.apply(RequestEvent::Approve)?;
    let now = ctx.clock.now();
    let mut errors = ValidationErrors::default();
    if input.version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    let submitted: Vec<jiff::civil::Date> = current.timesheet.iter().map(|e| e.date).collect();
    let mut adjustments = Vec::new();
    for (i, m) in input.modifications.iter().enumerate() {
        let date = errors.take(
            &format!("modifications[{i}].date"),
            day_in(m.date.as_deref(), &submitted),
        );
        let delta = errors.take(
            &format!("modifications[{i}].adjustment"),
            parse_adjustment(m.adjustment.as_deref().unwrap_or("")),
        );
        let note = match crate::domain::validate::optional_text(m.note.as_deref(), 1000) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                errors.push(format!("modifications[{i}].note"), FieldCode::NoteRequired);
                None
            }
            Err(c) => {
                errors.push(format!("modifications[{i}].note"), c);
                None
            }
        };
        if let (Some(date), Some(delta_minutes), Some(note)) = (date, delta, note) {
            adjustments.push((
                i,
                Adjustment {
                    date,
                    delta_minutes,
                    meal: m.meal,
                    note,
                    by: member.account_id.clone(),
                    at: now,
                },
            ));
        }
    }
    errors
        .0
        .extend(check_modifications(&current.timesheet, &current.adjustments, &adjustments).0);
    errors.finish(())?;
    let adjustments: Vec<Adjustment> = adjustments.into_iter().map(|(_, a)| a).collect();
    if input.version != Some(current.version) {
        return Err(OpError::VersionConflict);
    }
    let mut next = current.clone();
    next.status = next_status;
    next.adjustments.extend(adjustments.iter().cloned());
    next.approved_by = Some(member.account_id.clone());
    next.approved_at = Some(now);
    next.updated_at = now;
    next.version = current.version + 1;

    let org = load_org(ctx, &current.org_id).await?;
    let mut messages = Vec::new();
    if let Some(worker_id) = &current.worker_id
        && let Some(worker) = memberships_of(ctx, worker_id)
            .await?
            .into_iter()
            .find(|m| m.org_id == current.org_id)
    {
        let (fr, en) = emails::both(|l| {
            emails::hours_approved(
                l,
                &current.task,
                &next.timesheet,
                &next.adjustments,
                &adjustments,
            )
        });
        messages.push(crate::operations::outbox::notice(
            ctx, &org, &worker, fr, en,
        ));
    }
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    commit.extend(messages.iter().map(create));
    commit.push(
        audit(
            ctx.new_id(),
            now,
            &member.account_id,
            &current,
            "hours.approved",
        )
        .change("status", current.status, next.status)
        .set("adjustments", &adjustments)
        .write(),
    );
    // Someone approved at the same moment: exactly one wins, the other's
    // version condition fails (409 through `From<StoreError>`).
    commit.run(ctx).await?;
    Output::json(200, &ReplacementView::new(&next))
}
