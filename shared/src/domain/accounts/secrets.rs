//! Security keys (seed 003): the organisation's mail key, the email key and
//! each person's secret answer. Answers are normalised (case, accents,
//! spaces), stored only as Argon2id hashes and checked with the library's
//! constant-time comparison.

use crate::domain::people::user_list::fold;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

/// Wrong keys allowed before the invitation locks (until a manager resends).
pub const MAX_ATTEMPTS: u32 = 5;

/// A question and the hash of its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretKey {
    pub question: String,
    pub answer_hash: String,
}

/// The comparable form of an answer: `  Saint-Jérôme ` → `saint-jerome`.
pub fn normalise(answer: &str) -> String {
    fold(answer)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Hashes an answer with Argon2id (default parameters: 19 MiB, 2 passes)
/// and the given 16 random salt bytes.
pub fn hash(answer: &str, salt: [u8; 16]) -> Option<String> {
    let salt = SaltString::encode_b64(&salt).ok()?;
    Argon2::default()
        .hash_password(normalise(answer).as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

/// Whether `answer` matches the stored hash (constant-time comparison).
pub fn verify(answer: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(normalise(answer).as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A one-time email key from random bytes: 8 characters without look-alikes.
pub fn email_key(random: [u8; 8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    random
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_hashed_and_verified_loosely_on_case_and_accents() {
        let stored = hash("Saint-Jérôme", [3; 16]).unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(!stored.contains("Saint"));
        assert!(verify("  saint-jerome ", &stored));
        assert!(!verify("Saint-Jean", &stored));
        assert!(!verify("Saint-Jérôme", "not a hash"));
    }

    #[test]
    fn email_keys_have_no_look_alikes() {
        let key = email_key([0, 1, 8, 14, 31, 32, 200, 255]);
        assert_eq!(key.len(), 8);
        assert!(
            !key.contains('O') && !key.contains('0') && !key.contains('I') && !key.contains('1')
        );
    }
}
