//! The movements of the banks of hours: every change of an employee's
//! balance (an opening balance, a manager's adjustment, an approved week,
//! approved leave) is its own record, written with the counter it moves in
//! one transaction; her history reads them back, newest first, each with
//! the balance it left.

use crate::domain::employee_space::employee::{BankRule, LeaveType};
use crate::domain::people::membership::Membership;
use crate::layout::employee::{BALANCE_MINUTES, BankMovement, HourBank, MovementKind};
use crate::layout::keys;
use crate::layout::records::{create, from_item};
use crate::operations::{Context, OpError};
use crate::ports::{Condition, Query, Write};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// How many of an employee's movements her history shows (the newest).
pub const HISTORY_LENGTH: u32 = 200;

/// The writes of one movement: its counter moved (on `condition`, if any)
/// and its record created (an opening once per employee and bank).
pub(crate) fn writes(movement: &BankMovement, condition: Option<Condition>) -> [Write; 2] {
    [
        Write::Add {
            key: keys::bank_balance(&movement.org_id, &movement.account_id, &movement.bank_id),
            add: vec![(BALANCE_MINUTES.into(), movement.minutes)],
            condition,
        },
        create(movement),
    ]
}

/// A movement as her history shows it: with the balance it left in its
/// bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MovementView {
    #[serde(flatten)]
    pub movement: BankMovement,
    /// The bank's name now (archived banks included).
    pub bank_name: String,
    pub balance_after_minutes: i64,
}

/// An employee's newest movements, newest first, each with the balance it
/// left: counted back from her `balances` now (bank id → minutes), so the
/// history adds up to what she holds even when older movements are not
/// shown. One Query.
pub(crate) async fn history(
    ctx: &Context,
    org_id: &str,
    account_id: &str,
    banks: &[HourBank],
    balances: &BTreeMap<String, i64>,
) -> Result<Vec<MovementView>, OpError> {
    let page = ctx
        .store
        .query(Query {
            pk: keys::org_pk(org_id),
            sk_prefix: Some(keys::movements_of(account_id)),
            limit: Some(HISTORY_LENGTH),
            forward: false,
            ..Query::default()
        })
        .await?;
    let movements = page
        .items
        .into_iter()
        .map(|item| Ok(from_item::<BankMovement>(item)?))
        .collect::<Result<Vec<_>, OpError>>()?;
    Ok(with_balances(movements, banks, balances))
}

/// Each movement (newest first) with the balance it left, counted back from
/// the balances now. Pure.
fn with_balances(
    movements: Vec<BankMovement>,
    banks: &[HourBank],
    balances: &BTreeMap<String, i64>,
) -> Vec<MovementView> {
    let mut running = balances.clone();
    movements
        .into_iter()
        .map(|movement| {
            let after = running.entry(movement.bank_id.clone()).or_insert(0);
            let view = MovementView {
                bank_name: banks
                    .iter()
                    .find(|b| b.id == movement.bank_id)
                    .map(|b| b.name.clone())
                    .unwrap_or_default(),
                balance_after_minutes: *after,
                movement,
            };
            *after -= view.movement.minutes;
            view
        })
        .collect()
}

