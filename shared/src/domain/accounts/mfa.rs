//! Multi-factor authentication (seed 003, DESIGN §5.15): the authenticator
//! app (TOTP) lives in the directory (Cognito checks its codes); Sésame
//! keeps whether it is on and the one-time recovery codes, stored only as
//! Argon2id hashes, shown once, each good for one sign-in.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;

/// Characters of a recovery code: no look-alikes (0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// The account's second factor, as Sésame keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mfa {
    /// An authenticator app is enrolled and on: sign-in asks for its code.
    #[serde(default)]
    pub totp: bool,
    /// Argon2id hashes (PHC strings) of the recovery codes not used yet.
    #[serde(default)]
    pub recovery: Vec<String>,
}

/// A recovery code from 10 random bytes: `XXXXX-XXXXX` (about 50 bits).
pub fn recovery_code(random: [u8; 10]) -> String {
    let chars: String = random
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// The comparable form of a typed code: capitals, no spaces or dashes.
pub fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The Argon2id hash of a recovery code with 16 random salt bytes.
pub fn hash(code: &str, salt: [u8; 16]) -> Option<String> {
    let salt = SaltString::encode_b64(&salt).ok()?;
    Argon2::default()
        .hash_password(normalise(code).as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

/// The index of the stored hash `code` matches, if any (each compared in
/// constant time by the library).
pub fn find(code: &str, stored: &[String]) -> Option<usize> {
    let code = normalise(code);
    if code.len() != 10 {
        return None;
    }
    stored.iter().position(|hash| {
        PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(code.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
}

/// A six-digit authenticator code, as typed (spaces allowed).
pub fn totp_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn otpauth_uri(secret: &str, email: &str) -> String {
    let label = format!("Sésame:{email}");
    format!(
        "otpauth://totp/{}?secret={secret}&issuer=S%C3%A9same&algorithm=SHA1&digits=6&period=30",
        percent(&label)
    )
}

fn percent(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_hashed_and_each_found_by_what_is_typed() {
        let codes: Vec<String> = (0..3u8).map(|i| recovery_code([i * 7 + 1; 10])).collect();
        assert_eq!(codes[0].len(), 11);
        assert!(!codes[0].contains(['0', 'O', '1', 'I', 'L']));
        let stored: Vec<String> = codes.iter().map(|c| hash(c, [9; 16]).unwrap()).collect();
        assert!(stored.iter().all(|h| h.starts_with("$argon2id$")));
        assert!(
            stored
                .iter()
                .zip(&codes)
                .all(|(h, c)| !h.contains(c.as_str()))
        );
        assert_eq!(find(&codes[1], &stored), Some(1));
        assert_eq!(
            find(&codes[2].to_lowercase().replace('-', " "), &stored),
            Some(2)
        );
        assert_eq!(find("AAAAA-AAAAA", &stored), None);
        assert_eq!(find("", &stored), None);
    }

    #[test]
    fn authenticator_codes_are_six_digits() {
        assert_eq!(totp_code("123 456").as_deref(), Some("123456"));
        assert_eq!(totp_code("12345"), None);
        assert_eq!(totp_code("12345a"), None);
    }

    #[test]
    fn the_otpauth_uri_names_the_issuer_and_the_person() {
        let uri = otpauth_uri("JBSWY3DPEHPK3PXP", "zoe@exemple.ca");
        assert!(uri.starts_with("otpauth://totp/S%C3%A9same%3Azoe@exemple.ca?secret=JBSWY3DPEHPK3PXP&issuer=S%C3%A9same"), "{uri}");
    }
}
