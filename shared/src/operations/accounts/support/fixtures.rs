//! Records for the accounts decisions' unit tests.

use crate::domain::accounts::account::Account;
use crate::domain::emails::EmailContent;
use crate::domain::people::membership::{Membership, MembershipStatus, testing};
use crate::layout::records::OutboxMessage;
use crate::operations::outbox;

pub use crate::operations::organisation::support::fixtures::{at, org};

/// Zoé's membership of the organisation `o`, with this status.
pub fn membership(status: MembershipStatus) -> Membership {
    Membership {
        main_establishment: Some("est".into()),
        status,
        version: 3,
        ..testing::membership("o", "zoe")
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
        mfa: Default::default(),
    }
}

/// A pending email to `to`.
pub fn message(to: &str) -> OutboxMessage {
    let content = EmailContent {
        subject: "Sujet".into(),
        text: "Texte".into(),
        html: "<p>Texte</p>".into(),
    };
    outbox::pending(format!("m-{to}"), at(), Some("o"), to, content)
}
