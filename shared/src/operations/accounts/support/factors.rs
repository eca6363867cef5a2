//! The account's second factor written, with its mirror on each
//! membership (`Membership::mfa_on`, what the users list shows without
//! reading every account).

use crate::domain::accounts::account::Account;
use crate::domain::accounts::mfa::Mfa;
use crate::domain::people::membership::Membership;
use crate::layout::keys;
use crate::operations::OpError;
use crate::ports::{Condition, Write};

/// The writes that set the account's second factor to `mfa`: the account
/// on condition of the version read (two changes at once: one fails), and
/// whether a factor is on, on each membership still on file.
pub(crate) fn set(
    account: &Account,
    memberships: &[Membership],
    mfa: &Mfa,
) -> Result<Vec<Write>, OpError> {
    let mut set = serde_json::Map::new();
    set.insert(
        "mfa".into(),
        serde_json::to_value(mfa).map_err(|e| OpError::Internal(e.to_string()))?,
    );
    set.insert("version".into(), (account.version + 1).into());
    let mut writes = vec![Write::Update {
        key: keys::account(&account.id),
        set,
        condition: Some(Condition::VersionIs(account.version)),
    }];
    let on = mfa.totp;
    // A transaction holds 100 items: the account and 99 memberships.
    for membership in memberships.iter().filter(|m| m.mfa_on != on).take(99) {
        let mut set = serde_json::Map::new();
        set.insert("mfa_on".into(), on.into());
        writes.push(Write::Update {
            key: keys::membership(&membership.org_id, &membership.account_id),
            set,
            condition: Some(Condition::Exists),
        });
    }
    Ok(writes)
}
