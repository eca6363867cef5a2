//! Replacement workers' profiles, availability and matching (issue 21), on
//! the in-memory ports: the service keeps a worker's profile, she enters
//! her availability without touching what the service keeps, and a
//! dispatcher sees whom a request matches and why the others are not
//! offered it — each criterion excluding a worker who fails it.

use crate::common::{request_form, schedule};
use serde_json::{Value, json};
use sesame::domain::people::permission::{Permission, RolePreset};
use sesame::operations::replacements::{
    answer_offer, assign_worker, get_worker_profile, list_my_offers, my_worker_profile,
    offer_replacement, replacement_matches, set_my_availability, set_worker_profile,
    submit_replacement,
};
use sesame_tests::ops::{Ops, assert_refused, id_of};
use sesame_tests::seed::DEMO_ESTABLISHMENTS;

const ROSEMONT: &str = DEMO_ESTABLISHMENTS[0].0;
const VILLERAY: &str = DEMO_ESTABLISHMENTS[1].0;

fn body(outcome: &sesame::operations::Outcome) -> Value {
    match outcome {
        Ok(o) => o.body.clone(),
        Err(e) => panic!("refused: {e:?}"),
    }
}

/// Weekdays 7:00–17:00.
fn weekdays() -> Value {
    let day = json!([{"start": "07:00", "end": "17:00"}]);
    json!({"monday": day, "tuesday": day, "wednesday": day, "thursday": day, "friday": day})
}

/// What the service keeps of a qualified educator for infants.
fn educator(version: u64) -> Value {
    json!({
        "functions": ["Éducatrice qualifiée"],
        "age_groups": ["Poupons (0-18 mois)"],
        "qualified": true,
        "max_weekly_minutes": 2400,
        "week": weekdays(),
        "version": version
    })
}

async fn worker(ops: &Ops, email: &str) -> (String, String) {
    ops.person(email, RolePreset::ReplacementWorker.permissions())
        .await
}

async fn save(ops: &Ops, id: &str, profile: Value) -> sesame::operations::Outcome {
    ops.as_manager(&set_worker_profile::SPEC, &[("user_id", id)], Some(profile))
        .await
}

/// A request by a client at Rosemont on 7 and 8 December, 7:30–16:00.
async fn request(ops: &Ops) -> String {
    request_by(ops, &format!("client.{}@exemple.ca", ops.ctx().new_id())).await
}

async fn request_by(ops: &Ops, email: &str) -> String {
    let client = ops.member(email, RolePreset::Client.permissions()).await;
    let mut form = request_form();
    form["schedule"] = schedule("2026-12-07", "2026-12-08");
    id_of(
        &ops.run(&submit_replacement::SPEC, Some(&client), &[], Some(form))
            .await,
    )
}

async fn matches(ops: &Ops, id: &str) -> Value {
    body(
        &ops.as_manager(&replacement_matches::SPEC, &[("replacement_id", id)], None)
            .await,
    )
}

