//! Records for the organisation decisions' unit tests.

use crate::domain::organisation::model::{Establishment, OrgSettings, Organisation};
use crate::operations::organisation::support::organisations::new_organisation;

pub fn at() -> jiff::Timestamp {
    "2026-12-01T10:00:00Z".parse().unwrap()
}

/// The organisation `o`.
pub fn org() -> Organisation {
    let settings = OrgSettings::default();
    let at = jiff::Timestamp::UNIX_EPOCH;
    Organisation {
        active_managers: 1,
        members_invited: 1,
        members_active: 1,
        version: 7,
        ..new_organisation("o".into(), "CPE Les Lutins".into(), settings, at)
    }
}

/// The establishment `est` of `o`.
pub fn establishment() -> Establishment {
    Establishment {
        org_id: "o".into(),
        id: "est".into(),
        name: "Installation Rosemont".into(),
        address: None,
        archived: false,
    }
}
