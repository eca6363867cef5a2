//! Field validation and normalisation shared by every input.

use crate::domain::errors::FieldCode;
use email_address::EmailAddress;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest accepted email address (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Longest accepted name, function or other short text.
pub const SHORT_TEXT_MAX: usize = 100;

/// A validated email address, normalised (trimmed, lower-cased) so that one
/// person has one account whatever case they type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldCode> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldCode::Required);
        }
        if trimmed.chars().count() > EMAIL_MAX {
            return Err(FieldCode::TooLong);
        }
        let normalised = trimmed.to_lowercase();
        // Email goes out through SES, which takes 7-bit ASCII addresses only
        // (no SMTPUTF8): `chloé@…` could never receive her invitation, so it
        // is refused here rather than failing at the first email.
        if !normalised.is_ascii() {
            return Err(FieldCode::InvalidEmail);
        }
        let parsed: EmailAddress = normalised.parse().map_err(|_| FieldCode::InvalidEmail)?;
        // A deliverable address has a dotted domain; `a@b` is always a typo here.
        let domain = parsed.domain();
        if !domain.contains('.') || domain.starts_with('[') || domain.ends_with('.') {
            return Err(FieldCode::InvalidEmail);
        }
        Ok(Email(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A form safe for logs: first letter of the local part and the domain.
    pub fn redacted(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or(("", ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A required short text: trimmed, not empty, no control characters, at most
/// `max` characters. Accents and any script are welcome.
pub fn required_text(raw: Option<&str>, max: usize) -> Result<String, FieldCode> {
    match optional_text(raw, max)? {
        Some(text) => Ok(text),
        None => Err(FieldCode::Required),
    }
}

/// An optional short text: `None` when absent or blank.
pub fn optional_text(raw: Option<&str>, max: usize) -> Result<Option<String>, FieldCode> {
    let Some(raw) = raw else { return Ok(None) };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldCode::ControlCharacters);
    }
    if trimmed.chars().count() > max {
        return Err(FieldCode::TooLong);
    }
    Ok(Some(trimmed.to_string()))
}

/// The look-alike scripts: a name mixing them is a spoofing pattern
/// (Unicode TR39, "mixed-script confusables"), never a real name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confusable {
    Latin,
    Greek,
    Cyrillic,
}

fn confusable_script(c: char) -> Option<Confusable> {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA => Some(Confusable::Latin),
        0xC0..=0x24F if c != '×' && c != '÷' => Some(Confusable::Latin),
        0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F => {
            Some(Confusable::Latin)
        }
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Some(Confusable::Latin),
        0x370..=0x3FF | 0x1F00..=0x1FFF => Some(Confusable::Greek),
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
            Some(Confusable::Cyrillic)
        }
        _ => None,
    }
}

/// A person's name: a required short text, in any script and with any
/// accent, but not mixing Latin, Greek and Cyrillic letters ("Аlice" with
/// a Cyrillic "А" is refused; "Zoé", "Nguyễn", "Пётр", "李" are not).
pub fn person_name(raw: Option<&str>, max: usize) -> Result<String, FieldCode> {
    let text = required_text(raw, max)?;
    let mut scripts = text.chars().filter_map(confusable_script);
    if let Some(first) = scripts.next()
        && scripts.any(|s| s != first)
    {
        return Err(FieldCode::MixedScripts);
    }
    Ok(text)
}

/// A telephone number as people type it: digits with spaces, dots, dashes,
/// parentheses, a leading `+`, and an optional extension (`poste`/`ext`).
/// Between 7 and 15 digits before the extension (E.164 allows 15).
pub fn phone(raw: Option<&str>) -> Result<String, FieldCode> {
    let text = required_text(raw, 40)?;
    let lower = text.to_lowercase();
    let main = ["poste", "ext.", "ext", "#", "x"]
        .iter()
        .find_map(|sep| lower.split_once(sep).map(|(main, _)| main.to_string()))
        .unwrap_or(lower.clone());
    let mut digits = 0;
    for (i, c) in main.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' if i == 0 => {}
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return Err(FieldCode::InvalidPhone),
        }
    }
    if !(7..=15).contains(&digits) {
        return Err(FieldCode::InvalidPhone);
    }
    Ok(text)
}

/// An ISO 8601 calendar date (`YYYY-MM-DD`).
pub fn date(raw: Option<&str>) -> Result<Option<jiff::civil::Date>, FieldCode> {
    match optional_text(raw, 10)? {
        None => Ok(None),
        Some(text) => text
            .parse::<jiff::civil::Date>()
            .map(Some)
            .map_err(|_| FieldCode::InvalidDate),
    }
}

