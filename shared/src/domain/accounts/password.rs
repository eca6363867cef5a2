//! The password policy. The Cognito user pool in `infra/template.yaml`
//! declares the same numbers (a test compares them); Cognito enforces it,
//! this copy lets the in-memory directory and the error messages agree.

pub const MIN_LENGTH: usize = 10;
pub const REQUIRE_UPPERCASE: bool = true;
pub const REQUIRE_LOWERCASE: bool = true;
pub const REQUIRE_NUMBERS: bool = true;
pub const REQUIRE_SYMBOLS: bool = false;

/// Whether a password meets the policy.
pub fn meets_policy(password: &str) -> bool {
    password.chars().count() >= MIN_LENGTH
        && password.chars().count() <= 256
        && (!REQUIRE_UPPERCASE || password.chars().any(char::is_uppercase))
        && (!REQUIRE_LOWERCASE || password.chars().any(char::is_lowercase))
        && (!REQUIRE_NUMBERS || password.chars().any(|c| c.is_ascii_digit()))
        && (!REQUIRE_SYMBOLS || password.chars().any(|c| c.is_ascii_punctuation()))
}

/// The policy in words.
pub fn describe(fr: bool) -> String {
    if fr {
        format!(
            "Le mot de passe doit contenir au moins {MIN_LENGTH} caractères, dont une majuscule, une minuscule et un chiffre."
        )
    } else {
        format!(
            "The password must have at least {MIN_LENGTH} characters, including an uppercase letter, a lowercase letter and a digit."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_message_states_the_policy() {
        use crate::domain::errors::FieldCode;
        assert!(
            FieldCode::WeakPassword
                .message(true)
                .contains(&MIN_LENGTH.to_string())
        );
        assert_eq!(FieldCode::WeakPassword.message(true), describe(true));
        assert_eq!(FieldCode::WeakPassword.message(false), describe(false));
    }

    #[test]
    fn policy_needs_length_and_classes() {
        assert!(meets_policy("Bonjour2026"));
        assert!(!meets_policy("Court1A"));
        assert!(!meets_policy("toutminuscule1"));
        assert!(!meets_policy("TOUTMAJUSCULE1"));
        assert!(!meets_policy("SansChiffreIci"));
    }
}
