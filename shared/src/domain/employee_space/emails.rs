//! The employee space's emails, in French and English: the link that
//! verifies a new login email, and the notices (subject and lines) of
//! decisions, bank details and shared documents. Pure: the operation
//! passes the names, values and links in.

use crate::domain::emails::{EmailContent, Layout, footer, when_in};
use crate::domain::employee_space::employee::{Money, RequestKind};
use crate::domain::locale::Locale;
use crate::domain::replacements::replacement::format_hours;

/// The link that verifies a new login email (sent to the new address).
pub fn email_change(
    locale: Locale,
    first_name: &str,
    link: &str,
    expires_at: jiff::Timestamp,
    time_zone: &str,
) -> EmailContent {
    let expires = when_in(locale, expires_at, time_zone);
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

/// What a decided request asked for (its summary in the notice).
#[derive(Debug, Clone, Copy)]
pub enum Requested<'a> {
    Leave {
        start_date: jiff::civil::Date,
        end_date: jiff::civil::Date,
        half_days: u32,
    },
    Expense {
        date: jiff::civil::Date,
        category: &'a str,
        amount: &'a Money,
    },
    Advance {
        amount: &'a Money,
    },
}

impl Requested<'_> {
    pub fn kind(&self) -> RequestKind {
        match self {
            Requested::Leave { .. } => RequestKind::Leave,
            Requested::Expense { .. } => RequestKind::Expense,
            Requested::Advance { .. } => RequestKind::Advance,
        }
    }

    fn summary(&self, fr: bool) -> String {
        match *self {
            Requested::Leave {
                start_date,
                end_date,
                half_days,
            } => {
                if fr {
                    format!("du {start_date} au {end_date} ({half_days} demi-journée(s))")
                } else {
                    format!("from {start_date} to {end_date} ({half_days} half day(s))")
                }
            }
            Requested::Expense {
                date,
                category,
                amount,
            } => format!("{date}, {category}, {}", amount.format(fr)),
            Requested::Advance { amount } => amount.format(fr),
        }
    }
}

