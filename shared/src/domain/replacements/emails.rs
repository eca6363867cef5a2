//! The wording of the replacement service's notices, in French and English:
//! each a subject and its lines (the layout — greeting, portal link,
//! footer — is the shared notice's, `domain::emails::notice`). Pure.

use crate::domain::locale::Locale;
use crate::domain::replacements::replacement::{
    Adjustment, Schedule, TimesheetEntry, format_hours, format_time, payable_minutes,
};

/// A notice's subject and lines.
pub type Wording = (String, Vec<String>);

/// A notice in both languages (French, English), for the outbox to pick.
pub fn both(wording: impl Fn(Locale) -> Wording) -> (Wording, Wording) {
    (wording(Locale::Fr), wording(Locale::En))
}

/// The schedule as the notices write it: every day actually worked (the
/// days left out do not appear), then the hours — `lundi 2026-12-07,
/// mardi 2026-12-08 et jeudi 2026-12-10, de 7 h 30 à 16 h` (hours the
/// Quebec way in French).
pub fn when(locale: Locale, schedule: &Schedule) -> String {
    let days: Vec<String> = schedule
        .shifts()
        .iter()
        .map(|s| format!("{} {}", weekday(locale, s.date.weekday()), s.date))
        .collect();
    let days = match days.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => {
            format!("{} {} {last}", rest.join(", "), locale.pick("et", "and"))
        }
        None => String::new(),
    };
    match locale {
        Locale::Fr => format!(
            "{days}, de {} à {}",
            hour_fr(schedule.start_minute),
            hour_fr(schedule.end_minute)
        ),
        Locale::En => format!(
            "{days}, {}–{}",
            format_time(schedule.start_minute),
            format_time(schedule.end_minute)
        ),
    }
}

