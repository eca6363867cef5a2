//! A manager renames a bank of hours, archives it (approved weeks no longer
//! feed it, leave is no longer taken from it, nobody's balance there moves;
//! balances and history are kept) or restores it.

use crate::domain::employee_space::employee::Feature;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::layout::employee::{HourBank, HourBanks};
use crate::layout::records::replace;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::employee_space::support::employee_space::hour_banks;
use crate::operations::employee_space::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("update_hour_bank")
    .patch("/orgs/{org_id}/hour-banks/{bank_id}")
    .access(Access::Manager)
    .summary("Rename a bank of hours, archive it (no longer fed, offered for leave or adjusted; balances and history kept) or restore it")
    .takes(Body::of::<HourBankChange>())
    .answers(200, Body::of::<HourBank>())
    .problems(&[404, 409])
    .handler(Handler::plan(plans::hour_banks, run_fn!(run)));

/// What changes; `version` is the bank's as the manager saw it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HourBankChange {
    pub name: Option<String>,
    /// `true` archives the bank, `false` restores it.
    pub archived: Option<bool>,
    pub version: Option<u64>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::WorkingHours)?;
    let input: HourBankChange = request.json()?;
    let bank_id = request.param("bank_id")?;
    let record = hour_banks(ctx, member.org_id())
        .await?
        .ok_or(OpError::NotFound)?;
    let (next, commit) = change(
        record,
        bank_id,
        &input,
        &member.account_id,
        ctx.clock.now(),
        ctx.new_id(),
    )?;
    commit.run(ctx).await?;
    Output::json(200, &next)
}

/// The bank `bank_id` of `record` changed by `input`, and the writes (the
/// banks' item at the version read; the audit event), pure. Unknown bank:
/// 404; a stale version: 409; an empty change or a bad name: 422.
fn change(
    mut record: HourBanks,
    bank_id: &str,
    input: &HourBankChange,
    actor: &str,
    now: jiff::Timestamp,
    audit_id: String,
) -> Result<(HourBank, Commit), OpError> {
    let mut errors = ValidationErrors::default();
    let name = match &input.name {
        Some(raw) => errors.take(
            "name",
            crate::domain::validate::required_text(Some(raw), 100),
        ),
        None => None,
    };
    if input.version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    if input.name.is_none() && input.archived.is_none() {
        errors.push("name", FieldCode::Required);
    }
    let name = errors.finish(name)?;
    let expected = record.version;
    let bank = record
        .banks
        .iter_mut()
        .find(|b| b.id == bank_id)
        .ok_or(OpError::NotFound)?;
    if Some(bank.version) != input.version {
        return Err(OpError::VersionConflict);
    }
    let before = bank.clone();
    if let Some(name) = name {
        bank.name = name;
    }
    match input.archived {
        Some(true) if bank.archived_at.is_none() => bank.archived_at = Some(now),
        Some(false) => bank.archived_at = None,
        _ => {}
    }
    bank.version += 1;
    let next = bank.clone();
    record.version += 1;
    let action = match (before.is_active(), next.is_active()) {
        (true, false) => "hour_bank.archived",
        (false, true) => "hour_bank.restored",
        _ => "hour_bank.renamed",
    };
    let mut audit = Audit::at(audit_id, now, &record.org_id, actor, action).target(&next.id);
    if before.name != next.name {
        audit = audit.change("name", &before.name, &next.name);
    }
    if before.is_active() != next.is_active() {
        audit = audit.change("archived", !before.is_active(), !next.is_active());
    }
    let mut commit = Commit::new();
    commit.push(replace(&record, expected)).push(audit.write());
    Ok((next, commit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employee_space::employee::BankRule;

    fn at() -> jiff::Timestamp {
        "2026-06-01T09:00:00Z".parse().unwrap()
    }

    fn record() -> HourBanks {
        let bank = |id: &str, name: &str| HourBank {
            id: id.into(),
            org_id: "o".into(),
            name: name.into(),
            rule: BankRule::None,
            leave_type: None,
            created_at: at(),
            archived_at: None,
            version: 1,
        };
        HourBanks {
            org_id: "o".into(),
            banks: vec![bank("b1", "Vacances"), bank("b2", "Maladie")],
            version: 4,
        }
    }

    fn input(name: Option<&str>, archived: Option<bool>, version: u64) -> HourBankChange {
        HourBankChange {
            name: name.map(str::to_string),
            archived,
            version: Some(version),
        }
    }

    #[test]
    fn a_bank_is_renamed_at_the_version_read_and_audited() {
        let (next, commit) = change(
            record(),
            "b2",
            &input(Some("  Congés maladie "), None, 1),
            "boss",
            at(),
            "a1".into(),
        )
        .unwrap();
        assert_eq!((next.name.as_str(), next.version), ("Congés maladie", 2));
        assert!(next.is_active());
        let writes = commit.writes();
        assert_eq!(writes.len(), 2);
        assert!(
            matches!(
                &writes[0],
                crate::ports::Write::Put {
                    condition: Some(crate::ports::Condition::VersionIs(4)),
                    ..
                }
            ),
            "{:?}",
            writes[0]
        );
    }

    #[test]
    fn archiving_then_restoring_keeps_the_bank() {
        let (archived, _) = change(
            record(),
            "b1",
            &input(None, Some(true), 1),
            "boss",
            at(),
            "a1".into(),
        )
        .unwrap();
        assert_eq!(archived.archived_at, Some(at()));
        let mut r = record();
        r.banks[0] = archived;
        let (restored, _) = change(
            r,
            "b1",
            &input(None, Some(false), 2),
            "boss",
            at(),
            "a2".into(),
        )
        .unwrap();
        assert!(restored.is_active());
        assert_eq!(restored.name, "Vacances");
    }

    #[test]
    fn an_unknown_bank_a_stale_version_or_an_empty_change_is_refused() {
        let refused = |id: &str, i: HourBankChange| {
            change(record(), id, &i, "boss", at(), "a".into()).unwrap_err()
        };
        assert!(matches!(
            refused("nope", input(Some("X"), None, 1)),
            OpError::NotFound
        ));
        assert!(matches!(
            refused("b1", input(Some("X"), None, 7)),
            OpError::VersionConflict
        ));
        assert!(matches!(
            refused("b1", input(None, None, 1)),
            OpError::Validation(_)
        ));
        assert!(matches!(
            refused("b1", input(Some("  "), None, 1)),
            OpError::Validation(_)
        ));
    }
}
