//! An account linked to its directory identity (activation, confirmed
//! registration).

use crate::domain::accounts::account::Account;
use crate::layout::records::{IdentityLink, replace, to_item};
use crate::ports::Write;

/// The writes that link the account to the identity `sub`: the account
/// records it (on condition of the version read), and the link from the
/// identity to the account is put.
pub(crate) fn link(account: &Account, sub: String) -> [Write; 2] {
    let mut next = account.clone();
    next.identity = Some(sub.clone());
    next.version = account.version + 1;
    [
        replace(&next, account.version),
        Write::Put {
            item: to_item(&IdentityLink {
                sub,
                account_id: account.id.clone(),
            }),
            condition: None,
        },
    ]
}
