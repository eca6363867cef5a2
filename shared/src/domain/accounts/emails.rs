//! The accounts context's emails, in French and English: the confirmation
//! of an activated account, the self-registration answers, the
//! password-reset link and the notice of a changed mail key. Pure: the
//! operation passes the names and links in.

use crate::domain::emails::{EmailContent, Layout, footer, when, when_in};
use crate::domain::locale::Locale;
use crate::domain::people::permission::Permission;

/// Who a person is in an organisation, as her activation's emails sum
/// it up (seed 003: "le résumé de vos informations").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub first_name: String,
    pub last_name: String,
    /// Her sign-in identifier (login email).
    pub email: String,
    pub function: Option<String>,
    pub manager: bool,
    /// Each establishment where she holds roles, by its name, with them.
    pub establishments: Vec<(String, Vec<Permission>)>,
}

impl Summary {
    fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// The summary's lines, in `locale`.
    fn lines(&self, locale: Locale) -> Vec<String> {
        let fr = locale == Locale::Fr;
        let mut lines = vec![
            format!("{} {}", locale.pick("Nom :", "Name:"), self.name()),
            format!("{} {}", locale.pick("Courriel :", "Email:"), self.email),
        ];
        if let Some(function) = self.function.as_deref().filter(|f| !f.is_empty()) {
            lines.push(format!(
                "{} {function}",
                locale.pick("Fonction :", "Function:")
            ));
        }
        if self.manager {
            lines.push(
                locale
                    .pick(
                        "Gestionnaire de l'organisation (tous les droits, dans tous les établissements)",
                        "Manager of the organisation (every right, at every establishment)",
                    )
                    .into(),
            );
        }
        for (name, permissions) in &self.establishments {
            let roles: Vec<&str> = permissions.iter().map(|p| p.label(fr)).collect();
            lines.push(match locale {
                Locale::Fr => format!("Établissement {name} : {}", roles.join(", ")),
                Locale::En => format!("Establishment {name}: {}", roles.join(", ")),
            });
        }
        if !self.manager && self.establishments.is_empty() {
            lines.push(
                locale
                    .pick(
                        "Aucun rôle pour l'instant : un gestionnaire vous les attribuera.",
                        "No roles yet: a manager will give them to you.",
                    )
                    .into(),
            );
        }
        lines
    }
}

/// The confirmation sent once the account is active: the identifier and a
/// summary of her information (name, function, establishments and roles).
pub fn activated(
    locale: Locale,
    org_name: &str,
    summary: &Summary,
    portal_url: &str,
) -> EmailContent {
    let first_name = &summary.first_name;
    let login = &summary.email;
    let mut paragraphs = match locale {
        Locale::Fr => vec![
            format!("Votre compte pour {org_name} est maintenant actif."),
            format!("Votre identifiant de connexion est : {login}"),
            "Voici le résumé de vos informations :".to_string(),
        ],
        Locale::En => vec![
            format!("Your account for {org_name} is now active."),
            format!("Your sign-in identifier is: {login}"),
            "Here is a summary of your information:".to_string(),
        ],
    };
    paragraphs.extend(summary.lines(locale));
    paragraphs.push(
        locale
            .pick(
                "Si vous n'êtes pas à l'origine de cette activation, communiquez sans tarder avec un gestionnaire de votre organisation.",
                "If you did not activate this account, contact a manager of your organisation right away.",
            )
            .into(),
    );
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Votre compte {org_name} est activé"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs,
            action: Some(("Se connecter", portal_url)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Your {org_name} account is active"),
            greeting: format!("Hello {first_name},"),
            paragraphs,
            action: Some(("Sign in", portal_url)),
            footer: footer(locale),
        },
    }
    .render()
}

/// Tells an active manager that a person activated her account (seed 003:
/// "vous recevrez un e-mail de confirmation"): who, when (in the
/// organisation's time zone), and a link to her user page.
pub fn member_activated(
    locale: Locale,
    org_name: &str,
    manager_first_name: &str,
    person: &Summary,
    at: (jiff::Timestamp, &str),
    user_link: &str,
) -> EmailContent {
    let when = when_in(locale, at.0, at.1);
    let name = person.name();
    let mut paragraphs = match locale {
        Locale::Fr => vec![format!(
            "{name} a activé son compte pour {org_name} le {when}."
        )],
        Locale::En => vec![format!(
            "{name} activated the account for {org_name} on {when}."
        )],
    };
    paragraphs.extend(person.lines(locale));
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("{name} a activé son compte {org_name}"),
            greeting: format!("Bonjour {manager_first_name},"),
            paragraphs,
            action: Some(("Voir l'utilisateur", user_link)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("{name} activated the {org_name} account"),
            greeting: format!("Hello {manager_first_name},"),
            paragraphs,
            action: Some(("View the user", user_link)),
            footer: footer(locale),
        },
    }
    .render()
}

/// "Créer un compte": the link that confirms a self-registration.
/// The names a sign-up typed and the names on the person's file: the file's
/// win (the organisation keeps them); the email says so when they differ.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    pub on_file: (&'a str, &'a str),
    pub typed: (&'a str, &'a str),
}

