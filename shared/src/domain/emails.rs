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

/// Formats a time for a person: the date and hour in UTC, unambiguous.
pub(crate) fn when(locale: Locale, at: jiff::Timestamp) -> String {
    let dt = at.to_zoned(jiff::tz::TimeZone::UTC);
    match locale {
        Locale::Fr => dt.strftime("%Y-%m-%d à %H h %M (UTC)").to_string(),
        Locale::En => dt.strftime("%Y-%m-%d at %H:%M (UTC)").to_string(),
    }
}

/// The confirmation sent once the account is active: the identifier and a
/// summary.
pub fn activated(
    locale: Locale,
    org_name: &str,
    first_name: &str,
    login: &str,
    portal_url: &str,
) -> EmailContent {
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Votre compte {org_name} est activé"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: vec![
                format!("Votre compte pour {org_name} est maintenant actif."),
                format!("Votre identifiant de connexion est : {login}"),
                "Si vous n'êtes pas à l'origine de cette activation, communiquez sans tarder avec un gestionnaire de votre organisation.".into(),
            ],
            action: Some(("Se connecter", portal_url)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Your {org_name} account is active"),
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                format!("Your account for {org_name} is now active."),
                format!("Your sign-in identifier is: {login}"),
                "If you did not activate this account, contact a manager of your organisation right away.".into(),
            ],
            action: Some(("Sign in", portal_url)),
            footer: footer(locale),
        },
    }
    .render()
}

/// "Créer un compte": the link that confirms a self-registration.
pub fn registration(locale: Locale, link: &str, expires_at: jiff::Timestamp) -> EmailContent {
    let expires = when(locale, expires_at);
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: "Confirmez la création de votre compte".into(),
            greeting: "Bonjour,".into(),
            paragraphs: vec![
                "Vous avez demandé à créer votre compte Sésame avec cette adresse courriel.".into(),
                "Pour le confirmer, ouvrez le lien ci-dessous. Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : rien ne sera activé.".into(),
                format!("Ce lien ne fonctionne qu'une fois et expire le {expires}."),
            ],
            action: Some(("Confirmer mon compte", link)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: "Confirm your new account".into(),
            greeting: "Hello,".into(),
            paragraphs: vec![
                "You asked to create your Sésame account with this email address.".into(),
                "To confirm it, open the link below. If you did not ask for this, ignore this email: nothing will be activated.".into(),
                format!("This link works once and expires on {expires}."),
            ],
            action: Some(("Confirm my account", link)),
            footer: footer(locale),
        },
    }
    .render()
}

/// A sign-up for an address no organisation has on file.
pub fn registration_unknown(locale: Locale) -> EmailContent {
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: "Création de compte : communiquez avec votre organisation".into(),
            greeting: "Bonjour,".into(),
            paragraphs: vec![
                "Quelqu'un a demandé à créer un compte Sésame avec cette adresse courriel, mais aucune organisation ne l'a inscrite à votre dossier.".into(),
                "Communiquez avec votre employeur ou votre service pour qu'il ajoute cette adresse à votre dossier, puis réessayez. Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: "Account creation: contact your organisation".into(),
            greeting: "Hello,".into(),
            paragraphs: vec![
                "Someone asked to create a Sésame account with this email address, but no organisation has it on your file.".into(),
                "Contact your employer or service so they add this address to your file, then try again. If you did not ask for this, ignore this email.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
    }
    .render()
}

/// A sign-up for an address that already has an active account.
pub fn registration_existing(locale: Locale, portal_url: &str) -> EmailContent {
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: "Vous avez déjà un compte".into(),
            greeting: "Bonjour,".into(),
            paragraphs: vec![
                "Quelqu'un a demandé à créer un compte avec cette adresse courriel, mais vous avez déjà un compte actif.".into(),
                "Connectez-vous avec votre mot de passe, ou demandez un nouveau mot de passe si vous l'avez oublié.".into(),
            ],
            action: Some(("Se connecter", portal_url)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: "You already have an account".into(),
            greeting: "Hello,".into(),
            paragraphs: vec![
                "Someone asked to create an account with this email address, but you already have an active account.".into(),
                "Sign in with your password, or ask for a new password if you forgot it.".into(),
            ],
            action: Some(("Sign in", portal_url)),
            footer: footer(locale),
        },
    }
    .render()
}

/// The password-reset link.
pub fn password_reset(locale: Locale, link: &str, expires_at: jiff::Timestamp) -> EmailContent {
    let expires = when(locale, expires_at);
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: "Réinitialisez votre mot de passe".into(),
            greeting: "Bonjour,".into(),
            paragraphs: vec![
                "Vous avez demandé un nouveau mot de passe pour votre compte Sésame.".into(),
                format!("Ouvrez le lien ci-dessous pour le choisir. Il ne fonctionne qu'une fois et expire le {expires}. Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : votre mot de passe ne change pas."),
            ],
            action: Some(("Choisir un nouveau mot de passe", link)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: "Reset your password".into(),
            greeting: "Hello,".into(),
            paragraphs: vec![
                "You asked for a new password for your Sésame account.".into(),
                format!("Open the link below to choose it. It works once and expires on {expires}. If you did not ask for this, ignore this email: your password does not change."),
            ],
            action: Some(("Choose a new password", link)),
            footer: footer(locale),
        },
    }
    .render()
}

/// Tells the other managers that the organisation's mail key changed.
pub fn mail_key_changed(locale: Locale, org_name: &str, first_name: &str) -> EmailContent {
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("La clé courriel de {org_name} a changé"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: vec![
                format!("Un gestionnaire vient de modifier la clé courriel (question et réponse de sécurité) de {org_name}."),
                "Si ce changement vous surprend, vérifiez le journal d'audit de l'organisation.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("The mail key of {org_name} changed"),
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                format!("A manager just changed the mail key (security question and answer) of {org_name}."),
                "If this surprises you, check the organisation's audit log.".into(),
            ],
            action: None,
            footer: footer(locale),
        },
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
