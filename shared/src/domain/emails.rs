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

pub(crate) struct Layout<'a> {
    pub(crate) locale: Locale,
    pub(crate) subject: String,
    pub(crate) greeting: String,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) action: Option<(&'a str, &'a str)>,
    pub(crate) footer: String,
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

/// Formats a time for a person: the date and hour in UTC, unambiguous.
pub(crate) fn when(locale: Locale, at: jiff::Timestamp) -> String {
    let dt = at.to_zoned(jiff::tz::TimeZone::UTC);
    match locale {
        Locale::Fr => dt.strftime("%Y-%m-%d à %H h %M (UTC)").to_string(),
        Locale::En => dt.strftime("%Y-%m-%d at %H:%M (UTC)").to_string(),
    }
}

/// The activation (invitation) email with its single-use link.
pub fn activation(
    locale: Locale,
    org_name: &str,
    first_name: &str,
    link: &str,
    expires_at: jiff::Timestamp,
) -> EmailContent {
    let expires = when(locale, expires_at);
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Activez votre compte {org_name}"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: vec![
                format!("{org_name} vous donne accès à son portail Sésame."),
                "Pour activer votre compte, ouvrez le lien ci-dessous et choisissez votre mot de passe.".into(),
                format!("Ce lien ne fonctionne qu'une fois et expire le {expires}."),
            ],
            action: Some(("Activer mon compte", link)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Activate your {org_name} account"),
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                format!("{org_name} is giving you access to its Sésame portal."),
                "To activate your account, open the link below and choose your password.".into(),
                format!("This link works once and expires on {expires}."),
            ],
            action: Some(("Activate my account", link)),
            footer: footer(locale),
        },
    }
    .render()
}

/// An access request refused by a manager, with the reason.
pub fn access_refused(
    locale: Locale,
    org_name: &str,
    first_name: &str,
    reason: &str,
) -> EmailContent {
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Votre demande d'accès à {org_name}"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: vec![
                format!("Votre demande de compte auprès de {org_name} a été refusée."),
                format!("Motif : {reason}"),
                "Pour toute question, communiquez avec votre organisation.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Your access request to {org_name}"),
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                format!("Your account request with {org_name} was refused."),
                format!("Reason: {reason}"),
                "For any question, contact your organisation.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
    }
    .render()
}

/// The email key, sent apart from the activation link.
pub fn email_key(locale: Locale, org_name: &str, first_name: &str, key: &str) -> EmailContent {
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Votre clé courriel pour {org_name}"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: vec![
                "Pour activer votre compte, vous aurez besoin de trois clés : la clé courriel de votre organisation, la réponse à votre question secrète, et la clé ci-dessous.".into(),
                format!("Votre clé courriel : {key}"),
                "Ne la communiquez à personne.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Your email key for {org_name}"),
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                "To activate your account you will need three keys: your organisation's mail key, the answer to your secret question, and the key below.".into(),
                format!("Your email key: {key}"),
                "Do not share it with anyone.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
    }
    .render()
}

/// The link that verifies a new login email (sent to the new address).
pub fn email_change(
    locale: Locale,
    first_name: &str,
    link: &str,
    expires_at: jiff::Timestamp,
) -> EmailContent {
    let expires = when(locale, expires_at);
    Layout {
        locale,
        subject: locale
            .pick("Confirmez votre nouvelle adresse courriel", "Confirm your new email address")
            .into(),
        greeting: match locale {
            Locale::Fr => format!("Bonjour {first_name},"),
            Locale::En => format!("Hello {first_name},"),
        },
        paragraphs: vec![match locale {
            Locale::Fr => format!("Vous avez demandé à vous connecter désormais avec cette adresse. Ouvrez le lien ci-dessous pour la confirmer : elle ne remplacera l'ancienne qu'à ce moment. Le lien ne fonctionne qu'une fois et expire le {expires}."),
            Locale::En => format!("You asked to sign in with this address from now on. Open the link below to confirm it: it replaces the old one only then. The link works once and expires on {expires}."),
        }],
        action: Some((locale.pick("Confirmer l'adresse", "Confirm the address"), link)),
        footer: footer(locale),
    }
    .render()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_email_is_localised_and_escaped() {
        let at: jiff::Timestamp = "2026-03-08T15:00:00Z".parse().unwrap();
        let fr = activation(
            Locale::Fr,
            "CPE <Les Lutins>",
            "Zoé",
            "https://x/a?t=1&u=2",
            at,
        );
        assert!(fr.subject.starts_with("Activez votre compte"));
        assert!(fr.text.contains("https://x/a?t=1&u=2"));
        assert!(fr.html.contains("href=\"https://x/a?t=1&amp;u=2\""));
        assert!(fr.html.contains("CPE &lt;Les Lutins&gt;"));
        assert!(!fr.html.contains("<Les Lutins>"));
        assert!(fr.text.contains("2026-03-08"));
        let en = activation(Locale::En, "Org", "Zoé", "https://x", at);
        assert!(en.subject.starts_with("Activate"));
        assert!(en.html.contains("lang=\"en\""));
    }
}
