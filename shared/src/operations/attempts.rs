//! Brute-force limits: attempts at a sensitive public operation are counted
//! per subject (the SHA-256 of the normalised email, so unknown and known
//! emails count alike and nothing tells them apart) in fixed windows; past
//! the limit the operation refuses (sign-in: 429) or quietly does nothing
//! more (reset and registration emails: the same 202, no further email).
//! Counters carry a `ttl`, so DynamoDB removes them after their window.

use crate::domain::ids::token_hash;
use crate::layout::keys;
use crate::operations::{Context, OpError};
use crate::ports::Write;

/// A limit: at most `max` attempts per `window_secs`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub scope: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Wrong passwords per email: 5 per 15 minutes.
pub const SIGN_IN: Limit = Limit {
    scope: "sign_in",
    max: 5,
    window_secs: 15 * 60,
};

/// Wrong authenticator codes while enrolling, per account: as passwords.
pub const ENROL: Limit = Limit {
    scope: "enrol",
    max: 5,
    window_secs: 15 * 60,
};

/// Codes texted to enrol a phone, per account: 5 per hour (each costs
/// a text message).
pub const TEXTS: Limit = Limit {
    scope: "texts",
    max: 5,
    window_secs: 60 * 60,
};

/// Password-reset emails per address: 3 per hour.
pub const RESET: Limit = Limit {
    scope: "reset",
    max: 3,
    window_secs: 60 * 60,
};

/// Registration emails per address: 3 per hour.
pub const REGISTER: Limit = Limit {
    scope: "register",
    max: 3,
    window_secs: 60 * 60,
};

/// The attempts made so far in the current window.
pub struct Tally {
    limit: Limit,
    subject: String,
    window: i64,
    pub count: i64,
}

impl Tally {
    /// Whether the limit is reached.
    pub fn exhausted(&self) -> bool {
        self.count >= self.limit.max
    }

    /// Counts one more attempt (alone or in the change's transaction).
    pub fn record(&self) -> Write {
        let mut add = vec![("count".to_string(), 1)];
        if self.count == 0 {
            // The window's end plus a margin: DynamoDB's time to live.
            add.push(("ttl".into(), (self.window + 2) * self.limit.window_secs));
        }
        Write::Add {
            key: keys::attempts(self.limit.scope, &self.subject, self.window),
            add,
            condition: None,
        }
    }
}

/// The window a moment falls in, and the subject's hash.
fn window_and_subject(ctx: &Context, limit: Limit, subject: &str) -> (i64, String) {
    let window = ctx.clock.now().as_second().div_euclid(limit.window_secs);
    (window, token_hash(subject))
}

/// The key of the current window's tally of `limit` for `subject` (to read
/// it ahead with other keys).
pub fn key(ctx: &Context, limit: Limit, subject: &str) -> crate::ports::Key {
    let (window, subject) = window_and_subject(ctx, limit, subject);
    keys::attempts(limit.scope, &subject, window)
}

/// Reads the tally of `limit` for `subject` (e.g. a normalised email).
pub async fn tally(ctx: &Context, limit: Limit, subject: &str) -> Result<Tally, OpError> {
    let (window, subject) = window_and_subject(ctx, limit, subject);
    let count = ctx
        .store
        .get(&keys::attempts(limit.scope, &subject, window))
        .await?
        .and_then(|item| item.get("count").and_then(|c| c.as_i64()))
        .unwrap_or(0);
    Ok(Tally {
        limit,
        subject,
        window,
        count,
    })
}
