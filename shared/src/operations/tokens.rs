//! Single-use link tokens: minting (256 bits from the CSPRNG, stored only
//! as a hash) and checking (purpose, expiry, use) — shared by activation,
//! self-registration and password reset.

use super::{Context, OpError};
use crate::domain::ids::{self, TOKEN_BYTES};
use crate::domain::invitation::{LinkToken, TokenPurpose, TokenRefusal};
use crate::layout::keys;
use crate::layout::records::{StoredToken, from_item};
use crate::ports::{Condition, Write};

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
        },
    };
    (token, stored)
}

/// Loads a presented token and checks it is live and of `purpose`: an
/// unknown or other-purpose token is "invalid", never "expired".
pub(crate) async fn check(
    ctx: &Context,
    raw: &str,
    purpose: TokenPurpose,
) -> Result<StoredToken, OpError> {
    if !ids::token_well_formed(raw) {
        return Err(OpError::Token(TokenRefusal::Invalid));
    }
    let stored: StoredToken = from_item(
        ctx.store
            .get(&keys::token(&ids::token_hash(raw)))
            .await?
            .ok_or(OpError::Token(TokenRefusal::Invalid))?,
    )?;
    stored
        .token
        .check(purpose, ctx.clock.now())
        .map_err(OpError::Token)?;
    Ok(stored)
}

/// Marks a token used; in a transaction, exactly one use can succeed.
pub(crate) fn consume(ctx: &Context, hash: &str) -> Write {
    let mut used = serde_json::Map::new();
    used.insert(
        "used_at".into(),
        serde_json::to_value(ctx.clock.now()).unwrap_or_default(),
    );
    Write::Update {
        key: keys::token(hash),
        set: used,
        condition: Some(Condition::Lacks("used_at")),
    }
}
