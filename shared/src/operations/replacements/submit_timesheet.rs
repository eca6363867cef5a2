//! The assigned worker records, per shift, actual start, end, break and
//! meal taken, and submits; the client is emailed that hours await
//! approval.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::emails;
use crate::domain::replacements::replacement::{RequestEvent, TimesheetEntryInput, timesheet};
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
    id: "submit_timesheet",
    method: "PUT",
    path: "/orgs/{org_id}/replacements/{replacement_id}/timesheet",
    access: Access::Member(Permission::OwnTimesheet),
    summary: "The assigned worker submits her hours per shift (start, end, break, meal)",
    query: &[],
    request: Some(Body::of::<TimesheetInput>()),
    success: (200, Body::of::<ReplacementView>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    handler: Handler::plan(
        crate::operations::replacements::support::plans::replacement,
        |ctx, request| Box::pin(run(ctx, request)),
    ),
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimesheetInput {
    pub entries: Vec<TimesheetEntryInput>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: TimesheetInput = request.json()?;
    let current = load(
        ctx,
        member,
        request.param("replacement_id")?,
        Permission::OwnTimesheet,
    )
    .await?;
    if current.worker_id.as_deref() != Some(member.account_id.as_str()) {
        return Err(OpError::NotFound);
    }
    let next_status = current.status.apply(RequestEvent::SubmitTimesheet)?;
    let planned: Vec<jiff::civil::Date> = current
        .schedule
        .as_ref()
        .map(|s| s.shifts().iter().map(|x| x.date).collect())
        .unwrap_or_default();
    let entries = timesheet(&input.entries, &planned)?;
    let org = load_org(ctx, &current.org_id).await?;
    let mut next = current.clone();
    next.status = next_status;
    next.timesheet = entries;
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let mut messages = Vec::new();
    if let Some(client) = memberships_of(ctx, &current.requested_by)
        .await?
        .into_iter()
        .find(|m| m.org_id == current.org_id)
    {
        let (fr, en) = emails::both(|l| emails::hours_to_approve(l, &current.task));
        messages.push(crate::operations::outbox::notice(
            ctx, &org, &client, fr, en,
        ));
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
            "timesheet.submitted",
        )
        .set("timesheet", &next.timesheet)
        .write(),
    );
    // A stale version fails the condition: 409 (`From<StoreError>`).
    commit.run(ctx).await?;
    Output::json(200, &ReplacementView::new(&next))
}
