//! Records for the employee-space decisions' unit tests.

use crate::domain::errors::FieldCode;
use crate::domain::people::membership::{Membership, testing};
use crate::domain::people::permission::{Grants, Permission};
use crate::layout::records::{AuditEvent, from_item};
use crate::operations::commit::Commit;
use crate::operations::organisation::support::fixtures::org;
use crate::operations::{Member, OpError};
use crate::ports::{Condition, Key, Write};

pub const EST: &str = "e1";

pub fn now() -> jiff::Timestamp {
    "2026-06-01T09:00:00Z".parse().unwrap()
}

pub fn day(d: &str) -> jiff::civil::Date {
    d.parse().unwrap()
}

/// The active member `id` of the organisation `o` (Zoé Roy), main
/// establishment `EST`, holding `permissions` there.
pub fn member(id: &str, permissions: &[Permission]) -> Member {
    let mut grants = Grants::new();
    grants.insert(EST.into(), permissions.iter().copied().collect());
    let membership = Membership {
        last_name: "Roy".into(),
        email: format!("{id}@example.ca"),
        main_establishment: Some(EST.into()),
        grants: grants.clone(),
        ..testing::membership("o", id)
    };
    Member {
        account_id: id.into(),
        membership,
        grants,
        org: org(),
    }
}

/// Each write's key and condition, in order.
pub fn writes(commit: &Commit) -> Vec<(Key, Option<Condition>)> {
    commit
        .writes()
        .iter()
        .map(|w| {
            let condition = match w {
                Write::Put { condition, .. }
                | Write::Update { condition, .. }
                | Write::Delete { condition, .. }
                | Write::Add { condition, .. } => condition.clone(),
                Write::Check { condition, .. } => Some(condition.clone()),
            };
            (w.key().expect("a keyed write"), condition)
        })
        .collect()
}

/// The audit event a commit writes (its last write).
pub fn audit_of(commit: &Commit) -> AuditEvent {
    match commit.writes().last() {
        Some(Write::Put { item, .. }) => from_item(item.clone()).unwrap(),
        other => panic!("the audit event is written last: {other:?}"),
    }
}

/// The additions to counters a commit makes: key, attribute, amount.
pub fn additions(commit: &Commit) -> Vec<(Key, String, i64)> {
    commit
        .writes()
        .iter()
        .flat_map(|w| match w {
            Write::Add { key, add, .. } => add
                .iter()
                .map(|(attribute, n)| (key.clone(), attribute.clone(), *n))
                .collect(),
            _ => vec![],
        })
        .collect()
}

/// The fields a validation error refused, with their codes.
pub fn refused(error: &OpError) -> Vec<(String, FieldCode)> {
    match error {
        OpError::Validation(v) => v.0.iter().map(|e| (e.field.clone(), e.code)).collect(),
        other => panic!("not a validation error: {other:?}"),
    }
}

/// A decision as the manager's form sends it.
pub fn decision_input(
    decision: crate::domain::employee_space::employee::Decision,
    comment: Option<&str>,
    version: u64,
) -> crate::operations::employee_space::support::employee_space::DecisionInput {
    crate::operations::employee_space::support::employee_space::DecisionInput {
        decision: Some(decision),
        comment: comment.map(str::to_string),
        version: Some(version),
    }
}
