//! An employee asks for leave: type, start and end with half days, comment;
//! the answer shows what it takes from its bank of hours.

use crate::domain::employee_space::employee::{Feature, HalfDay, LeavePeriod, LeaveType};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::layout::employee::RequestDetails;
use crate::operations::employee_space::support::employee_space::{
    BalanceImpact, RequestAnswer, balance, banks, submit,
};
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("submit_leave")
    .post("/orgs/{org_id}/leave")
    .access(Access::Member(Permission::Leave))
    .summary(
        "Ask for leave (type, start and end with half days, comment); shows the balance impact",
    )
    .takes(Body::of::<LeaveInput>())
    .answers(201, Body::of::<RequestAnswer>())
    .handler(Handler::plan(plans::hour_banks, run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveInput {
    pub leave_type: Option<LeaveType>,
    /// `YYYY-MM-DD`
    pub start_date: Option<String>,
    /// Default `morning`.
    pub start_half: Option<HalfDay>,
    pub end_date: Option<String>,
    /// Default `afternoon` (the whole last day).
    pub end_half: Option<HalfDay>,
    pub comment: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::Absences)?;
    let input: LeaveInput = request.json()?;
    let mut errors = match LeavePeriod::parse(
        input.start_date.as_deref(),
        input.start_half,
        input.end_date.as_deref(),
        input.end_half,
    ) {
        Ok(_) => ValidationErrors::default(),
        Err(e) => e,
    };
    if input.leave_type.is_none() {
        errors.push("leave_type", FieldCode::Required);
    }
    let comment = errors
        .take(
            "comment",
            crate::domain::validate::optional_text(input.comment.as_deref(), 1000),
        )
        .flatten();
    errors.finish(())?;
    let period = LeavePeriod::parse(
        input.start_date.as_deref(),
        input.start_half,
        input.end_date.as_deref(),
        input.end_half,
    )?;
    let leave_type = input.leave_type.unwrap_or(LeaveType::Other);
    let bank = banks(ctx, member.org_id())
        .await?
        .into_iter()
        .find(|b| b.leave_type == Some(leave_type));
    let minutes = period.minutes(member.org.settings.working_day_minutes);
    let balance = match &bank {
        Some(b) => Some(balance(ctx, member.org_id(), &member.account_id, &b.id).await?),
        None => None,
    };
    let details = RequestDetails::leave(
        leave_type,
        &period,
        minutes,
        bank.as_ref().map(|b| b.id.clone()),
    );
    let created = submit(ctx, member, ctx.new_id(), details, comment).await?;
    let impact = BalanceImpact {
        half_days: period.half_days(),
        minutes,
        bank_id: bank.as_ref().map(|b| b.id.clone()),
        bank_name: bank.map(|b| b.name),
        balance_minutes: balance,
        balance_after_minutes: balance.map(|b| b - minutes),
    };
    Output::json(
        201,
        &RequestAnswer {
            request: created,
            upload: None,
            impact: Some(impact),
        },
    )
}
