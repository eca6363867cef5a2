//! Records for the organisation decisions' unit tests.

use crate::domain::organisation::model::{Establishment, OrgSettings, Organisation};

pub fn at() -> jiff::Timestamp {
    "2026-12-01T10:00:00Z".parse().unwrap()
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

/// The establishment `est` of `o`.
pub fn establishment() -> Establishment {
    Establishment {
        org_id: "o".into(),
        id: "est".into(),
        name: "Installation Rosemont".into(),
        archived: false,
    }
}
