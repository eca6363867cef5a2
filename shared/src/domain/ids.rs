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
}
