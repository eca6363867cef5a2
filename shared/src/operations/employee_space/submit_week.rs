//! An employee enters her hours per day and submits the week (named by its
//! Monday); a refused or pending week can be submitted again, an approved
//! one is locked.

use crate::domain::employee_space::employee::{
    Feature, RequestState, parse_week, week_minutes, week_start,
};
use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::layout::employee::Week;
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::EmployeeSpaceError;
use crate::operations::employee_space::support::employee_space::{
    employee_establishment, full_name,
};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("submit_week")
    .put("/orgs/{org_id}/weeks/{week}")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("Enter hours per day (integer minutes) and submit the week named by its Monday; locked once approved")
    .takes(Body::of::<WeekInput>())
    .answers(200, Body::of::<Week>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayInput {
    /// `YYYY-MM-DD`, within the week.
    pub date: Option<String>,
    /// Worked minutes, 0 to 1440.
    pub minutes: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekInput {
    #[serde(default)]
    pub days: Vec<DayInput>,
    pub comment: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let input: WeekInput = request.json()?;
    let mut errors = ValidationErrors::default();
    let monday = errors.take("week", week_start(request.param("week")?));
    let comment = errors
        .take(
            "comment",
            crate::domain::validate::optional_text(input.comment.as_deref(), 1000),
        )
        .flatten();
    let days = match monday {
        Some(monday) => {
            let raw: Vec<(Option<String>, Option<i64>)> = input
                .days
                .iter()
                .map(|d| (d.date.clone(), d.minutes))
                .collect();
            match parse_week(monday, &raw) {
                Ok(days) => days,
                Err(e) => {
                    errors.0.extend(e.0);
                    vec![]
                }
            }
        }
        None => vec![],
    };
    let monday = errors.finish(monday)?.ok_or(OpError::NotFound)?;
    let key = keys::week(member.org_id(), &member.account_id, monday);
    let current: Option<Week> = ctx.store.get(&key).await?.map(from_item).transpose()?;
    if let Some(c) = &current
        && c.state == RequestState::Approved
    {
        return Err(EmployeeSpaceError::AlreadyDecided.into());
    }
    let now = ctx.clock.now();
    let week = Week {
        org_id: member.org_id().to_string(),
        account_id: member.account_id.clone(),
        employee_name: full_name(&member.membership),
        establishment_id: employee_establishment(member),
        monday,
        total_minutes: week_minutes(&days),
        days,
        state: RequestState::Pending,
        comment,
        decision_comment: None,
        decided_by: None,
        decided_at: None,
        credited: vec![],
        submitted_at: now,
        version: current.as_ref().map_or(1, |c| c.version + 1),
    };
    let write = match &current {
        Some(c) => replace(&week, c.version),
        None => create(&week),
    };
    let mut commit = Commit::new();
    commit.push(write).push(
        Audit::at(
            ctx.new_id(),
            now,
            &week.org_id,
            &member.account_id,
            "week.submitted",
        )
        .target(&format!("{}#{}", member.account_id, monday))
        .establishment(week.establishment_id.as_deref())
        .change(
            "total_minutes",
            current.map(|c| c.total_minutes),
            week.total_minutes,
        )
        .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &week)
}
