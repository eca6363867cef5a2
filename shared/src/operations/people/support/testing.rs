//! Records for the people context's unit tests.

use crate::domain::people::membership::{Civility, Membership, MembershipStatus};
use crate::domain::people::permission::Grants;

pub(crate) fn at() -> jiff::Timestamp {
    "2026-12-01T10:00:00Z".parse().unwrap()
}

/// A member of `org`, with this status and manager flag.
pub(crate) fn member(status: MembershipStatus, manager: bool) -> Membership {
    Membership {
        org_id: "org".into(),
        account_id: "zoe".into(),
        civility: Civility::Mme,
        last_name: "Tremblay".into(),
        first_name: "Zoé".into(),
        email: "zoe@exemple.ca".into(),
        phone: "514-555-0100".into(),
        function: None,
        birth_date: None,
        main_establishment: Some("est-a".into()),
        manager,
        grants: Grants::new(),
        status,
        locale: None,
        invitation: None,
        last_login_at: None,
        secret: None,
        created_at: at(),
        updated_at: at(),
        version: 3,
    }
}
