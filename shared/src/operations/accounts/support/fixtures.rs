//! Records for the accounts decisions' unit tests.

use crate::domain::accounts::account::Account;
use crate::domain::organisation::model::{OrgSettings, Organisation};
use crate::domain::people::membership::{Civility, Membership, MembershipStatus};

pub fn at() -> jiff::Timestamp {
    "2026-12-01T10:00:00Z".parse().unwrap()
}

/// Zoé's membership of the organisation `o`, with this status.
pub fn membership(status: MembershipStatus) -> Membership {
    Membership {
        org_id: "o".into(),
        account_id: "zoe".into(),
        civility: Civility::Mme,
        last_name: "Tremblay".into(),
        first_name: "Zoé".into(),
        email: "zoe@exemple.ca".into(),
        phone: "5145550100".into(),
        function: None,
        birth_date: None,
        main_establishment: Some("est".into()),
        manager: false,
        grants: Default::default(),
        status,
        locale: None,
        invitation: None,
        last_login_at: None,
        secret: None,
        created_at: jiff::Timestamp::UNIX_EPOCH,
        updated_at: jiff::Timestamp::UNIX_EPOCH,
        version: 3,
    }
}

/// Zoé's account, with a directory identity or not yet.
pub fn account(identity: Option<&str>) -> Account {
    Account {
        id: "zoe".into(),
        email: "zoe@exemple.ca".into(),
        identity: identity.map(str::to_string),
        created_at: jiff::Timestamp::UNIX_EPOCH,
        last_login_at: None,
        version: 2,
    }
}

/// The organisation `o`.
pub fn org() -> Organisation {
    Organisation {
        id: "o".into(),
        name: "CPE Les Lutins".into(),
        category: None,
        identifier: None,
        registry_numbers: vec![],
        settings: OrgSettings::default(),
        active_managers: 1,
        members_draft: 0,
        members_invited: 1,
        members_active: 1,
        members_disabled: 0,
        archived_establishments: vec![],
        address: None,
        contact_email: None,
        contact_phone: None,
        mail_key: None,
        created_at: jiff::Timestamp::UNIX_EPOCH,
        version: 7,
    }
}
