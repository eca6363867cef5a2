//! Single-use links: minting (256 bits from the CSPRNG, stored only as a
//! hash), checking (purpose, expiry, use) and using them — one mechanism for
//! every purpose (activation, registration confirmation, password reset,
//! login-email confirmation).
//!
//! A use **claims** the link before it acts: one conditional write on the
//! `TOKEN#` item (no live claim, not used) that exactly one of any number of
//! concurrent uses wins; the others are refused at once (409 "in use", or
//! 410 "used" once the winner completed). Only the winner acts (sets the
//! password, activates…), and its commit marks the link used on condition
//! that it still holds the claim, in the same transaction as the change. If
//! the winner fails on the way (a password the pool refuses, a store
//! conflict), it **releases** the claim and the person can try again with
//! the same link; a use that dies without releasing (a timeout) holds the
//! link for [`CLAIM_LEASE_MS`](crate::domain::accounts::invitation::CLAIM_LEASE_MS) at most.
//!
//! A password-reset link also works only while it is the account's live
//! reset link ([`ResetLink`]): the claim checks it in the same transaction,
//! so a newer link, a completed reset or a new password voids it.

use crate::domain::accounts::invitation::{LinkToken, TokenPurpose, TokenRefusal, claim_until};
use crate::domain::ids::{self, TOKEN_BYTES};
use crate::layout::keys;
use crate::layout::records::{ResetLink, StoredToken, from_item, to_item};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::{Context, OpError, Outcome};
use crate::ports::{Condition, StoreError, Write};
use serde_json::json;

/// The token's attributes the claim works with.
const USED_AT: &str = "used_at";
const CLAIM: &str = "claim";
const CLAIM_UNTIL: &str = "claim_until";

/// A new token: what goes in the link, and what is stored.
pub(crate) fn mint(
    ctx: &Context,
    purpose: TokenPurpose,
    org_id: &str,
    account_id: &str,
    valid_for: jiff::SignedDuration,
) -> (String, StoredToken) {
    let now = ctx.clock.now();
    let token = ids::encode_token(&ctx.random.bytes::<TOKEN_BYTES>());
    let stored = StoredToken {
        hash: ids::token_hash(&token),
        token: LinkToken {
            purpose,
            org_id: org_id.to_string(),
            account_id: account_id.to_string(),
            created_at: now,
            expires_at: now.checked_add(valid_for).unwrap_or(now),
            used_at: None,
            claim: None,
            claim_until: None,
        },
    };
    (token, stored)
}

/// Makes `stored` (a new password-reset token) the account's only live
/// reset link: the earlier ones stop working. Goes in the transaction that
/// creates the token.
pub(crate) fn make_live_reset(stored: &StoredToken) -> Write {
    Write::Put {
        item: to_item(&ResetLink {
            account_id: stored.token.account_id.clone(),
            token_hash: stored.hash.clone(),
        }),
        condition: None,
    }
}

/// Voids every outstanding password-reset link of the account (a completed
/// reset, an activation, any new password). Goes in that change's
/// transaction.
pub(crate) fn void_resets(account_id: &str) -> Write {
    Write::Delete {
        key: keys::reset_link(account_id),
        condition: None,
    }
}

/// Loads a presented token and checks it is live and of `purpose` (not
/// whether a use holds it: reading what a link is for is fine meanwhile).
/// An unknown or other-purpose token is "invalid", never "expired".
pub(crate) async fn check(
    ctx: &Context,
    raw: &str,
    purpose: TokenPurpose,
) -> Result<StoredToken, OpError> {
    let stored = load(ctx, raw).await?;
    stored
        .token
        .check(purpose, ctx.clock.now())
        .map_err(AccountsError::Token)?;
    Ok(stored)
}

async fn load(ctx: &Context, raw: &str) -> Result<StoredToken, OpError> {
    if !ids::token_well_formed(raw) {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    }
    Ok(from_item(
        ctx.store
            .get(&keys::token(&ids::token_hash(raw)))
            .await?
            .ok_or(AccountsError::Token(TokenRefusal::Invalid))?,
    )?)
}

