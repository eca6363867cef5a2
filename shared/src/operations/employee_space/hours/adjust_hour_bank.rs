//! A manager sets an employee's opening balance in a bank of hours (once)
//! or adjusts it, with a note saying why: each its own movement of her
//! history, audited, moving her balance in the same transaction.

use crate::domain::employee_space::employee::Feature;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::Membership;
use crate::layout::employee::{BankMovement, HourBank, MovementKind};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::EmployeeSpaceError;
use crate::operations::employee_space::support::employee_space::{all_banks, full_name};
use crate::operations::employee_space::support::movements::{self, employee};
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("adjust_hour_bank")
    .post("/orgs/{org_id}/users/{user_id}/hour-banks/{bank_id}/movements")
    .access(Access::Manager)
    .summary("Set an employee's opening balance in a bank of hours (once) or adjust it with a mandatory note; each its own audited movement of her history")
    .takes(Body::of::<MovementInput>())
    .answers(201, Body::of::<BankMovement>())
    .problems(&[404, 409])
    .handler(Handler::plan(
        plans::target_user_and_hour_banks,
        run_fn!(run),
    ));

/// The movements a manager makes by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ManualMovement {
    Opening,
    Adjustment,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovementInput {
    pub movement: Option<ManualMovement>,
    /// Signed minutes: added (positive) or taken (negative).
    pub minutes: Option<i64>,
    /// Why: required for an adjustment (up to 500 characters).
    pub note: Option<String>,
}

/// The most one movement may move: 2,000 hours.
pub const MAX_MINUTES: i64 = 2_000 * 60;

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let input: MovementInput = request.json()?;
    let org = member.org_id();
    let person = employee(ctx, org, request.param("user_id")?).await?;
    let banks = all_banks(ctx, org).await?;
    let bank = banks
        .iter()
        .find(|b| b.id == request.param("bank_id").unwrap_or_default())
        .ok_or(OpError::NotFound)?;
    let (movement, commit) = adjust(
        &input,
        bank,
        &person,
        (&member.account_id, full_name(&member.membership)),
        member.org.settings.banks_may_go_negative,
        ctx.clock.now(),
        (ctx.new_id(), ctx.new_id()),
    )?;
    commit.run(ctx).await?;
    Output::json(201, &movement)
}

