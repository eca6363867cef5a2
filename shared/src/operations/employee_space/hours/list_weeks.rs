//! The timesheet: the caller's weeks with her banks of hours, their
//! balances and their history alongside; or (`scope=team`) the weeks waiting for the caller's
//! approval.

use crate::domain::employee_space::employee::Feature;
use crate::domain::people::permission::Permission;
use crate::layout::employee::Week;
use crate::layout::keys;
use crate::operations::employee_space::support::employee_space::{
    all_banks, balances, invalid, may_decide,
};
use crate::operations::employee_space::support::movements::{
    BankBalance, MovementView, balance_views, history,
};
use crate::operations::employee_space::support::plans;
use crate::operations::reads::query_all;
use crate::operations::{Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request};
use crate::ports::{GSI1, Query};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_weeks")
    .get("/orgs/{org_id}/weeks")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("One's weeks of hours with the banks of hours and their balances; scope=team: submitted weeks to approve")
    .query(&[("scope", "`mine` (default) or `team`: submitted weeks the caller may approve")])
    .answers(200, Body::of::<Timesheet>())
    .problems(&[422])
    .handler(Handler::plan(
        plans::hour_banks,
        |ctx,
        request| Box::pin(run(ctx, request)),
    ));

#[derive(Debug, Serialize, ToSchema)]
pub struct Timesheet {
    pub weeks: Vec<Week>,
    /// The caller's banks of hours in use (empty for `scope=team`).
    pub banks: Vec<BankBalance>,
    /// The history of her balances, newest first: each movement with the
    /// balance it left (empty for `scope=team`).
    pub movements: Vec<MovementView>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    match request.query("scope") {
        None | Some("mine") => {
            let weeks: Vec<Week> = query_all(
                ctx,
                Query {
                    pk: keys::org_pk(member.org_id()),
                    sk_prefix: Some(keys::weeks_of(&member.account_id)),
                    forward: false,
                    ..Query::default()
                },
            )
            .await?;
            let org = member.org_id();
            let balances = balances(ctx, org, &member.account_id).await?;
            // Read ahead with the caller (the plan): no call of its own.
            let all = all_banks(ctx, org).await?;
            let movements = history(ctx, org, &member.account_id, &all, &balances).await?;
            let in_use: Vec<_> = all.into_iter().filter(|b| b.is_active()).collect();
            let banks = balance_views(&in_use, &balances, &movements);
            Output::json(
                200,
                &Timesheet {
                    weeks,
                    banks,
                    movements,
                },
            )
        }
        Some("team") => {
            let weeks: Vec<Week> = query_all(
                ctx,
                Query {
                    index: Some(GSI1),
                    pk: keys::weeks_in_state(member.org_id(), "pending"),
                    forward: true,
                    ..Query::default()
                },
            )
            .await?;
            let weeks = weeks
                .into_iter()
                .filter(|w| {
                    may_decide(
                        member,
                        Permission::ApproveHours,
                        w.establishment_id.as_deref(),
                    )
                })
                .collect();
            Output::json(
                200,
                &Timesheet {
                    weeks,
                    banks: vec![],
                    movements: vec![],
                },
            )
        }
        Some(_) => Err(invalid("scope")),
    }
}
