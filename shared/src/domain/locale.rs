//! The two languages Sésame speaks.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A language of the product. French is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    /// Picks the best of French and English from an `Accept-Language` value
    /// (RFC 9110 §12.5.4: weighted ranges, `*` allowed). French when nothing
    /// matches.
    pub fn from_accept_language(header: Option<&str>) -> Locale {
        let Some(header) = header else {
            return Locale::Fr;
        };
        let mut best: Option<(f32, usize, Locale)> = None;
        for (position, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let range = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let mut quality = 1.0_f32;
            for param in pieces {
                if let Some(q) = param.trim().strip_prefix("q=") {
                    quality = q.trim().parse().unwrap_or(0.0);
                }
            }
            let primary = range.split('-').next().unwrap_or("");
            let locale = match primary {
                "fr" | "*" => Locale::Fr,
                "en" => Locale::En,
                _ => continue,
            };
            if quality <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((q, p, _)) => quality > q || (quality == q && position < p),
            };
            if better {
                best = Some((quality, position, locale));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or(Locale::Fr)
    }

    /// Chooses between a French and an English text.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Fr => fr,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_weighted_best() {
        assert_eq!(Locale::from_accept_language(None), Locale::Fr);
        assert_eq!(Locale::from_accept_language(Some("en-CA")), Locale::En);
        assert_eq!(
            Locale::from_accept_language(Some("fr-CA,en;q=0.8")),
            Locale::Fr
        );
        assert_eq!(
            Locale::from_accept_language(Some("fr;q=0.3, en;q=0.9")),
            Locale::En
        );
        assert_eq!(
            Locale::from_accept_language(Some("de, en;q=0.5")),
            Locale::En
        );
        assert_eq!(Locale::from_accept_language(Some("de")), Locale::Fr);
        assert_eq!(Locale::from_accept_language(Some("en;q=0")), Locale::Fr);
    }
}