/// The rules of a manual movement, pure: the input is checked (a kind; a
/// number of minutes, not zero for an adjustment, at most
/// [`MAX_MINUTES`] either way; a note for an adjustment); an archived bank
/// moves no more (409); the movement is its own record with its counter
/// moved and an audit event, in one transaction; an opening is created
/// once per employee and bank (a second: 409 `opening-already-set`); one
/// that takes needs the balance to cover it when written, unless banks may
/// go negative (409 `adjustment-below-zero`).
fn adjust(
    input: &MovementInput,
    bank: &HourBank,
    person: &Membership,
    (by, by_name): (&str, String),
    may_go_negative: bool,
    now: jiff::Timestamp,
    (id, audit_id): (String, String),
) -> Result<(BankMovement, Commit), OpError> {
    let mut errors = ValidationErrors::default();
    let kind = input.movement;
    if kind.is_none() {
        errors.push("movement", FieldCode::Required);
    }
    match input.minutes {
        None => errors.push("minutes", FieldCode::Required),
        Some(0) if kind == Some(ManualMovement::Adjustment) => {
            errors.push("minutes", FieldCode::InvalidAdjustment)
        }
        Some(m) if m.abs() > MAX_MINUTES => errors.push("minutes", FieldCode::TooLarge),
        Some(_) => {}
    }
    let note = errors.take(
        "note",
        crate::domain::validate::optional_text(input.note.as_deref(), 500),
    );
    if kind == Some(ManualMovement::Adjustment) && matches!(note, Some(None)) {
        errors.push("note", FieldCode::NoteRequired);
    }
    let note = errors.finish(note)?.flatten();
    let (Some(kind), Some(minutes)) = (kind, input.minutes) else {
        unreachable!("refused above")
    };
    if !bank.is_active() {
        return Err(EmployeeSpaceError::BankArchived.into());
    }
    let movement = BankMovement {
        id,
        org_id: person.org_id.clone(),
        account_id: person.account_id.clone(),
        bank_id: bank.id.clone(),
        movement: match kind {
            ManualMovement::Opening => MovementKind::Opening,
            ManualMovement::Adjustment => MovementKind::Adjustment,
        },
        minutes,
        note,
        by: by.to_string(),
        by_name: Some(by_name),
        source: None,
        at: now,
    };
    let [counter, record] =
        movements::writes(&movement, movements::covering(minutes, may_go_negative));
    let mut commit = Commit::new();
    commit.push_or(counter, EmployeeSpaceError::AdjustmentBelowZero);
    match movement.movement {
        MovementKind::Opening => commit.push_or(record, EmployeeSpaceError::OpeningAlreadySet),
        _ => commit.push(record),
    };
    commit.push(
        Audit::at(
            audit_id,
            now,
            &movement.org_id,
            by,
            movements::action(movement.movement),
        )
        .target(&movement.account_id)
        .set("bank", &bank.id)
        .set("minutes", movement.minutes)
        .set("note", &movement.note)
        .write(),
    );
    Ok((movement, commit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::BankRule;
    use crate::operations::employee_space::support::fixtures;
    use crate::ports::{Condition, StoreError, Write};

    fn at() -> jiff::Timestamp {
        "2026-06-01T09:00:00Z".parse().unwrap()
    }

    fn bank() -> HourBank {
        HourBank {
            id: "b1".into(),
            org_id: "o".into(),
            name: "Vacances".into(),
            rule: BankRule::None,
            leave_type: None,
            created_at: at(),
            archived_at: None,
            version: 1,
        }
    }

    fn person() -> Membership {
        fixtures::member("zoe", &[]).membership
    }

    fn input(
        kind: Option<ManualMovement>,
        minutes: Option<i64>,
        note: Option<&str>,
    ) -> MovementInput {
        MovementInput {
            movement: kind,
            minutes,
            note: note.map(str::to_string),
        }
    }

    fn run(
        i: &MovementInput,
        bank: &HourBank,
        may_go_negative: bool,
    ) -> Result<(BankMovement, Commit), OpError> {
        adjust(
            i,
            bank,
            &person(),
            ("boss", "Marie Roy".into()),
            may_go_negative,
            at(),
            ("m1".into(), "a1".into()),
        )
    }

    fn fields(error: OpError) -> Vec<(String, FieldCode)> {
        fixtures::refused(&error)
    }

    #[test]
    fn an_adjustment_says_why_and_moves_something() {
        let refused = run(
            &input(Some(ManualMovement::Adjustment), Some(0), Some("  ")),
            &bank(),
            false,
        )
        .unwrap_err();
        assert_eq!(
            fields(refused),
            [
                ("minutes".to_string(), FieldCode::InvalidAdjustment),
                ("note".to_string(), FieldCode::NoteRequired)
            ]
        );
        let refused = run(&input(None, None, None), &bank(), false).unwrap_err();
        assert_eq!(fields(refused).len(), 2);
        let refused = run(
            &input(Some(ManualMovement::Opening), Some(MAX_MINUTES + 1), None),
            &bank(),
            false,
        )
        .unwrap_err();
        assert_eq!(
            fields(refused),
            [("minutes".to_string(), FieldCode::TooLarge)]
        );
    }

    #[test]
    fn an_opening_is_written_once_and_needs_no_note() {
        let (movement, commit) = run(
            &input(Some(ManualMovement::Opening), Some(480), None),
            &bank(),
            false,
        )
        .unwrap();
        assert_eq!(movement.movement, MovementKind::Opening);
        let writes = commit.writes();
        assert_eq!(writes.len(), 3);
        assert!(
            matches!(
                &writes[1],
                Write::Put {
                    condition: Some(Condition::NotExists),
                    ..
                }
            ),
            "{:?}",
            writes[1]
        );
        let refusal = commit.meaning(StoreError::ConditionFailed { index: 1 });
        assert_eq!(
            refusal.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::OpeningAlreadySet)
        );
    }

    #[test]
    fn a_taking_adjustment_needs_the_balance_unless_banks_may_go_negative() {
        let take = input(
            Some(ManualMovement::Adjustment),
            Some(-90),
            Some("Erreur de saisie"),
        );
        let (movement, commit) = run(&take, &bank(), false).unwrap();
        assert_eq!(
            (movement.minutes, movement.note.as_deref()),
            (-90, Some("Erreur de saisie"))
        );
        let Write::Add { condition, .. } = &commit.writes()[0] else {
            panic!()
        };
        assert_eq!(
            condition,
            &Some(Condition::AtLeast(
                crate::layout::employee::BALANCE_MINUTES,
                90
            ))
        );
        let (_, commit) = run(&take, &bank(), true).unwrap();
        let Write::Add { condition, .. } = &commit.writes()[0] else {
            panic!()
        };
        assert_eq!(condition, &None);
    }

    #[test]
    fn an_archived_bank_moves_no_more() {
        let mut archived = bank();
        archived.archived_at = Some(at());
        let refused = run(
            &input(Some(ManualMovement::Adjustment), Some(60), Some("Oubli")),
            &archived,
            false,
        )
        .unwrap_err();
        assert_eq!(
            refused.refusal::<EmployeeSpaceError>(),
            Some(&EmployeeSpaceError::BankArchived)
        );
    }
}