/// Uses a link whose one use is a single transaction (no outside call to
/// wait for, so no claim): marks it used on condition that it is neither
/// used nor held by a claim. Of any number of concurrent uses, the one whose
/// transaction lands first wins; the others' fail on this write.
pub(crate) fn use_once(ctx: &Context, stored: &StoredToken) -> Write {
    let now = ctx.clock.now();
    let mut used = serde_json::Map::new();
    used.insert(
        USED_AT.into(),
        serde_json::to_value(now).unwrap_or_default(),
    );
    Write::Update {
        key: keys::token(&stored.hash),
        set: used,
        condition: Some(Condition::Free {
            lacks: USED_AT,
            lease: CLAIM_UNTIL,
            now: now.as_millisecond(),
        }),
    }
}

/// A use of a link that holds it: only its holder acts on the link.
#[derive(Debug)]
pub(crate) struct Claim {
    pub stored: StoredToken,
    id: String,
}

/// Claims the link `raw` for one use of `purpose`: exactly one of any
/// number of concurrent uses gets the claim; the others are refused.
pub(crate) async fn claim(
    ctx: &Context,
    raw: &str,
    purpose: TokenPurpose,
) -> Result<Claim, OpError> {
    let stored = load(ctx, raw).await?;
    let now = ctx.clock.now();
    stored
        .token
        .claimable(purpose, now)
        .map_err(AccountsError::Token)?;
    let id = ctx.new_id();
    let mut set = serde_json::Map::new();
    set.insert(CLAIM.into(), json!(id));
    set.insert(CLAIM_UNTIL.into(), json!(claim_until(now)));
    let mut writes = vec![Write::Update {
        key: keys::token(&stored.hash),
        set,
        condition: Some(Condition::Free {
            lacks: USED_AT,
            lease: CLAIM_UNTIL,
            now: now.as_millisecond(),
        }),
    }];
    if purpose == TokenPurpose::PasswordReset {
        writes.push(Write::Check {
            key: keys::reset_link(&stored.token.account_id),
            condition: Condition::Equals("token_hash", stored.hash.clone()),
        });
    }
    match ctx.store.transact(writes).await {
        Ok(()) => Ok(Claim { stored, id }),
        // Another use won: it completed (used) or is under way (in use).
        Err(StoreError::ConditionFailed { index: 0 }) => {
            let now = ctx.clock.now();
            let refusal = match load(ctx, raw).await?.token.check(purpose, now) {
                Err(refusal) => refusal,
                Ok(()) => TokenRefusal::InUse,
            };
            Err(AccountsError::Token(refusal).into())
        }
        Err(StoreError::ConditionFailed { .. }) => {
            Err(AccountsError::Token(TokenRefusal::Superseded).into())
        }
        Err(other) => Err(other.into()),
    }
}

impl Claim {
    /// Marks the link used, on condition that this use still holds it: the
    /// first write of the transaction that makes the use's change.
    pub fn finish(&self, ctx: &Context) -> Write {
        let mut used = serde_json::Map::new();
        used.insert(
            USED_AT.into(),
            serde_json::to_value(ctx.clock.now()).unwrap_or_default(),
        );
        Write::Update {
            key: keys::token(&self.stored.hash),
            set: used,
            condition: Some(Condition::Equals(CLAIM, self.id.clone())),
        }
    }

    /// What a failed [`Claim::finish`] means: the claim ran out (a use
    /// slower than [`CLAIM_LEASE_MS`](crate::domain::accounts::invitation::CLAIM_LEASE_MS)) and another use holds the link.
    pub fn lost() -> OpError {
        AccountsError::Token(TokenRefusal::InUse).into()
    }

    /// Ends the use: on failure the claim is released, so the link works
    /// again at once (the person retries with a better password…). A
    /// release that fails leaves the claim to its lease.
    pub async fn settle(self, ctx: &Context, outcome: Outcome) -> Outcome {
        if outcome.is_err() {
            let mut free = serde_json::Map::new();
            free.insert(CLAIM_UNTIL.into(), json!(0));
            let release = Write::Update {
                key: keys::token(&self.stored.hash),
                set: free,
                condition: Some(Condition::Equals(CLAIM, self.id.clone())),
            };
            match ctx.store.transact(vec![release]).await {
                Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
                Err(error) => {
                    tracing::warn!(%error, "releasing a link's claim failed; its lease frees it")
                }
            }
        }
        outcome
    }
}
