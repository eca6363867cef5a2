//! Records for the accounts decisions' unit tests.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::invitation::DeliveryStatus;
use crate::domain::people::membership::{Civility, Membership, MembershipStatus};
use crate::layout::records::OutboxMessage;

pub use crate::operations::organisation::support::fixtures::{at, org};

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

/// A pending email to `to`.
pub fn message(to: &str) -> OutboxMessage {
    OutboxMessage {
        id: format!("m-{to}"),
        org_id: Some("o".into()),
        to: to.into(),
        subject: "Sujet".into(),
        text: Some("Texte".into()),
        html: Some("<p>Texte</p>".into()),
        status: DeliveryStatus::Pending,
        attempts: 0,
        last_error: None,
        message_id: None,
        next_attempt_at: None,
        intake: None,
        created_at: at(),
        updated_at: at(),
        version: 1,
    }
}
