//! The caller's leave requests, or (`scope=team`) those she may decide;
//! each pending one with what it would take from its bank of hours (the
//! balance now → once approved), and for the leave form the banks of hours
//! leave may be taken from, with the caller's balance in each.

use crate::domain::employee_space::employee::{
    BankRule, LeaveType, RequestKind, RequestState, bank_serves,
};
use crate::domain::people::permission::Permission;
use crate::layout::employee::{EmployeeRequest, HourBank, RequestDetails, balance_minutes};
use crate::layout::keys;
use crate::operations::employee_space::support::employee_space::{
    BalanceImpact, LIST_QUERY, balances, banks, list_items,
};
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_leave")
    .get("/orgs/{org_id}/leave")
    .access(Access::Member(Permission::Leave))
    .summary("The caller's leave requests, newest first, or those she may decide (scope=team); pending ones with their bank's balance before and after approval; the banks leave may be taken from")
    .query(LIST_QUERY)
    .answers(200, Body::of::<LeaveList>())
    .problems(&[422])
    .handler(Handler::plan(plans::hour_banks, run_fn!(run)));

/// Leave requests with their effect on the banks of hours.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaveList {
    pub items: Vec<EmployeeRequest>,
    /// By request id, for each pending leave taken from a bank: the bank
    /// and the employee's balance there now and once approved.
    pub impacts: BTreeMap<String, BalanceImpact>,
    /// `mine`: the banks leave may be taken from, each with the caller's
    /// balance (empty for `team`).
    pub banks: Vec<LeaveBank>,
    /// Leave may take a bank below zero; else it is refused beyond the
    /// balance, when asked and when approved.
    pub banks_may_go_negative: bool,
    /// A working day in minutes: what two half days of leave take (the
    /// form counts a leave's hours with it, as the API does).
    pub working_day_minutes: u32,
}

/// A bank leave of its type may be taken from, with the caller's balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LeaveBank {
    pub id: String,
    pub name: String,
    pub leave_type: LeaveType,
    pub rule: BankRule,
    pub balance_minutes: i64,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let items = list_items(ctx, &request, RequestKind::Leave).await?;
    let member = request.member()?;
    let org = member.org_id();
    let banks = banks(ctx, org).await?;
    let team = request.query("scope") == Some("team");
    // The balances the listing needs: the caller's own (one Query), or, for
    // her team, those the pending leaves take from (one batch read).
    let balance: BTreeMap<(String, String), i64> = if team {
        let wanted = taken_from(&items);
        let keys: Vec<_> = wanted
            .iter()
            .map(|(account, bank)| keys::bank_balance(org, account, bank))
            .collect();
        let found = if keys.is_empty() {
            Vec::new()
        } else {
            ctx.store.get_many(&keys).await?
        };
        wanted
            .into_iter()
            .zip(found)
            .map(|(pair, item)| (pair, item.as_ref().map_or(0, balance_minutes)))
            .collect()
    } else {
        balances(ctx, org, &member.account_id)
            .await?
            .into_iter()
            .map(|(bank, minutes)| ((member.account_id.clone(), bank), minutes))
            .collect()
    };
    let of = |account: &str, bank: &str| {
        balance
            .get(&(account.to_string(), bank.to_string()))
            .copied()
            .unwrap_or(0)
    };
    let answer = LeaveList {
        impacts: impacts(&items, &banks, of),
        banks: if team {
            Vec::new()
        } else {
            leave_banks(&banks, |bank| of(&member.account_id, bank))
        },
        banks_may_go_negative: member.org.settings.banks_may_go_negative,
        working_day_minutes: member.org.settings.working_day_minutes,
        items,
    };
    Output::json(200, &answer)
}

