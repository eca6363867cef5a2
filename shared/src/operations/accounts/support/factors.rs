//! The account's second factor written, with its mirror on each
//! membership (`Membership::mfa_on`, what the users list shows without
//! reading every account).

use crate::domain::accounts::account::Account;
use crate::domain::accounts::mfa::{self, Mfa, RECOVERY_CODES};
use crate::domain::people::membership::Membership;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::{Context, OpError, Request};
use crate::ports::{Condition, Write};
use serde::Serialize;
use utoipa::ToSchema;

/// The signed-in caller's account and her access token (an enrolment
/// acts in the directory with her own token).
pub(crate) async fn caller_account<'r>(
    ctx: &Context,
    request: &'r Request,
) -> Result<(Account, &'r str), OpError> {
    let account_id = request
        .account_id
        .as_deref()
        .ok_or(OpError::Unauthenticated)?;
    let token = request.bearer.as_deref().ok_or(OpError::Unauthenticated)?;
    let account: Account = from_item(
        ctx.store
            .get(&keys::account(account_id))
            .await?
            .ok_or(OpError::Unauthenticated)?,
    )?;
    Ok((account, token))
}

/// What an enrolment answers, once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten one-time codes (`XXXXX-XXXXX`): each signs in once without the
    /// app or the phone. Shown only now.
    pub recovery_codes: Vec<String>,
}

/// Ten new recovery codes and their Argon2id hashes (what is kept).
pub(crate) fn recovery_codes(ctx: &Context) -> Result<(RecoveryCodes, Vec<String>), OpError> {
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| mfa::recovery_code(ctx.random.bytes::<10>()))
        .collect();
    let hashes = codes
        .iter()
        .map(|c| mfa::hash(c, ctx.random.bytes::<16>()))
        .collect::<Option<Vec<String>>>()
        .ok_or_else(|| OpError::Internal("recovery code hashing failed".into()))?;
    Ok((
        RecoveryCodes {
            recovery_codes: codes,
        },
        hashes,
    ))
}

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
    let on = mfa.on();
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
