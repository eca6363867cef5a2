//! Records for the people context's unit tests.

use crate::domain::people::membership::{Membership, MembershipStatus, testing};

pub(crate) fn at() -> jiff::Timestamp {
    "2026-12-01T10:00:00Z".parse().unwrap()
}

/// A member of `org`, with this status and manager flag.
pub(crate) fn member(status: MembershipStatus, manager: bool) -> Membership {
    Membership {
        phone: "514-555-0100".into(),
        main_establishment: Some("est-a".into()),
        manager,
        status,
        created_at: at(),
        updated_at: at(),
        version: 3,
        ..testing::membership("org", "zoe")
    }
}