/// The (employee, bank) pairs the pending leaves among `items` take from,
/// each once, in order.
fn taken_from(items: &[EmployeeRequest]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in items.iter().filter(|r| r.state == RequestState::Pending) {
        if let RequestDetails::Leave {
            bank_id: Some(bank),
            ..
        } = &r.details
        {
            let pair = (r.account_id.clone(), bank.clone());
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}

/// What each pending leave taken from a bank would take: the bank, the
/// employee's balance there (`balance(account, bank)`) now and once
/// approved. Pure.
fn impacts(
    items: &[EmployeeRequest],
    banks: &[HourBank],
    balance: impl Fn(&str, &str) -> i64,
) -> BTreeMap<String, BalanceImpact> {
    let mut out = BTreeMap::new();
    for r in items.iter().filter(|r| r.state == RequestState::Pending) {
        let RequestDetails::Leave {
            bank_id: Some(bank),
            half_days,
            minutes,
            ..
        } = &r.details
        else {
            continue;
        };
        let before = balance(&r.account_id, bank);
        out.insert(
            r.id.clone(),
            BalanceImpact {
                half_days: *half_days,
                minutes: *minutes,
                bank_id: Some(bank.clone()),
                bank_name: banks.iter().find(|b| &b.id == bank).map(|b| b.name.clone()),
                balance_minutes: Some(before),
                balance_after_minutes: Some(before - minutes),
            },
        );
    }
    out
}

/// The banks leave may be taken from (a bank for a leave type its rule
/// serves), with the caller's balance (`balance(bank)`). Pure.
fn leave_banks(banks: &[HourBank], balance: impl Fn(&str) -> i64) -> Vec<LeaveBank> {
    banks
        .iter()
        .filter_map(|b| {
            let leave_type = b.leave_type?;
            bank_serves(&b.rule, Some(leave_type), leave_type).then(|| LeaveBank {
                id: b.id.clone(),
                name: b.name.clone(),
                leave_type,
                rule: b.rule,
                balance_minutes: balance(&b.id),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::HalfDay;

    fn at() -> jiff::Timestamp {
        "2026-06-01T09:00:00Z".parse().unwrap()
    }

    fn bank(id: &str, name: &str, rule: BankRule, leave_type: Option<LeaveType>) -> HourBank {
        HourBank {
            id: id.into(),
            org_id: "o".into(),
            name: name.into(),
            rule,
            leave_type,
            created_at: at(),
            archived_at: None,
            version: 1,
        }
    }

    fn leave(id: &str, account: &str, bank: Option<&str>, state: RequestState) -> EmployeeRequest {
        EmployeeRequest {
            id: id.into(),
            org_id: "o".into(),
            account_id: account.into(),
            employee_name: "Zoé Roy".into(),
            establishment_id: Some("e1".into()),
            state,
            details: RequestDetails::Leave {
                leave_type: LeaveType::Vacation,
                start_date: "2026-07-06".parse().unwrap(),
                start_half: HalfDay::Morning,
                end_date: "2026-07-07".parse().unwrap(),
                end_half: HalfDay::Morning,
                half_days: 3,
                minutes: 630,
                bank_id: bank.map(str::to_string),
            },
            comment: None,
            decision_comment: None,
            decided_by: None,
            decided_at: None,
            created_at: at(),
            updated_at: at(),
            version: 1,
        }
    }

    #[test]
    fn a_pending_leave_shows_its_bank_and_the_balance_before_and_after_approval() {
        let banks = [bank(
            "b1",
            "Vacances",
            BankRule::None,
            Some(LeaveType::Vacation),
        )];
        let items = [
            leave("r1", "zoe", Some("b1"), RequestState::Pending),
            leave("r2", "leo", Some("b1"), RequestState::Pending),
            // Decided: its balance already counts it.
            leave("r3", "zoe", Some("b1"), RequestState::Approved),
            // From no bank: nothing to show.
            leave("r4", "zoe", None, RequestState::Pending),
        ];
        let balance = |account: &str, _: &str| if account == "zoe" { 1050 } else { 420 };
        let shown = impacts(&items, &banks, balance);
        assert_eq!(shown.keys().collect::<Vec<_>>(), ["r1", "r2"]);
        let zoe = &shown["r1"];
        assert_eq!(zoe.bank_name.as_deref(), Some("Vacances"));
        assert_eq!(
            (zoe.balance_minutes, zoe.balance_after_minutes),
            (Some(1050), Some(420))
        );
        assert_eq!(shown["r2"].balance_after_minutes, Some(-210));
        assert_eq!(
            taken_from(&items),
            [
                ("zoe".to_string(), "b1".to_string()),
                ("leo".to_string(), "b1".to_string())
            ]
        );
    }

    #[test]
    fn the_form_offers_only_banks_leave_may_be_taken_from() {
        let overtime = BankRule::Overtime {
            weekly_threshold_minutes: 2400,
        };
        let banks = [
            // Overtime naming vacation (defined before the rule): not offered.
            bank(
                "ot",
                "Heures supplémentaires",
                overtime,
                Some(LeaveType::Vacation),
            ),
            bank(
                "ot2",
                "Reprise de temps",
                overtime,
                Some(LeaveType::Personal),
            ),
            bank("b1", "Vacances", BankRule::None, Some(LeaveType::Vacation)),
            bank("acc", "Accumulé", BankRule::Accrual { per_mille: 40 }, None),
        ];
        let offered = leave_banks(&banks, |id| if id == "b1" { 4200 } else { 0 });
        let ids: Vec<(&str, LeaveType, i64)> = offered
            .iter()
            .map(|b| (b.id.as_str(), b.leave_type, b.balance_minutes))
            .collect();
        assert_eq!(
            ids,
            [
                ("ot2", LeaveType::Personal, 0),
                ("b1", LeaveType::Vacation, 4200)
            ]
        );
    }
}