impl Names<'_> {
    /// Whether the typed names are the file's, case, accents and spaces
    /// aside.
    pub fn differ(&self) -> bool {
        let same = |a: &str, b: &str| {
            crate::domain::accounts::secrets::normalise(a)
                == crate::domain::accounts::secrets::normalise(b)
        };
        !(same(self.on_file.0, self.typed.0) && same(self.on_file.1, self.typed.1))
    }
}

pub fn registration(
    locale: Locale,
    link: &str,
    expires_at: jiff::Timestamp,
    names: Names<'_>,
) -> EmailContent {
    let expires = when(locale, expires_at);
    let (first, last) = names.on_file;
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: "Confirmez la création de votre compte".into(),
            greeting: format!("Bonjour {first},"),
            paragraphs: [
                Some("Vous avez demandé à créer votre compte Sésame avec cette adresse courriel.".to_string()),
                names.differ().then(|| format!(
                    "Votre dossier est au nom de {first} {last} : c'est ce nom que votre organisation a inscrit et qui sera utilisé (vous avez écrit {} {}). S'il n'est pas le bon, demandez-lui de le corriger.",
                    names.typed.0, names.typed.1
                )),
                Some("Pour le confirmer, ouvrez le lien ci-dessous. Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel : rien ne sera activé.".into()),
                Some(format!("Ce lien ne fonctionne qu'une fois et expire le {expires}.")),
            ]
            .into_iter()
            .flatten()
            .collect(),
            action: Some(("Confirmer mon compte", link)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: "Confirm your new account".into(),
            greeting: format!("Hello {first},"),
            paragraphs: [
                Some("You asked to create your Sésame account with this email address.".to_string()),
                names.differ().then(|| format!(
                    "Your file is in the name of {first} {last}: that is the name your organisation entered and the one that will be used (you typed {} {}). If it is not right, ask them to correct it.",
                    names.typed.0, names.typed.1
                )),
                Some("To confirm it, open the link below. If you did not ask for this, ignore this email: nothing will be activated.".into()),
                Some(format!("This link works once and expires on {expires}.")),
            ]
            .into_iter()
            .flatten()
            .collect(),
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

/// Tells a person the authentication mode a manager set for her: what
/// she will be asked for at her next sign-in.
pub fn authentication_mode_set(
    locale: Locale,
    org_name: &str,
    first_name: &str,
    mode: Option<super::mfa::Method>,
    portal_url: &str,
) -> EmailContent {
    use super::mfa::Method;
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Votre mode d'authentification chez {org_name}"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: match mode {
                Some(method) => vec![
                    format!(
                        "Un gestionnaire de {org_name} demande désormais {} pour vous connecter.",
                        match method {
                            Method::Totp => "une application d'authentification (un code à six chiffres en plus de votre mot de passe)",
                            Method::Sms => "un code reçu par texto (SMS) en plus de votre mot de passe",
                        }
                    ),
                    "À votre prochaine connexion, le portail vous guidera pour la configurer ; cela prend une minute.".into(),
                ],
                None => vec![format!(
                    "Un gestionnaire de {org_name} a retiré le mode d'authentification qu'il vous demandait. La règle de votre organisation s'applique."
                )],
            }
            .into_iter()
            .chain(["Si ce changement vous surprend, communiquez avec votre organisation.".to_string()])
            .collect(),
            action: Some(("Ouvrir le portail", portal_url)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Your sign-in method at {org_name}"),
            greeting: format!("Hello {first_name},"),
            paragraphs: match mode {
                Some(method) => vec![
                    format!(
                        "A manager of {org_name} now asks for {} when you sign in.",
                        match method {
                            Method::Totp => "an authenticator app (a six-digit code on top of your password)",
                            Method::Sms => "a code sent by text message (SMS) on top of your password",
                        }
                    ),
                    "At your next sign-in, the portal will guide you through setting it up; it takes a minute.".into(),
                ],
                None => vec![format!(
                    "A manager of {org_name} removed the sign-in method they asked of you. Your organisation's rule applies."
                )],
            }
            .into_iter()
            .chain(["If this surprises you, contact your organisation.".to_string()])
            .collect(),
            action: Some(("Open the portal", portal_url)),
            footer: footer(locale),
        },
    }
    .render()
}