fn kind_words(kind: RequestKind, fr: bool) -> &'static str {
    match (kind, fr) {
        (RequestKind::Leave, true) => "demande d'absence",
        (RequestKind::Leave, false) => "absence request",
        (RequestKind::Expense, true) => "note de frais",
        (RequestKind::Expense, false) => "expense note",
        (RequestKind::Advance, true) => "demande d'acompte",
        (RequestKind::Advance, false) => "advance request",
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn comment_line(locale: Locale, comment: &str) -> String {
    match locale {
        Locale::Fr => format!("Commentaire : {comment}"),
        Locale::En => format!("Comment: {comment}"),
    }
}

/// The notice that a leave request, expense note or advance request was
/// approved or refused (with the decider's comment, if any).
pub fn request_decided(
    locale: Locale,
    requested: &Requested<'_>,
    approved: bool,
    comment: Option<&str>,
) -> (String, Vec<String>) {
    let fr = locale == Locale::Fr;
    let kind = requested.kind();
    let what = kind_words(kind, fr);
    let summary = requested.summary(fr);
    let subject = match (approved, fr) {
        (true, true) => format!("{} acceptée", capitalised(what)),
        (true, false) => format!("{} approved", capitalised(what)),
        (false, true) => format!("{} refusée", capitalised(what)),
        (false, false) => format!("{} refused", capitalised(what)),
    };
    let mut lines = vec![match (approved, fr) {
        (true, true) => format!("Votre {what} ({summary}) est acceptée."),
        (false, true) => format!("Votre {what} ({summary}) est refusée."),
        (true, false) => format!("Your {what} ({summary}) is approved."),
        (false, false) => format!("Your {what} ({summary}) is refused."),
    }];
    if let Some(c) = comment {
        lines.push(comment_line(locale, c));
    }
    (subject, lines)
}

/// The notice that a week of hours was approved (with what each bank of
/// hours received: bank name, minutes) or refused.
pub fn week_decided(
    locale: Locale,
    monday: jiff::civil::Date,
    total_minutes: i64,
    approved: bool,
    credited: &[(&str, i64)],
    comment: Option<&str>,
) -> (String, Vec<String>) {
    let fr = locale == Locale::Fr;
    let subject = match (approved, fr) {
        (true, true) => "Heures approuvées",
        (false, true) => "Heures refusées",
        (true, false) => "Hours approved",
        (false, false) => "Hours refused",
    };
    let mut lines = vec![match (approved, fr) {
        (true, true) => format!(
            "Vos heures de la semaine du {monday} ({} h) sont approuvées.",
            format_hours(total_minutes)
        ),
        (false, true) => format!(
            "Vos heures de la semaine du {monday} sont refusées : corrigez-les et soumettez-les de nouveau."
        ),
        (true, false) => format!(
            "Your hours for the week of {monday} ({} h) are approved.",
            format_hours(total_minutes)
        ),
        (false, false) => format!(
            "Your hours for the week of {monday} are refused: correct them and submit again."
        ),
    }];
    for (name, minutes) in credited {
        lines.push(if fr {
            format!("Banque « {name} » : {} h ajoutées.", format_hours(*minutes))
        } else {
            format!("Bank \"{name}\": {} h added.", format_hours(*minutes))
        });
    }
    if let Some(c) = comment {
        lines.push(comment_line(locale, c));
    }
    (subject.to_string(), lines)
}

/// The notice to the employee that her bank details changed (masked).
pub fn bank_details_changed(locale: Locale, masked: &str) -> (String, Vec<String>) {
    match locale {
        Locale::Fr => (
            "Vos coordonnées bancaires ont changé".into(),
            vec![format!(
                "Vos coordonnées bancaires sont maintenant : {masked}. Si ce n'est pas vous, communiquez tout de suite avec votre gestionnaire."
            )],
        ),
        Locale::En => (
            "Your bank details changed".into(),
            vec![format!(
                "Your bank details are now: {masked}. If this was not you, contact your manager at once."
            )],
        ),
    }
}

/// The notice to the one recipient of a shared document.
pub fn document_shared(locale: Locale, title: &str) -> (String, Vec<String>) {
    match locale {
        Locale::Fr => (
            "Un document vous est partagé".into(),
            vec![format!(
                "Le document « {title} » est disponible dans votre espace collaborateur."
            )],
        ),
        Locale::En => (
            "A document was shared with you".into(),
            vec![format!(
                "The document \"{title}\" is available in your employee space."
            )],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCALES: [Locale; 2] = [Locale::Fr, Locale::En];

    fn name(locale: Locale) -> &'static str {
        locale.pick("fr", "en")
    }

    /// A notice as the employee receives it (the shared layout), subject
    /// and text.
    fn received(locale: Locale, (subject, lines): (String, Vec<String>)) -> String {
        let content =
            crate::domain::emails::notice(locale, subject, "Zoé", lines, "https://portal.example");
        format!("{}\n\n{}", content.subject, content.text)
    }

    fn date(raw: &str) -> jiff::civil::Date {
        raw.parse().unwrap()
    }

    fn cad(cents: i64) -> Money {
        Money {
            amount_cents: cents,
            currency: "CAD".into(),
        }
    }

    /// The email-change link as received: subject, text and HTML.
    fn email_change_received(locale: Locale) -> String {
        let at: jiff::Timestamp = "2026-03-08T15:00:00Z".parse().unwrap();
        let link = "https://portal.example/confirm-email#token=t";
        let email = email_change(locale, "Zoé", link, at, "America/Toronto");
        format!("{}\n\n{}\n\n{}", email.subject, email.text, email.html)
    }

    /// A snapshot case: the email's name and how it reads in a locale.
    type Case = (&'static str, fn(Locale) -> String);

    /// Every email and notice, in French and in English, as received (the
    /// snapshot `<email>_<fr|en>`).
    #[test]
    fn every_email_in_both_languages() {
        let emails: [Case; 8] = [
            ("email_change", email_change_received),
            ("leave_approved", |locale| {
                let requested = Requested::Leave {
                    start_date: date("2026-07-06"),
                    end_date: date("2026-07-10"),
                    half_days: 10,
                };
                received(locale, request_decided(locale, &requested, true, None))
            }),
            ("expense_refused", |locale| {
                let amount = cad(4250);
                let requested = Requested::Expense {
                    date: date("2026-05-04"),
                    category: "meals",
                    amount: &amount,
                };
                let comment = Some("Reçu illisible");
                received(locale, request_decided(locale, &requested, false, comment))
            }),
            ("advance_approved", |locale| {
                let amount = cad(50000);
                let requested = Requested::Advance { amount: &amount };
                let comment = Some("Bon courage");
                received(locale, request_decided(locale, &requested, true, comment))
            }),
            ("week_approved", |locale| {
                let extras = [("Heures supplémentaires", 150)];
                let week = week_decided(locale, date("2026-03-02"), 2550, true, &extras, None);
                received(locale, week)
            }),
            ("week_refused", |locale| {
                let comment = Some("Mardi manquant");
                let week = week_decided(locale, date("2026-03-02"), 2550, false, &[], comment);
                received(locale, week)
            }),
            ("bank_details_changed", |locale| {
                received(locale, bank_details_changed(locale, "DE89 •••• 3000"))
            }),
            ("document_shared", |locale| {
                received(locale, document_shared(locale, "Contrat 2026"))
            }),
        ];
        for (email, write) in emails {
            for locale in LOCALES {
                insta::assert_snapshot!(format!("{email}_{}", name(locale)), write(locale));
            }
        }
    }
}