/// The organisation's member `user_id` whose banks a manager keeps (read
/// ahead by [`super::plans::target_user_and_hour_banks`]); anyone else,
/// another organisation's member included, is not found.
pub(crate) async fn employee(
    ctx: &Context,
    org_id: &str,
    user_id: &str,
) -> Result<Membership, OpError> {
    if !crate::domain::ids::is_id(user_id) {
        return Err(OpError::NotFound);
    }
    Ok(from_item(
        ctx.store
            .get(&keys::membership(org_id, user_id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?)
}

/// One employee's balance in one bank, as her timesheet and her manager's
/// screen show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BankBalance {
    pub id: String,
    pub name: String,
    pub rule: BankRule,
    pub leave_type: Option<LeaveType>,
    pub archived: bool,
    pub balance_minutes: i64,
    /// Her opening balance there is set (among the movements shown).
    pub opening_set: bool,
    /// The bank's version (to rename or archive it).
    pub version: u64,
}

/// Her balance in each of `banks` (bank id → minutes in `balances`, 0 when
/// none), with whether `history` holds her opening there. Pure.
pub(crate) fn balance_views(
    banks: &[HourBank],
    balances: &BTreeMap<String, i64>,
    history: &[MovementView],
) -> Vec<BankBalance> {
    banks
        .iter()
        .map(|b| BankBalance {
            id: b.id.clone(),
            name: b.name.clone(),
            rule: b.rule,
            leave_type: b.leave_type,
            archived: !b.is_active(),
            balance_minutes: balances.get(&b.id).copied().unwrap_or(0),
            opening_set: history.iter().any(|m| {
                m.movement.bank_id == b.id && m.movement.movement == MovementKind::Opening
            }),
            version: b.version,
        })
        .collect()
}

/// The condition a movement of `minutes` is written on: one that takes
/// needs the balance to cover it when written, unless banks may go
/// negative (leave, an opening balance or an adjustment alike).
pub(crate) fn covering(minutes: i64, may_go_negative: bool) -> Option<Condition> {
    (minutes < 0 && !may_go_negative).then_some(Condition::AtLeast(BALANCE_MINUTES, -minutes))
}

/// The movement's kind as the audit names it.
pub(crate) fn action(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::Opening => "hour_bank.opening_set",
        MovementKind::Adjustment => "hour_bank.adjusted",
        MovementKind::Week => "hour_bank.week_credited",
        MovementKind::Leave => "hour_bank.leave_taken",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn movement(id: &str, bank: &str, minutes: i64) -> BankMovement {
        BankMovement {
            id: id.into(),
            org_id: "o".into(),
            account_id: "zoe".into(),
            bank_id: bank.into(),
            movement: MovementKind::Adjustment,
            minutes,
            note: Some("Correction".into()),
            by: "boss".into(),
            by_name: None,
            source: None,
            at: "2026-06-01T09:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn the_history_counts_each_balance_back_from_the_balance_now() {
        let balances = BTreeMap::from([("a".to_string(), 600), ("b".to_string(), -60)]);
        // Newest first: a +120, b -60, a +480 (opening).
        let shown = with_balances(
            vec![
                movement("3", "a", 120),
                movement("2", "b", -60),
                movement("1", "a", 480),
            ],
            &[],
            &balances,
        );
        let after: Vec<(&str, i64)> = shown
            .iter()
            .map(|v| (v.movement.id.as_str(), v.balance_after_minutes))
            .collect();
        assert_eq!(after, [("3", 600), ("2", -60), ("1", 480)]);
    }

    #[test]
    fn a_movement_moves_its_counter_and_is_its_own_record() {
        let m = movement("1", "a", -30);
        let [add, record] = writes(&m, covering(m.minutes, false));
        assert_eq!(
            add,
            Write::Add {
                key: keys::bank_balance("o", "zoe", "a"),
                add: vec![(BALANCE_MINUTES.into(), -30)],
                condition: Some(Condition::AtLeast(BALANCE_MINUTES, 30)),
            }
        );
        let Write::Put { condition, item } = record else {
            panic!("{record:?}")
        };
        assert_eq!(condition, Some(Condition::NotExists));
        assert_eq!(
            item.get("note").and_then(|v| v.as_str()),
            Some("Correction")
        );
        assert_eq!(covering(30, false), None);
        assert_eq!(covering(-30, true), None);
    }

    #[test]
    fn an_opening_has_one_key_per_employee_and_bank_sorting_first() {
        let mut m = movement("1", "a", 480);
        m.movement = MovementKind::Opening;
        let mut again = movement("2", "a", 60);
        again.movement = MovementKind::Opening;
        use crate::layout::records::Record;
        assert_eq!(m.key(), again.key());
        let later = movement("3", "a", 60).key();
        assert!(m.key().sk < later.sk, "{:?} < {:?}", m.key(), later);
    }
}
