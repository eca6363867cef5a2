//! Bank details: an IBAN (ISO 13616, mod-97 check digits) or a Canadian
//! account (transit 5 digits, institution 3, account 7 to 12). Shown
//! masked; the full value only to holders of the sensitive-data permission.

use crate::domain::errors::{FieldCode, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// IBAN lengths of common countries (ISO 13616 registry); other countries
/// get the generic 15 to 34 characters.
const IBAN_LENGTHS: [(&str, usize); 16] = [
    ("AT", 20),
    ("BE", 16),
    ("CH", 21),
    ("DE", 22),
    ("ES", 24),
    ("FR", 27),
    ("GB", 22),
    ("IE", 22),
    ("IT", 27),
    ("LU", 20),
    ("MC", 27),
    ("NL", 18),
    ("PT", 25),
    ("SE", 24),
    ("DK", 18),
    ("NO", 15),
];

/// A validated, normalised IBAN (capitals, no spaces), or why it is not one.
pub fn parse_iban(raw: &str) -> Result<String, FieldCode> {
    let iban: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if iban.is_empty() {
        return Err(FieldCode::Required);
    }
    let bytes = iban.as_bytes();
    if !(15..=34).contains(&bytes.len())
        || !bytes[..2].iter().all(u8::is_ascii_uppercase)
        || !bytes[2..4].iter().all(u8::is_ascii_digit)
        || !bytes.iter().all(u8::is_ascii_alphanumeric)
    {
        return Err(FieldCode::InvalidIban);
    }
    if let Some((_, len)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == &iban[..2])
        && *len != bytes.len()
    {
        return Err(FieldCode::InvalidIban);
    }
    // Move the first four characters to the end, letters to numbers
    // (A = 10 … Z = 35), the remainder modulo 97 must be 1.
    let mut remainder: u32 = 0;
    for b in bytes[4..].iter().chain(&bytes[..4]) {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    if remainder != 1 {
        return Err(FieldCode::InvalidIban);
    }
    Ok(iban)
}

/// An account to pay the employee into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BankAccount {
    Iban {
        iban: String,
    },
    Canadian {
        transit: String,
        institution: String,
        account: String,
    },
}

fn digits(
    raw: Option<&str>,
    lengths: std::ops::RangeInclusive<usize>,
) -> Result<String, FieldCode> {
    let text: String = raw
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if text.is_empty() {
        return Err(FieldCode::Required);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) || !lengths.contains(&text.len()) {
        return Err(FieldCode::InvalidValue);
    }
    Ok(text)
}

impl BankAccount {
    /// Reads the form: an `iban`, or `transit` + `institution` + `account`.
    pub fn parse(
        iban: Option<&str>,
        transit: Option<&str>,
        institution: Option<&str>,
        account: Option<&str>,
    ) -> Result<BankAccount, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let canadian = transit.is_some() || institution.is_some() || account.is_some();
        match (iban, canadian) {
            (Some(raw), false) => {
                let iban = errors.take("iban", parse_iban(raw));
                errors.finish(BankAccount::Iban {
                    iban: iban.unwrap_or_default(),
                })
            }
            (None, true) => {
                let transit = errors.take("transit", digits(transit, 5..=5));
                let institution = errors.take("institution", digits(institution, 3..=3));
                let account = errors.take("account", digits(account, 7..=12));
                errors.finish(BankAccount::Canadian {
                    transit: transit.unwrap_or_default(),
                    institution: institution.unwrap_or_default(),
                    account: account.unwrap_or_default(),
                })
            }
            (Some(_), true) => {
                errors.push("iban", FieldCode::EitherOr);
                Err(errors)
            }
            (None, false) => {
                errors.push("iban", FieldCode::Required);
                Err(errors)
            }
        }
    }

    /// What anyone without the sensitive-data permission sees.
    pub fn masked(&self) -> String {
        fn tail(s: &str, n: usize) -> &str {
            &s[s.len().saturating_sub(n)..]
        }
        match self {
            BankAccount::Iban { iban } => {
                format!("{} •••• {}", &iban[..4.min(iban.len())], tail(iban, 4))
            }
            BankAccount::Canadian {
                institution,
                account,
                ..
            } => format!("•••••-{institution}-•••{}", tail(account, 3)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits() {
        // Published examples (ISO 13616 / national banks).
        assert_eq!(
            parse_iban("FR14 2004 1010 0505 0001 3M02 606"),
            Ok("FR1420041010050500013M02606".into())
        );
        assert!(parse_iban("DE89 3704 0044 0532 0130 00").is_ok());
        assert!(parse_iban("GB82 WEST 1234 5698 7654 32").is_ok());
        assert!(parse_iban("be71 0961 2345 6769").is_ok());
        // One digit changed: the check fails.
        assert_eq!(
            parse_iban("DE89 3704 0044 0532 0130 01"),
            Err(FieldCode::InvalidIban)
        );
        // Wrong length for the country.
        assert_eq!(
            parse_iban("FR14 2004 1010 0505 0001 3M02 60"),
            Err(FieldCode::InvalidIban)
        );
        assert_eq!(parse_iban("12345"), Err(FieldCode::InvalidIban));
        assert_eq!(parse_iban(" "), Err(FieldCode::Required));
    }

    #[test]
    fn canadian_accounts() {
        let ok = BankAccount::parse(None, Some("12345"), Some("815"), Some("1234567")).unwrap();
        assert_eq!(ok.masked(), "•••••-815-•••567");
        let e = BankAccount::parse(None, Some("1234"), Some("81"), Some("123456")).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["transit", "institution", "account"]);
        assert!(BankAccount::parse(None, None, None, Some("1234567890123")).is_err());
        assert!(BankAccount::parse(Some("DE89370400440532013000"), Some("1"), None, None).is_err());
        assert!(BankAccount::parse(None, None, None, None).is_err());
    }

    #[test]
    fn masking_hides_the_middle() {
        let iban =
            BankAccount::parse(Some("DE89 3704 0044 0532 0130 00"), None, None, None).unwrap();
        let masked = iban.masked();
        assert_eq!(masked, "DE89 •••• 3000");
        assert!(!masked.contains("0532"));
    }
}