/// Tells a person a manager reset her two-step verification: her
/// authenticator app and recovery codes no longer work.
pub fn mfa_reset(
    locale: Locale,
    org_name: &str,
    first_name: &str,
    portal_url: &str,
) -> EmailContent {
    match locale {
        Locale::Fr => Layout {
            locale,
            subject: format!("Votre double authentification a été réinitialisée ({org_name})"),
            greeting: format!("Bonjour {first_name},"),
            paragraphs: vec![
                format!("Un gestionnaire de {org_name} a réinitialisé votre double authentification : votre application d'authentification et vos codes de secours ne fonctionnent plus, et vos sessions ouvertes ont été fermées."),
                "À votre prochaine connexion, configurez-la de nouveau si votre organisation la demande.".into(),
                "Si vous n'avez rien demandé, communiquez avec votre organisation.".into(),
            ],
            action: Some(("Ouvrir le portail", portal_url)),
            footer: footer(locale),
        },
        Locale::En => Layout {
            locale,
            subject: format!("Your two-step verification was reset ({org_name})"),
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                format!("A manager of {org_name} reset your two-step verification: your authenticator app and recovery codes no longer work, and your open sessions were ended."),
                "At your next sign-in, set it up again if your organisation asks for it.".into(),
                "If you did not ask for this, contact your organisation.".into(),
            ],
            action: Some(("Open the portal", portal_url)),
            footer: footer(locale),
        },
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCALES: [(Locale, &str); 2] = [(Locale::Fr, "fr"), (Locale::En, "en")];

    fn at() -> jiff::Timestamp {
        "2026-03-08T15:00:00Z".parse().unwrap()
    }

    /// Zoé, an educator with roles at two establishments.
    fn zoe() -> Summary {
        Summary {
            first_name: "Zoé".into(),
            last_name: "Tremblay".into(),
            email: "zoe@exemple.ca".into(),
            function: Some("Éducatrice".into()),
            manager: false,
            establishments: vec![
                (
                    "CPE Les Lutins — Rosemont".into(),
                    vec![Permission::OwnTimesheet, Permission::Leave],
                ),
                (
                    "CPE Les Lutins — Villeray".into(),
                    vec![Permission::RequestReplacements],
                ),
            ],
        }
    }

    /// The subject, the text and the HTML of an email, as a reader sees
    /// them.
    fn shown(email: &EmailContent) -> String {
        format!(
            "subject: {}\n\n{}\n--- html ---\n{}\n",
            email.subject, email.text, email.html
        )
    }

    /// A snapshot case: the email's name and how it reads in a locale.
    type Case = (&'static str, fn(Locale) -> EmailContent);

    /// Every email, in French and in English, as a reader sees it (the
    /// snapshot `<email>_<fr|en>`).
    #[test]
    fn every_email_in_both_languages() {
        let emails: [Case; 13] = [
            ("activated", |locale| {
                let portal = "https://portail.exemple.ca";
                activated(locale, "CPE Les Lutins", &zoe(), portal)
            }),
            ("activated_manager", |locale| {
                let portal = "https://portail.exemple.ca";
                let summary = Summary {
                    manager: true,
                    establishments: Vec::new(),
                    ..zoe()
                };
                activated(locale, "CPE Les Lutins", &summary, portal)
            }),
            ("activated_no_roles", |locale| {
                let portal = "https://portail.exemple.ca";
                let summary = Summary {
                    function: None,
                    establishments: Vec::new(),
                    ..zoe()
                };
                activated(locale, "CPE <Les Lutins>", &summary, portal)
            }),
            ("member_activated", |locale| {
                let link = "https://portail.exemple.ca/#/org/o1/users/u1";
                member_activated(
                    locale,
                    "CPE Les Lutins",
                    "Chloé",
                    &zoe(),
                    (at(), "America/Toronto"),
                    link,
                )
            }),
            ("registration", |locale| {
                let link = "https://portail.exemple.ca/register/confirm#token=abc";
                let names = Names {
                    on_file: ("Zoé", "Tremblay"),
                    typed: ("zoe", "TREMBLAY "),
                };
                registration(locale, link, at(), names)
            }),
            ("registration_other_names", |locale| {
                let link = "https://portail.exemple.ca/register/confirm#token=abc";
                let names = Names {
                    on_file: ("Zoé", "Tremblay"),
                    typed: ("Zoé", "Gagnon"),
                };
                registration(locale, link, at(), names)
            }),
            ("registration_unknown", registration_unknown),
            ("registration_existing", |locale| {
                registration_existing(locale, "https://portail.exemple.ca")
            }),
            ("password_reset", |locale| {
                let link = "https://portail.exemple.ca/reset#token=abc&x=<1>";
                password_reset(locale, link, at())
            }),
            ("mail_key_changed", |locale| {
                mail_key_changed(locale, "CPE <Les Lutins>", "Zoé")
            }),
            ("authentication_mode_totp", |locale| {
                let portal = "https://portail.exemple.ca";
                let totp = Some(super::super::mfa::Method::Totp);
                authentication_mode_set(locale, "CPE Les Lutins", "Zoé", totp, portal)
            }),
            ("authentication_mode_none", |locale| {
                let portal = "https://portail.exemple.ca";
                authentication_mode_set(locale, "CPE Les Lutins", "Zoé", None, portal)
            }),
            ("mfa_reset", |locale| {
                mfa_reset(
                    locale,
                    "CPE Les Lutins",
                    "Zoé",
                    "https://portail.exemple.ca",
                )
            }),
        ];
        for (email, write) in emails {
            for (locale, name) in LOCALES {
                insta::assert_snapshot!(format!("{email}_{name}"), shown(&write(locale)));
            }
        }
    }
}