fn reasons_of(m: &Value, worker: &str) -> Vec<String> {
    let all = m["matching"]
        .as_array()
        .unwrap()
        .iter()
        .chain(m["not_matching"].as_array().unwrap());
    all.into_iter()
        .find(|v| v["worker_id"] == worker)
        .unwrap_or_else(|| panic!("{worker} not listed: {m}"))["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_service_keeps_a_profile_checked_against_its_lists_under_its_version() {
    let ops = Ops::demo().await;
    let (_, wendy) = worker(&ops, "wendy.profil@exemple.ca").await;
    // Never saved: empty, version 0, with the service's lists to choose from.
    let empty = body(
        &ops.as_manager(&get_worker_profile::SPEC, &[("user_id", &wendy)], None)
            .await,
    );
    assert_eq!(empty["version"], 0);
    assert_eq!(empty["functions"], json!([]));
    assert!(
        empty["choices"]["functions"]
            .as_array()
            .unwrap()
            .contains(&json!("Éducatrice qualifiée"))
    );
    assert_eq!(
        empty["choices"]["installations"].as_array().unwrap().len(),
        2
    );

    // Unknown function, age group, installation, a bad span: every one
    // named, nothing saved.
    let mut bad = educator(0);
    bad["functions"] = json!(["Astronaute"]);
    bad["age_groups"] = json!(["Adolescents"]);
    bad["refused_by"] = json!(["019a0000-0000-7000-8000-0000000000ee"]);
    bad["week"] = json!({"monday": [{"start": "17:00", "end": "07:00"}]});
    bad["max_weekly_minutes"] = json!(0);
    let refused = save(&ops, &wendy, bad).await;
    assert_refused(&refused, 422, "validation");
    let fields: Vec<String> = match &refused {
        Err(sesame::operations::OpError::Validation(v)) => {
            v.0.iter().map(|e| e.field.clone()).collect()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        fields,
        [
            "functions[0]",
            "age_groups[0]",
            "refused_by[0]",
            "max_weekly_minutes",
            "week.monday[0].end"
        ]
    );
    let still = body(
        &ops.as_manager(&get_worker_profile::SPEC, &[("user_id", &wendy)], None)
            .await,
    );
    assert_eq!(still["version"], 0);

    // Saved; then a save from the version shown before is refused.
    let mut good = educator(0);
    good["refused_by"] = json!([VILLERAY]);
    let saved = body(&save(&ops, &wendy, good.clone()).await);
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["refused_by"], json!([VILLERAY]));
    assert_eq!(saved["week"]["monday"][0]["start"], "07:00");
    assert_refused(&save(&ops, &wendy, good).await, 409, "version-conflict");

    // Someone who is no worker has no profile: 404.
    let client = ops
        .person(
            "cliente.profil@exemple.ca",
            RolePreset::Client.permissions(),
        )
        .await
        .1;
    assert_refused(
        &ops.as_manager(&get_worker_profile::SPEC, &[("user_id", &client)], None)
            .await,
        404,
        "not-found",
    );
    // A worker may not read another's, nor save one.
    let (other, _) = worker(&ops, "autre.profil@exemple.ca").await;
    assert_refused(
        &ops.run(
            &get_worker_profile::SPEC,
            Some(&other),
            &[("user_id", &wendy)],
            None,
        )
        .await,
        403,
        "forbidden",
    );
    assert_refused(
        &ops.run(
            &set_worker_profile::SPEC,
            Some(&other),
            &[("user_id", &wendy)],
            Some(educator(1)),
        )
        .await,
        403,
        "forbidden",
    );
}

#[tokio::test]
async fn a_worker_enters_her_availability_and_keeps_what_the_service_decides() {
    let ops = Ops::demo().await;
    let (sub, wendy) = worker(&ops, "wendy.dispo@exemple.ca").await;
    let mut kept = educator(0);
    kept["refused_by"] = json!([VILLERAY]);
    body(&save(&ops, &wendy, kept).await);
    let mine = body(
        &ops.run(&my_worker_profile::SPEC, Some(&sub), &[], None)
            .await,
    );
    assert_eq!(mine["version"], 1);
    // The installations that refuse her are not shown to her.
    assert_eq!(mine["refused_by"], Value::Null);
    let saved = body(
        &ops.run(
            &set_my_availability::SPEC,
            Some(&sub),
            &[],
            Some(json!({
                "week": {"tuesday": [{"start": "06:30", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]},
                "exceptions": [{"date": "2026-12-24"}, {"date": "2026-12-27", "spans": [{"start": "08:00", "end": "12:00"}]}],
                "preferred": [ROSEMONT],
                "max_weekly_minutes": 1800,
                "version": 1
            })),
        )
        .await,
    );
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["week"]["tuesday"].as_array().unwrap().len(), 2);
    assert_eq!(saved["week"]["monday"], json!([]));
    assert_eq!(saved["exceptions"][0]["date"], "2026-12-24");
    assert_eq!(saved["exceptions"][0]["spans"], json!([]));
    assert_eq!(saved["preferred"], json!([ROSEMONT]));
    // What the service keeps stands.
    let service = body(
        &ops.as_manager(&get_worker_profile::SPEC, &[("user_id", &wendy)], None)
            .await,
    );
    assert_eq!(service["functions"], json!(["Éducatrice qualifiée"]));
    assert_eq!(service["qualified"], true);
    assert_eq!(service["refused_by"], json!([VILLERAY]));
    assert_eq!(service["max_weekly_minutes"], 1800);
    // She cannot name what she has no say on.
    let sneaky = ops
        .run(
            &set_my_availability::SPEC,
            Some(&sub),
            &[],
            Some(json!({"functions": ["Cuisinière"], "version": 2})),
        )
        .await;
    assert_refused(&sneaky, 400, "invalid-body");
    // An installation both preferred and refused: said, nothing saved.
    assert_refused(
        &ops.run(
            &set_my_availability::SPEC,
            Some(&sub),
            &[],
            Some(json!({"preferred": [ROSEMONT], "refused": [ROSEMONT], "version": 2})),
        )
        .await,
        422,
        "validation",
    );
    // The same exception date twice is one mistake, said; nothing saved.
    let twice = ops
        .run(
            &set_my_availability::SPEC,
            Some(&sub),
            &[],
            Some(json!({"exceptions": [{"date": "2026-12-24"}, {"date": "2026-12-24"}], "version": 2})),
        )
        .await;
    assert_refused(&twice, 422, "validation");
    let again = body(
        &ops.run(&my_worker_profile::SPEC, Some(&sub), &[], None)
            .await,
    );
    assert_eq!(again["version"], 2);
    // A stale version: 409, nothing saved.
    assert_refused(
        &ops.run(
            &set_my_availability::SPEC,
            Some(&sub),
            &[],
            Some(json!({"version": 1})),
        )
        .await,
        409,
        "version-conflict",
    );
    // A client (no timesheet permission) has no availability to set.
    let client = ops
        .member("cliente.dispo@exemple.ca", RolePreset::Client.permissions())
        .await;
    assert_refused(
        &ops.run(
            &set_my_availability::SPEC,
            Some(&client),
            &[],
            Some(json!({"version": 0})),
        )
        .await,
        403,
        "forbidden",
    );
}

#[tokio::test]
async fn the_dispatcher_sees_whom_a_request_matches_and_why_the_others_are_not_offered_it() {
    the_dispatcher_sees_whom_a_request_matches_and_why_the_others_are_not_offered_it_on(
        Ops::demo().await,
    )
    .await;
}

#[tokio::test]
async fn the_dispatcher_sees_whom_a_request_matches_and_why_the_others_are_not_offered_it_on_the_emulator()
 {
    the_dispatcher_sees_whom_a_request_matches_and_why_the_others_are_not_offered_it_on(
        Ops::demo_on(crate::common::emulator_store().await).await,
    )
    .await;
}

async fn the_dispatcher_sees_whom_a_request_matches_and_why_the_others_are_not_offered_it_on(
    ops: Ops,
) {
    let id = request(&ops).await;
    // A match who prefers Rosemont, a match who does not, and one worker
    // per criterion she fails.
    let mut cases: Vec<(String, Value, &str)> = Vec::new();
    let mut preferring = educator(0);
    preferring["preferred"] = json!([ROSEMONT]);
    cases.push(("prefere".into(), preferring, ""));
    cases.push(("simple".into(), educator(0), ""));
    let mut p = educator(0);
    p["functions"] = json!(["Cuisinière"]);
    cases.push(("fonction".into(), p, "function"));
    let mut p = educator(0);
    p["age_groups"] = json!(["Scolaire"]);
    cases.push(("age".into(), p, "age_group"));
    let mut p = educator(0);
    p["qualified"] = json!(false);
    cases.push(("qualif".into(), p, "qualification"));
    let mut p = educator(0);
    p["refused"] = json!([ROSEMONT]);
    cases.push(("refuse".into(), p, "refuses_installation"));
    let mut p = educator(0);
    p["refused_by"] = json!([ROSEMONT]);
    cases.push(("refusee".into(), p, "refused_by_installation"));
    let mut p = educator(0);
    p["exceptions"] = json!([{"date": "2026-12-08"}]);
    cases.push(("conge".into(), p, "unavailable"));
    let mut p = educator(0);
    p["week"] = json!({"monday": [{"start": "08:00", "end": "17:00"}], "tuesday": [{"start": "07:00", "end": "17:00"}]});
    cases.push(("tard".into(), p, "unavailable"));
    let mut p = educator(0);
    p["max_weekly_minutes"] = json!(600);
    cases.push(("plafond".into(), p, "weekly_maximum"));
    let mut ids = Vec::new();
    for (name, profile, _) in &cases {
        let (_, w) = worker(&ops, &format!("{name}@exemple.ca")).await;
        body(&save(&ops, &w, profile.clone()).await);
        ids.push(w);
    }
    let (_, blank) = worker(&ops, "sansprofil@exemple.ca").await;
    let m = matches(&ops, &id).await;
    let matching: Vec<&str> = m["matching"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["worker_id"].as_str().unwrap())
        .collect();
    // The one preferring Rosemont first: the first wave.
    assert_eq!(matching, [ids[0].as_str(), ids[1].as_str()], "{m}");
    assert_eq!(m["matching"][0]["prefers"], true);
    for ((name, _, reason), w) in cases.iter().zip(&ids).skip(2) {
        assert_eq!(reasons_of(&m, w), [reason.to_string()], "{name}");
    }
    assert_eq!(reasons_of(&m, &blank), ["no_profile"]);

    // Booked on overlapping hours: the match assigned elsewhere is no
    // longer offered this one.
    let other = request(&ops).await;
    let assigned = ops
        .as_manager(
            &assign_worker::SPEC,
            &[("replacement_id", &other)],
            Some(json!({"worker_id": ids[1]})),
        )
        .await;
    assert!(assigned.is_ok(), "{assigned:?}");
    let m = matches(&ops, &id).await;
    assert_eq!(reasons_of(&m, &ids[1]), ["booked", "booked"]);
    // Only a dispatcher sees this.
    let (sub, _) = worker(&ops, "curieuse@exemple.ca").await;
    assert_refused(
        &ops.run(
            &replacement_matches::SPEC,
            Some(&sub),
            &[("replacement_id", &id)],
            None,
        )
        .await,
        403,
        "forbidden",
    );
}

#[tokio::test]
async fn a_worker_who_loses_the_timesheet_permission_is_no_longer_matched() {
    let ops = Ops::demo().await;
    let id = request(&ops).await;
    let (_, w) = worker(&ops, "ancienne@exemple.ca").await;
    body(&save(&ops, &w, educator(0)).await);
    assert_eq!(
        matches(&ops, &id).await["matching"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Her roles now only those of a client.
    let member = ops
        .ctx()
        .store
        .get(&sesame::layout::keys::membership(ops.org(), &w))
        .await
        .unwrap()
        .unwrap();
    let mut m: sesame::domain::people::membership::Membership =
        sesame::layout::records::from_item(member).unwrap();
    m.grants = sesame_tests::ops::grants(ROSEMONT, &[Permission::RequestReplacements]);
    ops.ctx()
        .store
        .transact(vec![sesame::ports::Write::Put {
            item: sesame::layout::records::to_item(&m),
            condition: None,
        }])
        .await
        .unwrap();
    let after = matches(&ops, &id).await;
    assert_eq!(after["matching"], json!([]));
    assert!(
        !after["not_matching"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["worker_id"] == w)
    );
}

/// Through the API on the emulator: the service saves a worker's profile,
/// she enters her availability on her phone, and the dispatcher sees her
/// offered a request she can take and not one on her day off.
#[tokio::test]
async fn on_the_emulator_a_worker_s_availability_decides_what_she_is_offered() {
    use crate::common::{activated, call, local, sign_in};
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (wendy, hers) = activated(&run, &manager, "replacement_worker", "Wendy").await;
    let profile_url = format!("{base}/orgs/{org}/workers/{wendy}/profile");
    let mut kept = educator(0);
    kept.as_object_mut().unwrap().remove("week");
    let saved = call("PUT", &profile_url, Some(&manager), Some(kept)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    // Her week, typed on her phone: weekdays, and the 8th off.
    let mine = call(
        "PUT",
        &format!("{base}/orgs/{org}/me/availability"),
        Some(&hers),
        Some(json!({"week": weekdays(), "exceptions": [{"date": "2026-12-08"}], "version": 1})),
    )
    .await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let mut ids = Vec::new();
    for day in ["2026-12-07", "2026-12-08"] {
        ids.push(crate::common::requested(&run, &manager, day, day).await);
    }
    let of = |id: &str| format!("{base}/orgs/{org}/replacements/{id}/matches");
    let monday = call("GET", &of(&ids[0]), Some(&manager), None).await.json();
    assert!(
        monday["matching"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["worker_id"] == wendy.as_str()),
        "{monday}"
    );
    let tuesday = call("GET", &of(&ids[1]), Some(&manager), None).await.json();
    assert_eq!(reasons_of(&tuesday, &wendy), ["unavailable"]);
    // She does not see who else is offered what.
    assert_eq!(
        call("GET", &of(&ids[0]), Some(&hers), None).await.status,
        403
    );
}

/// A mobile number no other test of this run texts: (as typed, E.164).
fn fresh_mobile() -> (String, String) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let n = (std::process::id() * 10 + N.fetch_add(1, Ordering::SeqCst)) % 10_000_000;
    let typed = format!("438 {:03}-{:04}", n / 10_000, n % 10_000);
    let e164 = format!("+1438{:03}{:04}", n / 10_000, n % 10_000);
    (typed, e164)
}

#[tokio::test]
async fn on_the_emulator_a_worker_who_chose_texts_gets_her_offers_by_sms_too() {
    use crate::common::{activated_from, call, local, person_form, sign_in};
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let worker = |first: &str, phone: &str| {
        let mut form = person_form("replacement_worker", first);
        form["phone"] = json!(phone);
        form
    };
    let (tina_phone, tina_mobile) = fresh_mobile();
    let (eve_phone, eve_mobile) = fresh_mobile();
    let (tina, hers) = activated_from(&run, &manager, worker("Tina", &tina_phone)).await;
    let (eve, _) = activated_from(&run, &manager, worker("Eve", &eve_phone)).await;
    let (desk, desks) =
        activated_from(&run, &manager, worker("Poste", "514 555-0142 poste 12")).await;
    for id in [&tina, &eve, &desk] {
        let saved = call(
            "PUT",
            &format!("{base}/orgs/{org}/workers/{id}/profile"),
            Some(&manager),
            Some(educator(0)),
        )
        .await;
        assert_eq!(saved.status, 200, "{}", saved.body);
    }
    let mine = format!("{base}/orgs/{org}/me/availability");
    let choose = json!({"week": weekdays(), "sms_offers": true, "version": 1});
    let chosen = call("PUT", &mine, Some(&hers), Some(choose.clone())).await;
    assert_eq!(chosen.status, 200, "{}", chosen.body);
    assert_eq!(chosen.json()["sms_offers"], true);
    assert_eq!(chosen.json()["sms_phone"], tina_mobile.as_str());
    // A phone on file with an extension cannot be texted: said next to the
    // choice, nothing saved.
    let refused = call("PUT", &mine, Some(&desks), Some(choose)).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["errors"][0]["field"], "sms_offers");
    assert!(refused.body.contains("texto"), "{}", refused.body);
    let kept = call(
        "GET",
        &format!("{base}/orgs/{org}/me/worker-profile"),
        Some(&desks),
        None,
    )
    .await
    .json();
    assert_eq!(kept["sms_offers"], false, "{kept}");
    assert_eq!(kept["version"], 1, "{kept}");

    let id = crate::common::requested(&run, &manager, "2026-12-07", "2026-12-08").await;
    let sent = call(
        "POST",
        &format!("{base}/orgs/{org}/replacements/{id}/offers"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let offered: Vec<String> = sent.json()["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["worker_id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        offered.contains(&tina) && offered.contains(&eve),
        "{offered:?}"
    );
    let emulator = sesame_tests::emulator::Emulator::at(&crate::common::emulator_url());
    let mut hers = Vec::new();
    for _ in 0..200 {
        hers = emulator
            .sent_texts()
            .await
            .unwrap()
            .into_iter()
            .filter(|t| t.to == tina_mobile)
            .collect();
        if !hers.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(hers.len(), 1, "one text for her offer: {hers:?}");
    let text = &hers[0].message;
    for said in [
        "remplacement offert, « Groupe des Coccinelles »",
        "Où : ",
        "Quand : lundi 2026-12-07 et mardi 2026-12-08",
        "Notes : Arrivée par la porte arrière.",
        &format!(
            "l'obtient : {}/",
            run.ctx.settings.portal_url.trim_end_matches('/')
        ),
    ] {
        assert!(text.contains(said), "{said}: {text}");
    }
    // Who did not choose texts gets the email only.
    let all = emulator.sent_texts().await.unwrap();
    assert!(!all.iter().any(|t| t.to == eve_mobile), "{all:?}");
}

async fn offer(ops: &Ops, id: &str, body: Option<Value>) -> sesame::operations::Outcome {
    ops.as_manager(&offer_replacement::SPEC, &[("replacement_id", id)], body)
        .await
}

async fn answer(ops: &Ops, sub: &str, id: &str, body: Value) -> sesame::operations::Outcome {
    ops.run(
        &answer_offer::SPEC,
        Some(sub),
        &[("replacement_id", id)],
        Some(body),
    )
    .await
}

fn offered(round: &Value) -> Vec<(String, u64, String)> {
    round["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["worker_id"].as_str().unwrap().to_string(),
                o["wave"].as_u64().unwrap(),
                o["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn offers_go_in_waves_the_first_acceptance_wins_and_the_others_are_told() {
    offers_go_in_waves_the_first_acceptance_wins_and_the_others_are_told_on(Ops::demo().await)
        .await;
}

#[tokio::test]
async fn offers_go_in_waves_the_first_acceptance_wins_and_the_others_are_told_on_the_emulator() {
    offers_go_in_waves_the_first_acceptance_wins_and_the_others_are_told_on(
        Ops::demo_on(crate::common::emulator_store().await).await,
    )
    .await;
}

async fn offers_go_in_waves_the_first_acceptance_wins_and_the_others_are_told_on(ops: Ops) {
    let id = request_by(&ops, "cliente.offres@exemple.ca").await;
    // Annie prefers Rosemont; Béa and Chloé match; Dora fills no function.
    let mut who = Vec::new();
    for (name, prefers, matches) in [
        ("annie", true, true),
        ("bea", false, true),
        ("chloe", false, true),
        ("dora", false, false),
    ] {
        let email = format!("{name}.offre@exemple.ca");
        let (sub, w) = worker(&ops, &email).await;
        let mut p = educator(0);
        if prefers {
            p["preferred"] = json!([ROSEMONT]);
        }
        if !matches {
            p["functions"] = json!(["Cuisinière"]);
        }
        body(&save(&ops, &w, p).await);
        who.push((sub, w, email));
    }
    // Wave 1: the one preferring the installation.
    let first = body(&offer(&ops, &id, None).await);
    assert_eq!(first["wave"], 1);
    assert_eq!(offered(&first), [(who[0].1.clone(), 1, "open".into())]);
    // Wave 2: every other match; never the one who matches not.
    let second = body(&offer(&ops, &id, None).await);
    assert_eq!(second["wave"], 2);
    assert_eq!(second["sent"], 2);
    let ids: Vec<String> = offered(&second).into_iter().map(|o| o.0).collect();
    assert_eq!(ids, [who[0].1.clone(), who[1].1.clone(), who[2].1.clone()]);
    // Nobody left to offer it to.
    assert_refused(&offer(&ops, &id, None).await, 409, "no-one-to-offer");
    assert_refused(
        &offer(&ops, &id, Some(json!({"wave": 3}))).await,
        422,
        "validation",
    );
    ops.deliver().await;
    assert!(
        ops.subjects_to(&who[1].2)
            .iter()
            .any(|s| s.starts_with("Remplacement offert"))
    );
    assert!(ops.subjects_to(&who[3].2).is_empty());

    // Béa declines with her reason; Dora, never offered, is told nothing exists.
    let declined = body(
        &answer(
            &ops,
            &who[1].0,
            &id,
            json!({"accept": false, "reason": "Trop loin de chez moi"}),
        )
        .await,
    );
    assert_eq!(declined["status"], "declined");
    assert_refused(
        &answer(&ops, &who[3].0, &id, json!({"accept": true})).await,
        404,
        "not-found",
    );
    assert_refused(
        &answer(&ops, &who[1].0, &id, json!({"accept": true})).await,
        409,
        "offer-not-open",
    );
    // Chloé accepts: the replacement is hers; Annie's offer closes.
    let taken = body(&answer(&ops, &who[2].0, &id, json!({"accept": true})).await);
    assert_eq!(taken["status"], "accepted");
    assert_eq!(taken["replacement"]["status"], "assigned");
    assert!(taken["replacement"]["worker_first_name"].is_string());
    assert_refused(
        &answer(&ops, &who[0].0, &id, json!({"accept": true})).await,
        409,
        "offer-not-open",
    );
    ops.deliver().await;
    assert!(
        ops.subjects_to(&who[0].2)
            .iter()
            .any(|s| s.starts_with("Remplacement déjà pris"))
    );
    assert!(
        !ops.subjects_to(&who[1].2)
            .iter()
            .any(|s| s.starts_with("Remplacement déjà pris")),
        "who declined is not told again"
    );
    assert!(
        ops.subjects_to(&who[2].2)
            .iter()
            .any(|s| s == "Nouveau remplacement confirmé")
    );
    assert!(
        ops.subjects_to("cliente.offres@exemple.ca")
            .iter()
            .any(|s| s == "Votre remplacement est comblé")
    );
    // Her history: accepted; Annie's: closed; Béa's: declined with why.
    let mine = |sub: &str| {
        let sub = sub.to_string();
        let ops = &ops;
        async move {
            body(&ops.run(&list_my_offers::SPEC, Some(&sub), &[], None).await)["items"][0].clone()
        }
    };
    assert_eq!(mine(&who[2].0).await["status"], "accepted");
    assert_eq!(mine(&who[0].0).await["status"], "closed");
    let bea = mine(&who[1].0).await;
    assert_eq!(bea["status"], "declined");
    assert_eq!(bea["reason"], "Trop loin de chez moi");
    assert_eq!(bea["replacement"]["task"], "Groupe des Coccinelles");
    // A filled request is offered no more.
    assert_refused(&offer(&ops, &id, None).await, 409, "wrong-request-status");
}

/// The schedule (clock port): the second wave goes by itself after the
/// service's delay, then the dispatcher who offered it is alerted after
/// another; a step taken once is not taken again, and a request filled
/// meanwhile loses its step.
#[tokio::test]
async fn the_schedule_sends_the_second_wave_then_alerts_the_dispatcher() {
    the_schedule_sends_the_second_wave_then_alerts_the_dispatcher_on(Ops::demo().await).await;
}

#[tokio::test]
async fn the_schedule_sends_the_second_wave_then_alerts_the_dispatcher_on_the_emulator() {
    the_schedule_sends_the_second_wave_then_alerts_the_dispatcher_on(
        Ops::demo_on(crate::common::emulator_store().await).await,
    )
    .await;
}

async fn the_schedule_sends_the_second_wave_then_alerts_the_dispatcher_on(ops: Ops) {
    use sesame::operations::replacements::waves::{WaveSweep, run_due};
    let minutes = |m: i64| jiff::SignedDuration::from_mins(m);
    let settings = ops
        .as_manager(
            &sesame::operations::organisation::update_settings::SPEC,
            &[],
            Some(json!({"offer_wave_minutes": 10})),
        )
        .await;
    assert_eq!(body(&settings)["offer_wave_minutes"], 10);
    assert_refused(
        &ops.as_manager(
            &sesame::operations::organisation::update_settings::SPEC,
            &[],
            Some(json!({"offer_wave_minutes": 0})),
        )
        .await,
        422,
        "validation",
    );
    let id = request_by(&ops, "cliente.vagues@exemple.ca").await;
    let (_, annie) = worker(&ops, "annie.vague@exemple.ca").await;
    let mut preferring = educator(0);
    preferring["preferred"] = json!([ROSEMONT]);
    body(&save(&ops, &annie, preferring).await);
    let (bea_sub, bea) = worker(&ops, "bea.vague@exemple.ca").await;
    body(&save(&ops, &bea, educator(0)).await);

    let first = body(&offer(&ops, &id, None).await);
    assert_eq!(offered(&first), [(annie.clone(), 1, "open".into())]);
    // Before the delay: nothing.
    ops.m.clock.advance(minutes(9));
    assert_eq!(run_due(ops.ctx()).await.unwrap(), WaveSweep::default());
    // After it: the second wave, to Béa only, emailed.
    ops.m.clock.advance(minutes(1));
    let sweep = run_due(ops.ctx()).await.unwrap();
    assert_eq!((sweep.waves, sweep.alerts), (1, 0));
    ops.deliver().await;
    assert!(
        ops.subjects_to("bea.vague@exemple.ca")
            .iter()
            .any(|s| s.starts_with("Remplacement offert"))
    );
    assert_eq!(run_due(ops.ctx()).await.unwrap(), WaveSweep::default());
    // Nobody answers: ten minutes on, the dispatcher who offered it is told.
    ops.m.clock.advance(minutes(10));
    let sweep = run_due(ops.ctx()).await.unwrap();
    assert_eq!((sweep.waves, sweep.alerts), (0, 1));
    ops.deliver().await;
    assert!(
        ops.subjects_to(&ops.demo.manager_email)
            .iter()
            .any(|s| s.starts_with("Personne n'a pris le remplacement")),
        "{:?}",
        ops.subjects_to(&ops.demo.manager_email)
    );
    ops.m.clock.advance(minutes(60));
    assert_eq!(run_due(ops.ctx()).await.unwrap(), WaveSweep::default());

    // Another request, assigned before its second wave: its step is dropped,
    // nobody else is offered it.
    let other = request_by(&ops, "cliente.vagues2@exemple.ca").await;
    body(&offer(&ops, &other, None).await);
    let assigned = ops
        .as_manager(
            &assign_worker::SPEC,
            &[("replacement_id", &other)],
            Some(json!({"worker_id": annie})),
        )
        .await;
    assert!(assigned.is_ok(), "{assigned:?}");
    ops.m.clock.advance(minutes(30));
    let sweep = run_due(ops.ctx()).await.unwrap();
    assert_eq!((sweep.waves, sweep.alerts, sweep.dropped), (0, 0, 1));
    assert_eq!(run_due(ops.ctx()).await.unwrap(), WaveSweep::default());
    let bea_offers = body(
        &ops.run(&list_my_offers::SPEC, Some(&bea_sub), &[], None)
            .await,
    );
    assert_eq!(
        bea_offers["items"].as_array().unwrap().len(),
        1,
        "{bea_offers}"
    );
}

#[tokio::test]
async fn an_offer_open_when_the_dispatcher_assigns_someone_closes() {
    let ops = Ops::demo().await;
    let id = request(&ops).await;
    let (sub, w) = worker(&ops, "ouverte@exemple.ca").await;
    body(&save(&ops, &w, educator(0)).await);
    let (_, other) = worker(&ops, "choisie@exemple.ca").await;
    body(&offer(&ops, &id, None).await);
    let assigned = ops
        .as_manager(
            &assign_worker::SPEC,
            &[("replacement_id", &id)],
            Some(json!({"worker_id": other})),
        )
        .await;
    assert!(assigned.is_ok(), "{assigned:?}");
    assert_refused(
        &answer(&ops, &sub, &id, json!({"accept": true})).await,
        409,
        "offer-not-open",
    );
    let mine = body(&ops.run(&list_my_offers::SPEC, Some(&sub), &[], None).await);
    assert_eq!(mine["items"][0]["status"], "closed");
    // She is told it was taken; the one assigned is told it is hers.
    ops.deliver().await;
    let hers = ops.subjects_to("ouverte@exemple.ca");
    assert_eq!(
        hers.iter()
            .filter(|s| s.starts_with("Remplacement déjà pris"))
            .count(),
        1,
        "{hers:?}"
    );
    assert!(
        !ops.subjects_to("choisie@exemple.ca")
            .iter()
            .any(|s| s.starts_with("Remplacement déjà pris"))
    );
}

/// On the emulator: twenty workers accept one offer at the same moment;
/// exactly one gets it, every other is told it was taken, and what was
/// answered is what stands.
#[tokio::test]
async fn twenty_acceptances_at_once_on_the_emulator_make_one_assignment() {
    use crate::common::{activated, call, emails_to, local, sign_in};
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let mut workers = Vec::new();
    for n in 0..20 {
        let (id, token) =
            activated(&run, &manager, "replacement_worker", &format!("Vingt{n}")).await;
        let saved = call(
            "PUT",
            &format!("{base}/orgs/{org}/workers/{id}/profile"),
            Some(&manager),
            Some(educator(0)),
        )
        .await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        workers.push((id, token));
    }
    let id = crate::common::requested(&run, &manager, "2026-12-14", "2026-12-15").await;
    let sent = call(
        "POST",
        &format!("{base}/orgs/{org}/replacements/{id}/offers"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.json()["sent"], 20, "{}", sent.body);

    // Each opens her offers first, as on her phone (her identity is then
    // known to the container: what an acceptance reads is its own).
    for (_, token) in &workers {
        let open = call(
            "GET",
            &format!("{base}/orgs/{org}/me/offers"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(open.json()["items"][0]["status"], "open", "{}", open.body);
    }
    let url = format!("{base}/orgs/{org}/replacements/{id}/answer");
    let mut set = tokio::task::JoinSet::new();
    for (w, token) in workers.clone() {
        let url = url.clone();
        set.spawn(async move {
            let r = call("POST", &url, Some(&token), Some(json!({"accept": true}))).await;
            (w, r)
        });
    }
    let mut won = Vec::new();
    while let Some(done) = set.join_next().await {
        let (w, r) = done.unwrap();
        match r.status {
            200 => won.push(w),
            409 => assert!(
                r.body.contains("offer-taken") || r.body.contains("offer-not-open"),
                "{}",
                r.body
            ),
            other => panic!("{other}: {}", r.body),
        }
    }
    assert_eq!(won.len(), 1, "exactly one acceptance wins: {won:?}");
    // Each acceptance, winning or not, read at most twice (her batch with
    // the request and its round, her bookings) and wrote once.
    let accepting = run.calls.by_operation().remove("answer_offer").unwrap();
    assert_eq!(accepting.requests, 20);
    assert!(
        accepting.max_reads <= 2 && accepting.max_writes <= 1,
        "an acceptance within 2 reads and 1 write: {accepting:?}"
    );
    // What was answered is what stands: the request is the winner's.
    let list = call(
        "GET",
        &format!("{base}/orgs/{org}/replacements?status=assigned"),
        Some(&manager),
        None,
    )
    .await
    .json();
    let it = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .expect("assigned")
        .clone();
    let winner = workers.iter().find(|(w, _)| *w == won[0]).unwrap();
    let mine = call(
        "GET",
        &format!("{base}/orgs/{org}/me/offers"),
        Some(&winner.1),
        None,
    )
    .await
    .json();
    assert_eq!(mine["items"][0]["status"], "accepted", "{mine}");
    assert_eq!(it["status"], "assigned");
    // Every other offer closed, and each of them told.
    let mut closed = 0;
    for (w, token) in &workers {
        if *w == won[0] {
            continue;
        }
        let theirs = call(
            "GET",
            &format!("{base}/orgs/{org}/me/offers"),
            Some(token),
            None,
        )
        .await
        .json();
        assert_eq!(theirs["items"][0]["status"], "closed", "{theirs}");
        closed += 1;
    }
    assert_eq!(closed, 19);
    // Each of the 19 is told it was taken, the winner that it is hers, the
    // client who comes.
    for (w, _) in &workers {
        let user = call(
            "GET",
            &format!("{base}/orgs/{org}/users/{w}"),
            Some(&manager),
            None,
        )
        .await
        .json();
        let mail = emails_to(user["email"].as_str().unwrap()).await;
        let subjects: Vec<&str> = mail.iter().map(|m| m.subject.as_str()).collect();
        let taken = subjects
            .iter()
            .filter(|s| s.starts_with("Remplacement déjà pris"))
            .count();
        assert_eq!(taken, usize::from(*w != won[0]), "{w}: {subjects:?}");
    }
    let client = emails_to(&run.demo.manager_email).await;
    assert!(
        client
            .iter()
            .any(|m| m.subject == "Votre remplacement est comblé"),
        "{:?}",
        client.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
}

/// The fill metrics (issue 21): per installation and week, what was asked,
/// filled (by an offer or directly), left unfilled or still waiting, the
/// median time to fill and the offers per fill — where the caller holds
/// reports only; the same as CSV.
#[tokio::test]
async fn the_fill_metrics_count_each_installation_week_where_the_caller_holds_reports() {
    use sesame::operations::replacements::{fill_metrics, mark_unfilled};
    use sesame_tests::ops::call_query;
    let ops = Ops::demo().await;
    let minutes = |m: i64| jiff::SignedDuration::from_mins(m);
    let (annie_sub, annie) = worker(&ops, "annie.mesure@exemple.ca").await;
    body(&save(&ops, &annie, educator(0)).await);
    let (_, bea) = worker(&ops, "bea.mesure@exemple.ca").await;
    // Filled by Annie's acceptance of its offer, 30 minutes after the request.
    let by_offer = request_by(&ops, "cliente.mesure1@exemple.ca").await;
    body(&offer(&ops, &by_offer, None).await);
    ops.m.clock.advance(minutes(30));
    body(&answer(&ops, &annie_sub, &by_offer, json!({"accept": true})).await);
    // Assigned directly to Béa, 90 minutes after the request.
    let direct = request_by(&ops, "cliente.mesure2@exemple.ca").await;
    ops.m.clock.advance(minutes(90));
    body(
        &ops.as_manager(
            &assign_worker::SPEC,
            &[("replacement_id", &direct)],
            Some(json!({"worker_id": bea})),
        )
        .await,
    );
    // Nobody found; and one still waiting.
    let lost = request_by(&ops, "cliente.mesure3@exemple.ca").await;
    body(
        &ops.as_manager(&mark_unfilled::SPEC, &[("replacement_id", &lost)], None)
            .await,
    );
    request_by(&ops, "cliente.mesure4@exemple.ca").await;

    let metrics = |caller: String, from: &'static str, format: &'static str| {
        let ops = &ops;
        async move {
            call_query(
                ops.ctx(),
                &fill_metrics::SPEC,
                Some(&caller),
                &[("org_id", ops.org())],
                &[("from", from), ("to", "2026-12-31"), ("format", format)],
                None,
            )
            .await
        }
    };
    let manager = ops.manager.clone();
    let all = metrics(manager.clone(), "2026-12-01", "json")
        .await
        .unwrap();
    let lines = all.body["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{}", all.body);
    let week = &lines[0];
    assert_eq!(week["establishment_id"], ROSEMONT);
    assert_eq!(week["week"], "2026-12-07");
    assert_eq!(
        (
            &week["requests"],
            &week["filled"],
            &week["filled_by_offer"],
            &week["unfilled"],
            &week["open"],
        ),
        (&json!(4), &json!(2), &json!(1), &json!(1), &json!(1)),
        "{week}"
    );
    assert_eq!(week["fill_rate_percent"], 50);
    // 30 and 90 minutes: the lower middle.
    assert_eq!(week["median_minutes_to_fill"], 30);
    // One offer for the two filled.
    assert_eq!(week["offers"], 1);
    assert_eq!(week["offers_per_fill"], 0.5);
    assert_eq!(all.body["total"]["requests"], 4);
    // The requests' first day is 7 December: a period after it counts none.
    let later = metrics(manager.clone(), "2026-12-08", "json")
        .await
        .unwrap();
    assert_eq!(later.body["lines"], json!([]));
    assert_eq!(later.body["total"]["requests"], 0);
    assert_eq!(later.body["total"]["median_minutes_to_fill"], Value::Null);

    let csv = metrics(manager.clone(), "2026-12-01", "csv").await.unwrap();
    let text = csv.text.unwrap().1;
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(
        rows[0].starts_with("establishment,week,requests,filled"),
        "{text}"
    );
    assert!(
        rows[1].ends_with(",2026-12-07,4,2,1,1,1,50,30,\"0,50\",1,\"0,5\""),
        "{text}"
    );
    assert!(rows[2].starts_with("total,,4,2,1,1,1,50,30,"), "{text}");

    // Reports held at Villeray only: nothing of Rosemont's.
    let elsewhere = sesame_tests::ops::member(
        ops.ctx(),
        ops.org(),
        "rapports.villeray@exemple.ca",
        false,
        sesame_tests::ops::grants(VILLERAY, &[Permission::Reports]),
        sesame::domain::people::membership::MembershipStatus::Active,
    )
    .await;
    let none = metrics(elsewhere, "2026-12-01", "json").await.unwrap();
    assert_eq!(none.body["total"]["requests"], 0, "{}", none.body);
    // Dispatch without reports is refused; a bad format is refused.
    let dispatcher = ops
        .member("sans.rapports@exemple.ca", &[Permission::Dispatch])
        .await;
    assert_refused(
        &metrics(dispatcher, "2026-12-01", "json").await,
        403,
        "forbidden",
    );
    assert_refused(
        &metrics(manager, "2026-12-01", "xls").await,
        422,
        "validation",
    );
}
