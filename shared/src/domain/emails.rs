//! The content of every email, in French and English, as plain text and
//! HTML. Pure: the operation passes the names and links in.

use crate::domain::locale::Locale;

/// A rendered email, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EmailContent {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The shared layout of an email: greeting, paragraphs, an optional
/// action button, footer.
pub(crate) struct Layout<'a> {
    pub locale: Locale,
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub action: Option<(&'a str, &'a str)>,
    pub footer: String,
}

impl Layout<'_> {
    pub(crate) fn render(self) -> EmailContent {
        let mut text = format!("{}\n\n", self.greeting);
        let mut html = format!(
            "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif;line-height:1.5\"><p>{}</p>",
            self.locale.pick("fr", "en"),
            escape_html(&self.greeting)
        );
        for p in &self.paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>", escape_html(p)));
        }
        if let Some((label, url)) = self.action {
            text.push_str(&format!("{label} : {url}\n\n"));
            html.push_str(&format!(
                "<p><a href=\"{}\" style=\"display:inline-block;padding:10px 16px;background:#1f5fa8;color:#fff;text-decoration:none;border-radius:4px\">{}</a></p><p style=\"font-size:small\">{}</p>",
                escape_html(url),
                escape_html(label),
                escape_html(url)
            ));
        }
        text.push_str(&self.footer);
        text.push('\n');
        html.push_str(&format!(
            "<p style=\"color:#666;font-size:small\">{}</p></body></html>",
            escape_html(&self.footer)
        ));
        EmailContent {
            subject: self.subject,
            text,
            html,
        }
    }
}

pub(crate) fn footer(locale: Locale) -> String {
    locale
        .pick(
            "Ce courriel vous est envoyé par Sésame. Si vous n'attendiez pas ce message, ignorez-le.",
            "This email was sent by Sésame. If you were not expecting it, you can ignore it.",
        )
        .to_string()
}

/// Formats a time for a person who is in no organisation yet (sign-up,
/// password reset): in the zone new organisations start in (Eastern Time),
/// saying so.
pub(crate) fn when(locale: Locale, at: jiff::Timestamp) -> String {
    when_in(
        locale,
        at,
        crate::domain::organisation::model::DEFAULT_TIME_ZONE,
    )
}

/// Formats a time for a person in the organisation's time zone (an IANA
/// name, e.g. `America/Toronto`; UTC when unknown), saying which one:
/// Eastern Time by its name, any other zone by its abbreviation.
pub(crate) fn when_in(locale: Locale, at: jiff::Timestamp, time_zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let dt = at.to_zoned(tz);
    let abbreviation = dt.strftime("%Z").to_string();
    let zone = match (locale, abbreviation.as_str()) {
        (Locale::Fr, "EST" | "EDT") => "heure de l'Est".to_string(),
        (Locale::En, "EST" | "EDT") => "Eastern Time".to_string(),
        _ => abbreviation,
    };
    match locale {
        Locale::Fr => format!("{} ({zone})", dt.strftime("%Y-%m-%d à %H h %M")),
        Locale::En => format!("{} ({zone})", dt.strftime("%Y-%m-%d at %H:%M")),
    }
}

/// A short notice (replacement service): subject, greeting, lines.
pub fn notice(
    locale: Locale,
    subject: String,
    first_name: &str,
    lines: Vec<String>,
    portal_url: &str,
) -> EmailContent {
    Layout {
        locale,
        subject,
        greeting: match locale {
            Locale::Fr => format!("Bonjour {first_name},"),
            Locale::En => format!("Hello {first_name},"),
        },
        paragraphs: lines,
        action: Some((
            locale.pick("Ouvrir le portail", "Open the portal"),
            portal_url,
        )),
        footer: footer(locale),
    }
    .render()
}
