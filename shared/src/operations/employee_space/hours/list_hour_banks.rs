//! The organisation's banks of hours, archived ones included, for the
//! managers who keep them.

use crate::domain::employee_space::employee::Feature;
use crate::layout::employee::HourBank;
use crate::operations::employee_space::support::employee_space::all_banks;
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_hour_banks")
    .get("/orgs/{org_id}/hour-banks")
    .access(Access::Manager)
    .summary(
        "The organisation's banks of hours in the order they were defined, archived ones included",
    )
    .answers(200, Body::of::<HourBankList>())
    .handler(Handler::plan(plans::hour_banks, run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct HourBankList {
    pub items: Vec<HourBank>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    // Read ahead with the caller (the plan): no call of its own.
    let items = all_banks(ctx, member.org_id()).await?;
    Output::json(200, &HourBankList { items })
}
