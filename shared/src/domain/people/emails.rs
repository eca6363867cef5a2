//! The people context's emails, in French and English, as plain text and
//! HTML: the invitation and its email key, and a refused access request.
//! Pure: the operation passes the names and links in.

use crate::domain::emails::{EmailContent, Layout, footer, when_in};
use crate::domain::locale::Locale;

/// The activation (invitation) email with its single-use link; its expiry
/// in the organisation's time zone.
pub fn activation(
    locale: Locale,
    org_name: &str,
    first_name: &str,
    link: &str,
    expires_at: jiff::Timestamp,
    time_zone: &str,
) -> EmailContent {
    let expires = when_in(locale, expires_at, time_zone);
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

/// The first of two activation emails (the organisation's choice): it
/// validates the address; the link to choose a password follows once it is
/// opened.
pub fn address_check(
    locale: Locale,
    org_name: &str,
    first_name: &str,
    link: &str,
    expires_at: jiff::Timestamp,
    time_zone: &str,
) -> EmailContent {
    let expires = when_in(locale, expires_at, time_zone);
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Confirmez votre adresse courriel pour {org_name}"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: vec![
                format!("{org_name} vous donne accès à son portail Sésame."),
                "Pour commencer, confirmez que cette adresse courriel est bien la vôtre en ouvrant le lien ci-dessous. Un second courriel vous permettra ensuite de choisir votre mot de passe.".into(),
                format!("Ce lien ne fonctionne qu'une fois et expire le {expires}."),
            ],
            action: Some(("Confirmer mon adresse", link)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Confirm your email address for {org_name}"),
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                format!("{org_name} is giving you access to its Sésame portal."),
                "First, confirm that this email address is yours by opening the link below. A second email will then let you choose your password.".into(),
                format!("This link works once and expires on {expires}."),
            ],
            action: Some(("Confirm my address", link)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> jiff::Timestamp {
        "2026-03-08T15:00:00Z".parse().unwrap()
    }

    /// The subject, text and HTML of an email, as reviewed.
    fn shown(email: &EmailContent) -> String {
        format!(
            "Subject: {}\n\n{}\n----- HTML -----\n{}\n",
            email.subject, email.text, email.html
        )
    }

    #[test]
    fn the_first_of_two_emails_asks_to_confirm_the_address_and_announces_the_second() {
        let fr = address_check(
            Locale::Fr,
            "CPE <Lutins>",
            "Zoé",
            "https://x/v#token=t",
            at(),
            "America/Toronto",
        );
        assert_eq!(
            fr.subject,
            "Confirmez votre adresse courriel pour CPE <Lutins>"
        );
        assert!(fr.text.contains("Un second courriel"), "{}", fr.text);
        assert!(fr.html.contains("Confirmer mon adresse"));
        assert!(fr.html.contains("CPE &lt;Lutins&gt;"));
        let en = address_check(
            Locale::En,
            "Org",
            "Zoé",
            "https://x",
            at(),
            "America/Toronto",
        );
        assert!(en.text.contains("A second email"), "{}", en.text);
        assert!(en.html.contains("lang=\"en\""));
    }

    #[test]
    fn activation_email_is_localised_and_escaped() {
        let fr = activation(
            Locale::Fr,
            "CPE <Les Lutins>",
            "Zoé",
            "https://x/a?t=1&u=2",
            at(),
            "America/Toronto",
        );
        assert!(fr.subject.starts_with("Activez votre compte"));
        assert!(fr.text.contains("https://x/a?t=1&u=2"));
        assert!(fr.html.contains("href=\"https://x/a?t=1&amp;u=2\""));
        assert!(fr.html.contains("CPE &lt;Les Lutins&gt;"));
        assert!(!fr.html.contains("<Les Lutins>"));
        assert!(fr.text.contains("2026-03-08"));
        let en = activation(
            Locale::En,
            "Org",
            "Zoé",
            "https://x",
            at(),
            "America/Toronto",
        );
        assert!(en.subject.starts_with("Activate"));
        assert!(en.html.contains("lang=\"en\""));
    }

    #[test]
    fn the_activation_link_expires_at_the_organisations_time_not_utc() {
        // 15:00 UTC on 8 March 2026 is 11:00 in Montréal (daylight time
        // began that night); on 15 January it is 10:00 (standard time).
        let fr = activation(
            Locale::Fr,
            "Org",
            "Zoé",
            "https://x",
            at(),
            "America/Toronto",
        );
        assert!(
            fr.text
                .contains("expire le 2026-03-08 à 11 h 00 (heure de l'Est)."),
            "{}",
            fr.text
        );
        assert!(!fr.text.contains("UTC"));
        let winter: jiff::Timestamp = "2026-01-15T15:00:00Z".parse().unwrap();
        let en = activation(
            Locale::En,
            "Org",
            "Zoé",
            "https://x",
            winter,
            "America/Montreal",
        );
        assert!(
            en.text
                .contains("expires on 2026-01-15 at 10:00 (Eastern Time)."),
            "{}",
            en.text
        );
        let paris = activation(
            Locale::Fr,
            "Org",
            "Zoé",
            "https://x",
            winter,
            "Europe/Paris",
        );
        assert!(
            paris.text.contains("2026-01-15 à 16 h 00 (CET)"),
            "{}",
            paris.text
        );
    }

    /// A snapshot case: the email's name and how it reads in a locale.
    type Case = (&'static str, fn(Locale) -> EmailContent);

    /// Every email, in French and in English, as reviewed (the snapshot
    /// `<email>_<fr|en>`).
    #[test]
    fn every_email_in_both_languages() {
        let emails: [Case; 3] = [
            ("activation", |locale| {
                let link = "https://portail.exemple.ca/activate#token=abc";
                activation(
                    locale,
                    "CPE Les Lutins",
                    "Zoé",
                    link,
                    at(),
                    "America/Toronto",
                )
            }),
            ("email_key", |locale| {
                email_key(locale, "CPE Les Lutins", "Zoé", "K7Q2-9XWM")
            }),
            ("access_refused", |locale| {
                let reason = locale.pick(
                    "Aucun poste ouvert pour le moment.",
                    "No open position at the moment.",
                );
                access_refused(locale, "CPE Les Lutins", "Zoé", reason)
            }),
        ];
        for (email, write) in emails {
            for locale in [Locale::Fr, Locale::En] {
                let name = format!("{email}_{}", locale.pick("fr", "en"));
                insta::assert_snapshot!(name, shown(&write(locale)));
            }
        }
    }
}
