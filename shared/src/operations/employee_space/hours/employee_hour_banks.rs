//! A manager looks at one employee's banks of hours: her balance in each
//! (archived banks included) and her history of movements, each with the
//! balance it left.

use crate::domain::employee_space::employee::Feature;
use crate::operations::employee_space::support::employee_space::{all_banks, balances, full_name};
use crate::operations::employee_space::support::movements::{
    BankBalance, MovementView, balance_views, employee, history,
};
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("employee_hour_banks")
    .get("/orgs/{org_id}/users/{user_id}/hour-banks")
    .access(Access::Manager)
    .summary("One employee's balance in each bank of hours and her history of movements (opening, adjustments with their notes, approved weeks, leave), newest first")
    .answers(200, Body::of::<EmployeeBanks>())
    .problems(&[404])
    .handler(Handler::plan(
        plans::target_user_and_hour_banks,
        run_fn!(run),
    ));

/// One employee's banks of hours.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmployeeBanks {
    pub user_id: String,
    pub employee_name: String,
    pub banks: Vec<BankBalance>,
    pub movements: Vec<MovementView>,
    /// A movement may take a balance below zero.
    pub banks_may_go_negative: bool,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let org = member.org_id();
    let person = employee(ctx, org, request.param("user_id")?).await?;
    let banks = all_banks(ctx, org).await?;
    let balances = balances(ctx, org, &person.account_id).await?;
    let movements = history(ctx, org, &person.account_id, &banks, &balances).await?;
    Output::json(
        200,
        &EmployeeBanks {
            user_id: person.account_id.clone(),
            employee_name: full_name(&person),
            banks: balance_views(&banks, &balances, &movements),
            movements,
            banks_may_go_negative: member.org.settings.banks_may_go_negative,
        },
    )
}
