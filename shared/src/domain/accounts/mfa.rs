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

/// A second factor sign-in can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A code sent by SMS to the authentication phone.
    Sms,
    /// An authenticator app (TOTP).
    Totp,
}

/// The organisation's policy (DESIGN §5.15): whom it requires a second
/// factor of. A manager's mode for one member (`Membership::mfa_mode`)
/// comes on top.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Nobody is required one (each may turn one on).
    #[default]
    Nobody,
    /// Managers of the organisation.
    Managers,
    /// Managers and holders of `sensitive_data` (somewhere).
    SensitiveData,
    /// Every member.
    Everyone,
}

/// What a membership requires of the person's second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// A second factor, whichever (the organisation's policy).
    Any,
    /// This one (the mode a manager set for her).
    Method(Method),
}

/// What a member must have as a second factor, if anything: the mode a
/// manager set for her, else the organisation's policy for who she is.
pub fn requirement(
    mode: Option<Method>,
    policy: Policy,
    manager: bool,
    holds_sensitive_data: bool,
) -> Option<Requirement> {
    if let Some(method) = mode {
        return Some(Requirement::Method(method));
    }
    let covered = match policy {
        Policy::Nobody => false,
        Policy::Managers => manager,
        Policy::SensitiveData => manager || holds_sensitive_data,
        Policy::Everyone => true,
    };
    covered.then_some(Requirement::Any)
}

/// The account's second factor, as Sésame keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mfa {
    /// An authenticator app is enrolled and on: sign-in asks for its code.
    #[serde(default)]
    pub totp: bool,
    /// Codes by SMS are on (to `phone`, verified): sign-in texts one.
    #[serde(default)]
    pub sms: bool,
    /// The authentication phone (E.164), once verified by a texted code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Argon2id hashes (PHC strings) of the recovery codes not used yet.
    #[serde(default)]
    pub recovery: Vec<String>,
}

impl Mfa {
    /// Whether the factors on meet a requirement.
    pub fn satisfies(&self, requirement: Requirement) -> bool {
        match requirement {
            Requirement::Any => self.on(),
            Requirement::Method(Method::Totp) => self.totp,
            Requirement::Method(Method::Sms) => self.sms,
        }
    }

    /// Whether any second factor is on.
    pub fn on(&self) -> bool {
        self.totp || self.sms
    }

    /// The factor sign-in asks for, if any (one at a time).
    pub fn method(&self) -> Option<Method> {
        if self.totp {
            Some(Method::Totp)
        } else if self.sms {
            Some(Method::Sms)
        } else {
            None
        }
    }
}

pub use crate::domain::validate::sms_phone;

/// The last four digits of a phone number, all a screen or an email shows.
pub fn last_four(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

/// The Argon2id hash of a password (16 random salt bytes), binding a
/// pending SMS challenge to the password that opened it.
pub fn password_proof(password: &str, salt: [u8; 16]) -> Option<String> {
    let salt = SaltString::encode_b64(&salt).ok()?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

/// Whether `password` is the one `proof` was made of.
pub fn proves(password: &str, proof: &str) -> bool {
    PasswordHash::new(proof)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
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
    fn a_managers_mode_for_the_member_comes_before_the_policy() {
        use Method::*;
        assert_eq!(
            requirement(Some(Totp), Policy::Nobody, false, false),
            Some(Requirement::Method(Totp))
        );
        assert_eq!(
            requirement(Some(Sms), Policy::Everyone, true, true),
            Some(Requirement::Method(Sms))
        );
    }

    #[test]
    fn the_policy_covers_whom_it_names() {
        let of = |policy, manager, sensitive| requirement(None, policy, manager, sensitive);
        assert_eq!(of(Policy::Nobody, true, true), None);
        assert_eq!(of(Policy::Managers, true, false), Some(Requirement::Any));
        assert_eq!(of(Policy::Managers, false, true), None);
        assert_eq!(
            of(Policy::SensitiveData, false, true),
            Some(Requirement::Any)
        );
        assert_eq!(
            of(Policy::SensitiveData, true, false),
            Some(Requirement::Any)
        );
        assert_eq!(of(Policy::SensitiveData, false, false), None);
        assert_eq!(of(Policy::Everyone, false, false), Some(Requirement::Any));
    }

    #[test]
    fn a_requirement_is_met_by_the_factor_it_names() {
        let on = Mfa {
            totp: true,
            ..Mfa::default()
        };
        let texted = Mfa {
            sms: true,
            phone: Some("+15145550123".into()),
            ..Mfa::default()
        };
        let off = Mfa::default();
        assert!(on.satisfies(Requirement::Any));
        assert!(on.satisfies(Requirement::Method(Method::Totp)));
        assert!(!on.satisfies(Requirement::Method(Method::Sms)));
        assert!(texted.satisfies(Requirement::Any));
        assert!(texted.satisfies(Requirement::Method(Method::Sms)));
        assert!(!texted.satisfies(Requirement::Method(Method::Totp)));
        assert!(!off.satisfies(Requirement::Any));
        assert!(!off.satisfies(Requirement::Method(Method::Totp)));
        assert!(!off.satisfies(Requirement::Method(Method::Sms)));
    }

    #[test]
    fn a_typed_mobile_number_becomes_e164() {
        assert_eq!(sms_phone("514 555-0123").as_deref(), Some("+15145550123"));
        assert_eq!(sms_phone("(514) 555.0123").as_deref(), Some("+15145550123"));
        assert_eq!(sms_phone("1 514 555 0123").as_deref(), Some("+15145550123"));
        assert_eq!(
            sms_phone("+33 6 12 34 56 78").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(sms_phone("555-0123"), None);
        assert_eq!(sms_phone("514 555 0123 poste 4"), None);
        assert_eq!(sms_phone(""), None);
        assert_eq!(last_four("+15145550123"), "0123");
    }

    #[test]
    fn a_password_proof_checks_the_password_only() {
        let proof = password_proof("Secret-pass-9", [3; 16]).unwrap();
        assert!(!proof.contains("Secret-pass-9"));
        assert!(proves("Secret-pass-9", &proof));
        assert!(!proves("secret-pass-9", &proof));
        assert!(!proves("Secret-pass-9", "not a hash"));
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
