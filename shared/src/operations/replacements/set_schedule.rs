//! "Horaire" (seed 001): the schedule of a request — dates, hours, unpaid
//! break, days left out; one shift per day. Draft → requested.

use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestEvent;
use crate::layout::records::replace;
use crate::operations::commit::Commit;
use crate::operations::replacements::support::plans;
use crate::operations::replacements::support::replacements::{
    ReplacementView, ScheduleInput, audit, load_of,
};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("set_schedule")
    .put("/orgs/{org_id}/replacements/{replacement_id}/schedule")
    .access(Access::Member(Permission::RequestReplacements))
    .summary(
        "Set the schedule of a request (draft → requested); editable until a worker is assigned",
    )
    .takes(Body::of::<ScheduleInput>())
    .answers(200, Body::of::<ReplacementView>())
    .problems(&[409])
    .handler(Handler::plan(plans::replacement, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: ScheduleInput = request.json()?;
    let schedule = input
        .parse()
        .map_err(|e: ValidationErrors| OpError::Validation(e))?;
    let current = load_of(ctx, &request, Permission::RequestReplacements).await?;
    let mut next = current.clone();
    next.status = current.status.apply(RequestEvent::Schedule)?;
    next.schedule = Some(schedule);
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        audit(
            ctx.new_id(),
            next.updated_at,
            &member.account_id,
            &current,
            "replacement.scheduled",
        )
        .change("status", current.status, next.status)
        .set("schedule", &next.schedule)
        .write(),
    );
    // A stale version fails the condition: 409 (`From<StoreError>`).
    commit.run(ctx).await?;
    Output::json(200, &ReplacementView::new(&next))
}