/// A mobile number as Cognito and SNS text it (E.164: `+` and 8 to 15 digits),
/// from what a person types: spaces, dots, dashes and brackets ignored; ten
/// digits are a North American number (+1).
pub fn sms_phone(typed: &str) -> Option<String> {
    let trimmed = typed.trim();
    let plus = trimmed.starts_with('+');
    let mut digits = String::new();
    for c in trimmed.chars().skip(usize::from(plus)) {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    let number = match (plus, digits.len()) {
        (true, 8..=15) => digits,
        (false, 10) => format!("1{digits}"),
        (false, 11) if digits.starts_with('1') => digits,
        _ => return None,
    };
    Some(format!("+{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Marie.Tremblay@Exemple.CA ")
                .unwrap()
                .as_str(),
            "marie.tremblay@exemple.ca"
        );
        assert_eq!(Email::parse(""), Err(FieldCode::Required));
        assert_eq!(
            Email::parse("pas-un-courriel"),
            Err(FieldCode::InvalidEmail)
        );
        assert_eq!(Email::parse("a@b"), Err(FieldCode::InvalidEmail));
        assert_eq!(Email::parse("a b@c.ca"), Err(FieldCode::InvalidEmail));
        let long = format!("{}@exemple.ca", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(FieldCode::TooLong));
    }

    #[test]
    fn an_address_ses_cannot_send_to_is_refused_at_once() {
        // SES takes 7-bit ASCII only: the invitation could never reach her.
        assert_eq!(
            Email::parse("chloé.gagnon@exemple.ca"),
            Err(FieldCode::InvalidEmail)
        );
        assert_eq!(Email::parse("chloe@école.ca"), Err(FieldCode::InvalidEmail));
        assert!(Email::parse("chloe.gagnon@exemple.ca").is_ok());
    }

    #[test]
    fn redacted_email_hides_the_local_part() {
        let email = Email::parse("marie@exemple.ca").unwrap();
        assert_eq!(email.redacted(), "m***@exemple.ca");
    }

    #[test]
    fn texts_are_trimmed_bounded_and_clean() {
        assert_eq!(required_text(Some("  Éloïse "), 10).unwrap(), "Éloïse");
        assert_eq!(required_text(Some("   "), 10), Err(FieldCode::Required));
        assert_eq!(required_text(None, 10), Err(FieldCode::Required));
        assert_eq!(
            required_text(Some("a\u{0}b"), 10),
            Err(FieldCode::ControlCharacters)
        );
        assert_eq!(
            required_text(Some(&"é".repeat(11)), 10),
            Err(FieldCode::TooLong)
        );
        assert_eq!(required_text(Some("Đặng 李"), 10).unwrap(), "Đặng 李");
        assert_eq!(optional_text(Some(" "), 10), Ok(None));
    }

    #[test]
    fn names_take_any_script_and_accent_but_not_look_alike_mixes() {
        for ok in [
            "Zoé",
            "Éloïse Bérubé-Côté",
            "D'Amours",
            "Nguyễn Thị Ánh",
            "Øyvind Ærø",
            "Пётр Ильич",
            "Αλέξανδρος",
            "李小龍",
            "Zoé 李",
            "محمد",
        ] {
            assert_eq!(person_name(Some(ok), 100), Ok(ok.to_string()), "{ok}");
        }
        for mixed in ["\u{410}lice", "Zo\u{435}", "P\u{3b1}ul", "Иван Smith"] {
            assert_eq!(
                person_name(Some(mixed), 100),
                Err(FieldCode::MixedScripts),
                "{mixed}"
            );
        }
        assert_eq!(person_name(Some("  "), 100), Err(FieldCode::Required));
        assert_eq!(
            person_name(Some("Zo\u{7}é"), 100),
            Err(FieldCode::ControlCharacters)
        );
    }

    #[test]
    fn phones_accept_common_forms_only() {
        assert!(phone(Some("514 555-0199")).is_ok());
        assert!(phone(Some("+1 (514) 555.0199 poste 12")).is_ok());
        assert_eq!(phone(Some("555")), Err(FieldCode::InvalidPhone));
        assert_eq!(phone(Some("514-555-ABCD")), Err(FieldCode::InvalidPhone));
        assert_eq!(phone(None), Err(FieldCode::Required));
    }

    #[test]
    fn dates_are_iso() {
        assert_eq!(
            date(Some("1990-02-28")).unwrap().unwrap().to_string(),
            "1990-02-28"
        );
        assert_eq!(date(Some("28/02/1990")), Err(FieldCode::InvalidDate));
        assert_eq!(date(Some("1990-02-30")), Err(FieldCode::InvalidDate));
        assert_eq!(date(None), Ok(None));
    }
}
