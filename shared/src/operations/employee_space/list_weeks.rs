//! The timesheet: the caller's weeks with her banks of hours and their
//! balances alongside; or (`scope=team`) the weeks waiting for the caller's
//! approval.

use crate::domain::employee_space::employee::{BankRule, Feature};
use crate::domain::people::permission::Permission;
use crate::layout::employee::Week;
use crate::layout::keys;
use crate::operations::employee_space::support::employee_space::{
    balances, banks, invalid, may_decide,
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
pub struct BankBalance {
    pub id: String,
    pub name: String,
    pub rule: BankRule,
    pub balance_minutes: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Timesheet {
    pub weeks: Vec<Week>,
    /// The caller's banks of hours (empty for `scope=team`).
    pub banks: Vec<BankBalance>,
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
            let balances = balances(ctx, member.org_id(), &member.account_id).await?;
            let banks = banks(ctx, member.org_id())
                .await?
                .into_iter()
                .map(|b| BankBalance {
                    balance_minutes: balances.get(&b.id).copied().unwrap_or(0),
                    id: b.id,
                    name: b.name,
                    rule: b.rule,
                })
                .collect();
            Output::json(200, &Timesheet { weeks, banks })
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
                },
            )
        }
        Some(_) => Err(invalid("scope")),
    }
}
