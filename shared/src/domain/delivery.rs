//! When an outbox email is tried again: a sender claims a message for a
//! lease, and a message SES could not take is retried with exponential
//! backoff until it is given up as failed (managers then see "failed" on
//! the invitation and may resend).

use jiff::SignedDuration;

/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: u32 = 6;

/// How long a claimed message is left to its sender before another may
/// take it (a sender that died mid-way).
pub const LEASE: SignedDuration = SignedDuration::from_secs(60);

/// A pending message younger than this is left to the stream-triggered
/// sender; the periodic sweep takes older ones.
pub const FIRST_BACKOFF: SignedDuration = SignedDuration::from_secs(30);

/// The wait before attempt `attempts + 1` after `attempts` failed ones, or
/// `None` when the message is to be given up.
pub fn retry_delay(attempts: u32) -> Option<SignedDuration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let factor = 1i64 << attempts.saturating_sub(1).min(10);
    Some(SignedDuration::from_secs(
        FIRST_BACKOFF.as_secs().saturating_mul(factor),
    ))
}

/// The fixed-width, sortable form of an instant used in index keys.
pub fn sort_key(at: jiff::Timestamp) -> String {
    format!("{:015}", at.as_millisecond().max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_gives_up() {
        let delays: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|n| retry_delay(n).unwrap().as_secs())
            .collect();
        assert_eq!(delays, vec![30, 60, 120, 240, 480]);
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        assert_eq!(retry_delay(MAX_ATTEMPTS + 5), None);
    }

    #[test]
    fn sort_keys_order_like_instants() {
        let a: jiff::Timestamp = "2026-11-22T09:00:00Z".parse().unwrap();
        let b: jiff::Timestamp = "2026-11-22T09:00:00.5Z".parse().unwrap();
        let c: jiff::Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
        assert!(sort_key(a) < sort_key(b));
        assert!(sort_key(b) < sort_key(c));
        // RFC 3339 text would not: ".5Z" sorts before "Z".
        assert!(b.to_string() < a.to_string());
    }
}
