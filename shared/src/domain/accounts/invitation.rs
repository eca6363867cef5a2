//! Invitations and the single-use link tokens they carry.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Default validity of an invitation link (DESIGN §5.3).
pub const DEFAULT_VALIDITY_DAYS: i64 = 7;

/// What a link token is for. A token of one purpose never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    /// The invitation link a manager sends.
    Activation,
    /// The confirmation link of a self-registration ("Créer un compte").
    Registration,
    /// A password-reset link (1 hour).
    PasswordReset,
    /// The link that verifies a new login email before it takes effect.
    EmailChange,
    /// The first of the two activation emails (an organisation's choice,
    /// seed 004): it validates the address; the second, sent once it is
    /// opened, lets the person choose her password.
    AddressCheck,
}

/// How an invitation activates an account (an organisation's setting):
/// one email whose link lets the person choose her password, or two — the
/// first validates the address, the second (sent when the first is
/// opened) lets her choose her password (seed 004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivationEmails {
    #[default]
    One,
    Two,
}

/// Validity of a self-registration confirmation link.
pub const REGISTRATION_VALIDITY_HOURS: i64 = 24;
/// Validity of a password-reset link.
pub const RESET_VALIDITY_HOURS: i64 = 1;

/// The invitation state kept on a membership and shown to managers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub sent_at: jiff::Timestamp,
    pub expires_at: jiff::Timestamp,
    pub times_sent: u32,
    /// Hash of the live token; the token itself is never stored.
    pub token_hash: String,
    /// The outbox message that carried the link (its delivery outcome).
    pub outbox_id: String,
    /// Hash of the email key sent apart, when security keys are required.
    #[serde(default)]
    pub email_key_hash: Option<String>,
    /// Wrong security keys given so far; at the maximum, the invitation is
    /// locked until a manager sends it again.
    #[serde(default)]
    pub failed_attempts: u32,
}

/// How delivery of an email went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Written, not yet handed to SES.
    Pending,
    /// Accepted by SES.
    Sent,
    /// SES refused it; the sender will retry.
    Retrying,
    /// Gave up after retries.
    Failed,
    /// Accepted, then refused by the recipient's server (the address is
    /// wrong, or the mailbox full): SES's bounce.
    Bounced,
    /// Accepted and delivered, then marked as spam by the recipient.
    Complained,
}

/// Why a presented link token is refused: unknown, expired and already used
/// get different messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    Invalid,
    Expired,
    Used,
    /// Another use of the same link is under way (it holds the claim).
    InUse,
    /// A newer link of the same kind was sent, or the password changed
    /// since (password reset links).
    Superseded,
}

/// How long a use of a single-use link holds it: longer than any request
/// runs (the functions time out after 10 s), short enough that a use that
/// died half-way leaves the link usable again soon.
pub const CLAIM_LEASE_MS: i64 = 30_000;

/// The stored side of a link token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkToken {
    pub purpose: TokenPurpose,
    /// The organisation of an invitation; empty for platform-wide tokens
    /// (registration, password reset).
    #[serde(default)]
    pub org_id: String,
    pub account_id: String,
    pub created_at: jiff::Timestamp,
    pub expires_at: jiff::Timestamp,
    pub used_at: Option<jiff::Timestamp>,
    /// Who is using the link right now (a random id per use)…
    #[serde(default)]
    pub claim: Option<String>,
    /// …until when, in milliseconds since the epoch (a number, for the
    /// store's condition).
    #[serde(default)]
    pub claim_until: Option<i64>,
}

impl LinkToken {
    /// Checks the token for `purpose` at `now`. Expiry is checked here, in
    /// code: DynamoDB's TTL deletes late.
    pub fn check(&self, purpose: TokenPurpose, now: jiff::Timestamp) -> Result<(), TokenRefusal> {
        if self.purpose != purpose {
            return Err(TokenRefusal::Invalid);
        }
        if self.used_at.is_some() {
            return Err(TokenRefusal::Used);
        }
        if now >= self.expires_at {
            return Err(TokenRefusal::Expired);
        }
        Ok(())
    }

    /// Checks the token as [`LinkToken::check`] does, and that no other
    /// use holds it: what a use must pass before it claims the link.
    pub fn claimable(
        &self,
        purpose: TokenPurpose,
        now: jiff::Timestamp,
    ) -> Result<(), TokenRefusal> {
        self.check(purpose, now)?;
        if self.claimed_at(now) {
            return Err(TokenRefusal::InUse);
        }
        Ok(())
    }

    /// Whether a use holds the link at `now`.
    pub fn claimed_at(&self, now: jiff::Timestamp) -> bool {
        self.claim.is_some()
            && self
                .claim_until
                .is_some_and(|until| until > now.as_millisecond())
    }
}

/// The claim a use of a link takes at `now`: held until the lease ends.
pub fn claim_until(now: jiff::Timestamp) -> i64 {
    now.as_millisecond().saturating_add(CLAIM_LEASE_MS)
}

/// When an invitation sent at `now` stops working.
pub fn expiry(now: jiff::Timestamp, validity_days: i64) -> jiff::Timestamp {
    let days = validity_days.clamp(1, 90);
    now.checked_add(jiff::SignedDuration::from_hours(24 * days))
        .unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(expires_at: jiff::Timestamp) -> LinkToken {
        LinkToken {
            purpose: TokenPurpose::Activation,
            org_id: "o".into(),
            account_id: "a".into(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            expires_at,
            used_at: None,
            claim: None,
            claim_until: None,
        }
    }

    #[test]
    fn tokens_expire_after_the_validity() {
        let sent: jiff::Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let expires = expiry(sent, DEFAULT_VALIDITY_DAYS);
        assert_eq!(expires.to_string(), "2026-01-08T00:00:00Z");
        let t = token(expires);
        let just_before: jiff::Timestamp = "2026-01-07T23:59:59Z".parse().unwrap();
        assert_eq!(t.check(TokenPurpose::Activation, just_before), Ok(()));
        assert_eq!(
            t.check(TokenPurpose::Activation, expires),
            Err(TokenRefusal::Expired)
        );
    }

    #[test]
    fn used_tokens_are_refused() {
        let mut t = token("2030-01-01T00:00:00Z".parse().unwrap());
        t.used_at = Some(jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(
            t.check(TokenPurpose::Activation, jiff::Timestamp::UNIX_EPOCH),
            Err(TokenRefusal::Used)
        );
    }

    #[test]
    fn a_claimed_link_is_in_use_until_its_lease_ends() {
        let now: jiff::Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let mut t = token("2030-01-01T00:00:00Z".parse().unwrap());
        t.claim = Some("use-1".into());
        t.claim_until = Some(claim_until(now));
        assert_eq!(
            t.claimable(TokenPurpose::Activation, now),
            Err(TokenRefusal::InUse)
        );
        // Reading what the link is for is still fine meanwhile.
        assert_eq!(t.check(TokenPurpose::Activation, now), Ok(()));
        let later = now
            .checked_add(jiff::SignedDuration::from_millis(CLAIM_LEASE_MS))
            .unwrap();
        assert_eq!(t.claimable(TokenPurpose::Activation, later), Ok(()));
        // Used wins over in use: the use that held it completed.
        t.used_at = Some(now);
        assert_eq!(
            t.claimable(TokenPurpose::Activation, now),
            Err(TokenRefusal::Used)
        );
    }
}
