//! Identifiers: sortable UUID v7 built from the clock and random ports, and
//! the single-use link tokens with their stored hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Bytes of entropy in a link token (256 bits, at least the 128 required).
pub const TOKEN_BYTES: usize = 32;

/// A sortable unique id (UUID v7) from a time in milliseconds and 10 random
/// bytes.
pub fn new_id(unix_millis: u64, random: [u8; 10]) -> String {
    uuid::Builder::from_unix_timestamp_millis(unix_millis, &random)
        .into_uuid()
        .to_string()
}

/// Ids in the order they are made, within one process: the first id of a
/// millisecond takes its random bits as they are; the next ones in that
/// millisecond (or at an earlier time read, e.g. one request's single
/// instant) count up from it in the 12 bits after the time, so an id made
/// later always sorts after (the audit log's order, newest first).
#[derive(Debug, Default)]
pub struct Sequence {
    last: Option<(u64, u16)>,
}

impl Sequence {
    pub const fn new() -> Sequence {
        Sequence { last: None }
    }

    /// The next id at `unix_millis` (or just after the last one made).
    pub fn next(&mut self, unix_millis: u64, mut random: [u8; 10]) -> String {
        let drawn = u16::from_be_bytes([random[0], random[1]]) & 0x0FFF;
        let (millis, counter) = match self.last {
            Some((last, counter)) if unix_millis <= last => {
                if counter < 0x0FFF {
                    (last, counter + 1)
                } else {
                    (last + 1, 0)
                }
            }
            _ => (unix_millis, drawn),
        };
        self.last = Some((millis, counter));
        [random[0], random[1]] = counter.to_be_bytes();
        new_id(millis, random)
    }
}

/// Whether a path segment looks like an id we issued (keeps junk out of keys).
pub fn is_id(raw: &str) -> bool {
    uuid::Uuid::parse_str(raw).is_ok() && raw.len() == 36
}

/// A link token as sent in an email: URL-safe base64 of the random bytes.
pub fn encode_token(bytes: &[u8; TOKEN_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The hash under which a token is stored; the token itself never is.
/// SHA-256 suffices: the token has 256 bits of entropy, so no dictionary or
/// brute force applies (unlike a password).
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a presented token has the shape of ours (43 base64url chars),
/// so that garbage is refused before any lookup.
pub fn token_well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time() {
        let a = new_id(1_000, [9; 10]);
        let b = new_id(2_000, [0; 10]);
        assert!(a < b);
        assert!(is_id(&a));
        assert!(!is_id("ORG#x"));
    }

    #[test]
    fn tokens_round_trip_shape_and_hash() {
        let token = encode_token(&[7; TOKEN_BYTES]);
        assert!(token_well_formed(&token));
        assert!(!token_well_formed("short"));
        assert_eq!(token_hash(&token).len(), 64);
        assert_ne!(
            token_hash(&token),
            token_hash(&encode_token(&[8; TOKEN_BYTES]))
        );
    }

    #[test]
    fn ids_made_one_after_another_sort_in_that_order_even_at_one_instant() {
        let mut sequence = Sequence::new();
        let ids: Vec<String> = (0u8..50)
            .map(|n| sequence.next(1_000, [255 - n; 10]))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        // A later millisecond sorts after, an earlier time read does not go back.
        let later = sequence.next(1_001, [0; 10]);
        let earlier = sequence.next(999, [255; 10]);
        assert!(later > ids[49] && earlier > later, "{later} {earlier}");
        assert!(ids.iter().all(|id| is_id(id)));
    }
}
