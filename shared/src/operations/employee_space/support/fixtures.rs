//! Records for the employee-space decisions' unit tests.

use crate::domain::errors::FieldCode;
use crate::domain::people::membership::{Civility, Membership, MembershipStatus};
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
        org_id: "o".into(),
        account_id: id.into(),
        civility: Civility::Mme,
        last_name: "Roy".into(),
        first_name: "Zoé".into(),
        email: format!("{id}@example.ca"),
        phone: "5145550100".into(),
        function: None,
        birth_date: None,
        main_establishment: Some(EST.into()),
        manager: false,
        grants: grants.clone(),
        status: MembershipStatus::Active,
        locale: None,
        invitation: None,
        last_login_at: None,
        secret: None,
        created_at: jiff::Timestamp::UNIX_EPOCH,
        updated_at: jiff::Timestamp::UNIX_EPOCH,
        version: 1,
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