/// `7 h 30`, `16 h`: an hour of the day as Quebec writes it.
fn hour_fr(minute: u16) -> String {
    match (minute / 60, minute % 60) {
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

fn weekday(locale: Locale, day: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday::*;
    match (locale, day) {
        (Locale::Fr, Monday) => "lundi",
        (Locale::Fr, Tuesday) => "mardi",
        (Locale::Fr, Wednesday) => "mercredi",
        (Locale::Fr, Thursday) => "jeudi",
        (Locale::Fr, Friday) => "vendredi",
        (Locale::Fr, Saturday) => "samedi",
        (Locale::Fr, Sunday) => "dimanche",
        (Locale::En, Monday) => "Monday",
        (Locale::En, Tuesday) => "Tuesday",
        (Locale::En, Wednesday) => "Wednesday",
        (Locale::En, Thursday) => "Thursday",
        (Locale::En, Friday) => "Friday",
        (Locale::En, Saturday) => "Saturday",
        (Locale::En, Sunday) => "Sunday",
    }
}

/// What the worker is told of her assignment: the work, where (the
/// installation's name and address), when, and the client's notes (a door
/// code, who to ask for).
#[derive(Debug, Clone, Copy)]
pub struct Assignment<'a> {
    pub task: &'a str,
    pub function: &'a str,
    pub place: Option<&'a str>,
    pub address: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// Where she goes: the installation's name and address, as known.
fn place_of(a: &Assignment<'_>) -> Option<String> {
    match (a.place, a.address) {
        (Some(p), Some(addr)) => Some(format!("{p}, {addr}")),
        (Some(p), None) => Some(p.to_string()),
        (None, Some(addr)) => Some(addr.to_string()),
        (None, None) => None,
    }
}

/// To the worker a dispatcher assigned.
pub fn worker_assigned(locale: Locale, a: Assignment<'_>, when: &str) -> Wording {
    let (task, function) = (a.task, a.function);
    let place = place_of(&a);
    match locale {
        Locale::Fr => (
            "Nouveau remplacement confirmé".into(),
            [
                Some(format!(
                    "Vous êtes assignée au remplacement « {task} » ({function})."
                )),
                place.map(|p| format!("Où : {p}.")),
                Some(format!("Quand : {when}.")),
                a.notes.map(|n| format!("Notes de l'installation : {n}")),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        Locale::En => (
            "New replacement confirmed".into(),
            [
                Some(format!(
                    "You are assigned to the replacement \"{task}\" ({function})."
                )),
                place.map(|p| format!("Where: {p}.")),
                Some(format!("When: {when}.")),
                a.notes.map(|n| format!("Notes from the installation: {n}")),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
    }
}

/// To the client whose request a worker now fills.
pub fn replacement_filled(
    locale: Locale,
    worker_first_name: &str,
    task: &str,
    when: &str,
) -> Wording {
    match locale {
        Locale::Fr => (
            "Votre remplacement est comblé".into(),
            vec![format!(
                "{worker_first_name} fera le remplacement « {task} » : {when}."
            )],
        ),
        Locale::En => (
            "Your replacement is filled".into(),
            vec![format!(
                "{worker_first_name} will do the replacement \"{task}\": {when}."
            )],
        ),
    }
}

/// To the client: the worker submitted her hours.
pub fn hours_to_approve(locale: Locale, task: &str) -> Wording {
    match locale {
        Locale::Fr => (
            "Heures à approuver".into(),
            vec![format!(
                "Les heures du remplacement « {task} » sont prêtes pour l'approbation."
            )],
        ),
        Locale::En => (
            "Hours to approve".into(),
            vec![format!(
                "The hours of the replacement \"{task}\" are ready for approval."
            )],
        ),
    }
}

/// To the worker: her hours are approved — each shift's payable hours
/// (every adjustment counted), then each adjustment of this approval with
/// its meal and note.
pub fn hours_approved(
    locale: Locale,
    task: &str,
    timesheet: &[TimesheetEntry],
    adjustments: &[Adjustment],
    new: &[Adjustment],
) -> Wording {
    let fr = locale == Locale::Fr;
    let mut lines = vec![if fr {
        format!("Vos heures du remplacement « {task} » sont approuvées :")
    } else {
        format!("Your hours for the replacement \"{task}\" are approved:")
    }];
    for e in timesheet {
        lines.push(format!(
            "{} : {} h",
            e.date,
            format_hours(payable_minutes(e, adjustments))
        ));
    }
    for a in new {
        let (date, note) = (a.date, &a.note);
        let hours = format_hours(a.delta_minutes.into());
        let meal = if a.meal {
            locale.pick("oui", "yes")
        } else {
            locale.pick("non", "no")
        };
        lines.push(if fr {
            format!("Ajustement du {date} : {hours} h, repas : {meal}. Note : {note}")
        } else {
            format!("Adjustment on {date}: {hours} h, meal: {meal}. Note: {note}")
        });
    }
    let subject = locale.pick("Vos heures sont approuvées", "Your hours are approved");
    (subject.into(), lines)
}

/// To the assigned worker: the request is cancelled.
pub fn replacement_cancelled(locale: Locale, task: &str) -> Wording {
    match locale {
        Locale::Fr => (
            "Remplacement annulé".into(),
            vec![format!("Le remplacement « {task} » est annulé.")],
        ),
        Locale::En => (
            "Replacement cancelled".into(),
            vec![format!("The replacement \"{task}\" is cancelled.")],
        ),
    }
}

/// To the client: no worker was found.
pub fn replacement_unfilled(locale: Locale, task: &str) -> Wording {
    match locale {
        Locale::Fr => (
            "Remplacement non comblé".into(),
            vec![format!(
                "Nous n'avons pas trouvé de remplaçante pour « {task} »."
            )],
        ),
        Locale::En => (
            "Replacement unfilled".into(),
            vec![format!("We found no replacement worker for \"{task}\".")],
        ),
    }
}

/// To a worker a request is offered to (issue 21): the work, where, when,
/// the notes, and that the first to accept gets it.
pub fn offer_made(locale: Locale, a: Assignment<'_>, when: &str) -> Wording {
    let (task, function) = (a.task, a.function);
    let place = place_of(&a);
    match locale {
        Locale::Fr => (
            format!("Remplacement offert : {task}"),
            [
                Some(format!(
                    "Un remplacement vous est offert : « {task} » ({function})."
                )),
                place.map(|p| format!("Où : {p}.")),
                Some(format!("Quand : {when}.")),
                a.notes.map(|n| format!("Notes de l'installation : {n}")),
                Some(
                    "La première personne qui accepte l'obtient : répondez dans « Mes offres »."
                        .into(),
                ),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        Locale::En => (
            format!("Replacement offered: {task}"),
            [
                Some(format!(
                    "A replacement is offered to you: \"{task}\" ({function})."
                )),
                place.map(|p| format!("Where: {p}.")),
                Some(format!("When: {when}.")),
                a.notes.map(|n| format!("Notes from the installation: {n}")),
                Some("The first person to accept gets it: answer in \"My offers\".".into()),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
    }
}

/// The offer as a text message, for a worker who chose them: the work,
/// where, when, the notes (shortened past 160 characters) and the portal
/// to answer in.
pub fn offer_text(locale: Locale, a: Assignment<'_>, when: &str, portal_url: &str) -> String {
    let (task, function) = (a.task, a.function);
    let notes = a.notes.map(|n| {
        if n.chars().count() > 160 {
            format!("{}…", n.chars().take(159).collect::<String>())
        } else {
            n.to_string()
        }
    });
    let portal = portal_url.trim_end_matches('/');
    let (offered, place, at, said, answer) = match locale {
        Locale::Fr => (
            format!("Sésame : remplacement offert, « {task} » ({function})."),
            place_of(&a).map(|p| format!("Où : {p}.")),
            format!("Quand : {when}."),
            notes.map(|n| format!("Notes : {n}")),
            format!("La première qui accepte l'obtient : {portal}/"),
        ),
        Locale::En => (
            format!("Sésame: replacement offered, \"{task}\" ({function})."),
            place_of(&a).map(|p| format!("Where: {p}.")),
            format!("When: {when}."),
            notes.map(|n| format!("Notes: {n}")),
            format!("The first to accept gets it: {portal}/"),
        ),
    };
    [Some(offered), place, Some(at), said, Some(answer)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// To the dispatcher who offered a request nobody took after both waves:
/// how many were offered, what to do now.
pub fn offer_unanswered(locale: Locale, a: Assignment<'_>, when: &str, offered: usize) -> Wording {
    let task = a.task;
    let place = place_of(&a);
    match locale {
        Locale::Fr => (
            format!("Personne n'a pris le remplacement : {task}"),
            [
                Some(format!(
                    "Le remplacement « {task} » a été offert à {offered} remplaçante(s) en deux vagues ; aucune ne l'a accepté."
                )),
                place.map(|p| format!("Où : {p}.")),
                Some(format!("Quand : {when}.")),
                Some("Assignez une remplaçante vous-même, ou marquez la demande non comblée, dans « Répartition ».".into()),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        Locale::En => (
            format!("Nobody took the replacement: {task}"),
            [
                Some(format!(
                    "The replacement \"{task}\" was offered to {offered} worker(s) in two waves; none accepted it."
                )),
                place.map(|p| format!("Where: {p}.")),
                Some(format!("When: {when}.")),
                Some("Assign a worker yourself, or mark the request unfilled, in \"Dispatch\".".into()),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
    }
}

/// To a worker whose open offer closed: someone else took the request.
pub fn offer_closed(locale: Locale, task: &str) -> Wording {
    match locale {
        Locale::Fr => (
            format!("Remplacement déjà pris : {task}"),
            vec![format!(
                "Le remplacement « {task} » qui vous était offert a été pris par une autre personne. Merci de votre disponibilité."
            )],
        ),
        Locale::En => (
            format!("Replacement already taken: {task}"),
            vec![format!(
                "The replacement \"{task}\" offered to you was taken by someone else. Thank you for being available."
            )],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use insta::assert_snapshot;

    /// The notice as the person reads it: subject, then the text.
    fn shown(locale: Locale, (subject, lines): Wording) -> String {
        let email =
            crate::domain::emails::notice(locale, subject, "Zoé", lines, "https://portail.example");
        format!("Subject: {}\n\n{}", email.subject, email.text)
    }

    /// 7–11 December 2026 but the 9th, 07:30–16:00.
    fn schedule() -> Schedule {
        Schedule {
            start_date: jiff::civil::date(2026, 12, 7),
            end_date: jiff::civil::date(2026, 12, 11),
            start_minute: 7 * 60 + 30,
            end_minute: 16 * 60,
            unpaid_break_minutes: 30,
            skipped_days: vec![jiff::civil::date(2026, 12, 9)],
        }
    }

    fn assigned(locale: Locale) -> String {
        let when = when(locale, &schedule());
        let assignment = Assignment {
            task: "Groupe des Lutins",
            function: "Éducatrice",
            place: Some("CPE Les Lutins — Rosemont"),
            address: Some("1200, rue Beaubien Est, Montréal"),
            notes: Some("Code de la porte : 4521. Demandez Julie à l'accueil."),
        };
        shown(locale, worker_assigned(locale, assignment, &when))
    }

    #[test]
    fn the_assignment_names_the_days_worked_only() {
        let text = when(Locale::Fr, &schedule());
        assert_eq!(
            text,
            "lundi 2026-12-07, mardi 2026-12-08, jeudi 2026-12-10 et vendredi 2026-12-11, de 7 h 30 à 16 h"
        );
        assert!(!text.contains("2026-12-09"));
        assert!(when(Locale::En, &schedule()).starts_with("Monday 2026-12-07, Tuesday"));
    }

    #[test]
    fn the_worker_is_told_where_to_go_and_the_clients_notes() {
        let text = assigned(Locale::Fr);
        assert!(text.contains("Où : CPE Les Lutins — Rosemont, 1200, rue Beaubien Est, Montréal."));
        assert!(text.contains("Code de la porte : 4521"));
        let text = assigned(Locale::En);
        assert!(text.contains("Where: CPE Les Lutins — Rosemont"));
    }

    fn filled(locale: Locale) -> String {
        let when = when(locale, &schedule());
        shown(
            locale,
            replacement_filled(locale, "Léa", "Groupe des Lutins", &when),
        )
    }

    fn approved(locale: Locale) -> String {
        let day = |d: &str| d.parse::<jiff::civil::Date>().unwrap();
        let entry = |date: &str| TimesheetEntry {
            date: day(date),
            start_minute: 450,
            end_minute: 960,
            break_minutes: 30,
            meal_taken: true,
        };
        let timesheet = [entry("2026-12-07"), entry("2026-12-08")];
        let adjustment = Adjustment {
            date: day("2026-12-08"),
            delta_minutes: -60,
            meal: false,
            note: "Départ hâtif".into(),
            by: "client".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        };
        let all = [adjustment.clone()];
        shown(
            locale,
            hours_approved(locale, "Groupe des Lutins", &timesheet, &all, &all),
        )
    }

    /// A snapshot case: the notice's name and how it reads in a locale.
    type Case = (&'static str, fn(Locale) -> String);

    /// Every notice, in French and in English, as the person reads it (the
    /// snapshot `<notice>_<fr|en>`).
    #[test]
    fn every_notice_in_both_languages() {
        let notices: [Case; 6] = [
            ("worker_assigned", assigned),
            ("replacement_filled", filled),
            ("hours_to_approve", |locale| {
                shown(locale, hours_to_approve(locale, "Groupe des Lutins"))
            }),
            ("hours_approved", approved),
            ("replacement_cancelled", |locale| {
                shown(locale, replacement_cancelled(locale, "Groupe des Lutins"))
            }),
            ("replacement_unfilled", |locale| {
                shown(locale, replacement_unfilled(locale, "Groupe des Lutins"))
            }),
        ];
        for (notice, read) in notices {
            for locale in [Locale::Fr, Locale::En] {
                let name = format!("{notice}_{}", locale.pick("fr", "en"));
                assert_snapshot!(name, read(locale));
            }
        }
    }

    #[test]
    fn both_gives_french_then_english() {
        let (fr, en) = both(|l| hours_to_approve(l, "x"));
        assert_eq!(fr.0, "Heures à approuver");
        assert_eq!(en.0, "Hours to approve");
    }

    #[test]
    fn an_offer_says_where_when_and_that_the_first_to_accept_gets_it() {
        let a = Assignment {
            task: "Groupe des Lucioles",
            function: "Éducatrice",
            place: Some("Installation Rosemont"),
            address: Some("1234, rue Beaubien Est"),
            notes: Some("Porte arrière"),
        };
        let (subject, lines) = offer_made(Locale::Fr, a, "lundi 2026-12-07, de 7 h 30 à 16 h");
        assert_eq!(subject, "Remplacement offert : Groupe des Lucioles");
        let text = lines.join("\n");
        assert!(text.contains("Où : Installation Rosemont, 1234, rue Beaubien Est."));
        assert!(text.contains("Quand : lundi 2026-12-07"));
        assert!(text.contains("Porte arrière"));
        assert!(text.contains("La première personne qui accepte l'obtient"));
        let (subject, lines) = offer_closed(Locale::En, "Groupe des Lucioles");
        assert_eq!(subject, "Replacement already taken: Groupe des Lucioles");
        assert!(lines[0].contains("taken by someone else"));
    }

    #[test]
    fn an_offer_by_text_says_where_when_the_notes_shortened_and_the_portal() {
        let long = "x".repeat(400);
        let a = Assignment {
            task: "Groupe des Lucioles",
            function: "Éducatrice",
            place: Some("Installation Rosemont"),
            address: Some("1234, rue Beaubien Est"),
            notes: Some(&long),
        };
        let text = offer_text(
            Locale::Fr,
            a,
            "lundi 2026-12-07, de 7 h 30 à 16 h",
            "https://portail.exemple.ca/",
        );
        assert!(text.starts_with("Sésame : remplacement offert, « Groupe des Lucioles »"));
        assert!(text.contains("Où : Installation Rosemont, 1234, rue Beaubien Est."));
        assert!(text.contains("Quand : lundi 2026-12-07, de 7 h 30 à 16 h."));
        assert!(text.contains(&format!("Notes : {}…", "x".repeat(159))));
        assert!(!text.contains(&"x".repeat(161)));
        assert!(text.ends_with("l'obtient : https://portail.exemple.ca/"));
        let en = offer_text(Locale::En, a, "Monday", "https://p.ca");
        assert!(
            en.contains("Where: Installation Rosemont") && en.ends_with("gets it: https://p.ca/")
        );
    }
}
