//! The banks of hours kept by managers (issue 20, seed 000), over HTTP
//! through the local runner against the emulator: the list, renaming and
//! archiving a bank; an employee's opening balance (once: twenty at the
//! same moment set one) and adjustments with their mandatory note, each
//! its own audited movement; the history she sees with her timesheet,
//! which approved weeks and approved leave join; her weekly schedule of
//! approved hours and leave.

use super::leave_banks::together;
use crate::common::*;
use serde_json::{Value, json};
use sesame_tests::client;
use sesame_tests::seed::{DEMO_BANK_ID, DEMO_VACATION_BANK_ID, seed_demo_employee};

/// A fresh run with the demo banks (overtime, vacation) and an employee of
/// its own, with no balance yet.
struct Banks {
    app: TestApp,
    manager: String,
    id: String,
    session: String,
}

impl Banks {
    async fn new() -> Banks {
        let app = app().await;
        seed_demo_employee(&app.ctx).await.expect("demo banks");
        let manager = app.manager().await;
        let (id, session) = activated(&app.run, &manager, "employee", "Léa").await;
        Banks {
            app,
            manager,
            id,
            session,
        }
    }

    fn org(&self) -> &str {
        self.app.org()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/orgs/{}{path}", self.app.base_url, self.org())
    }

    fn movements_url(&self, bank: &str) -> String {
        self.url(&format!("/users/{}/hour-banks/{bank}/movements", self.id))
    }

    async fn moved(&self, bank: &str, body: Value) -> Reply {
        call(
            "POST",
            &self.movements_url(bank),
            Some(&self.manager),
            Some(body),
        )
        .await
    }

    /// Her banks as her manager's screen shows them.
    async fn kept(&self) -> Value {
        let reply = call(
            "GET",
            &self.url(&format!("/users/{}/hour-banks", self.id)),
            Some(&self.manager),
            None,
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    }

    /// Her timesheet, as she sees it.
    async fn sheet(&self) -> Value {
        let reply = self.app.list_weeks(&self.session, self.org(), "").await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    }

    async fn banks(&self) -> Vec<Value> {
        let reply = call("GET", &self.url("/hour-banks"), Some(&self.manager), None).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["items"].as_array().unwrap().clone()
    }

    async fn change_bank(&self, bank: &str, body: Value) -> Reply {
        call(
            "PATCH",
            &self.url(&format!("/hour-banks/{bank}")),
            Some(&self.manager),
            Some(body),
        )
        .await
    }
}

fn bank<'a>(banks: &'a Value, id: &str) -> &'a Value {
    banks["banks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id)
        .unwrap_or_else(|| panic!("bank {id} in {banks}"))
}

/// The movements shown: (kind, minutes, balance after, note).
fn history(view: &Value) -> Vec<(String, i64, i64, Option<String>)> {
    view["movements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["movement"].as_str().unwrap().to_string(),
                m["minutes"].as_i64().unwrap(),
                m["balance_after_minutes"].as_i64().unwrap(),
                m["note"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_manager_sets_the_opening_balance_once_and_adjusts_it_with_a_note_each_audited() {
    let b = Banks::new().await;
    let opening = b
        .moved(DEMO_BANK_ID, json!({"movement": "opening", "minutes": 600}))
        .await;
    assert_eq!(opening.status, 201, "{}", opening.body);
    assert_eq!(opening.json()["movement"], "opening");
    // A second opening: refused in both languages, nothing changed.
    let before = snapshot(&b.app.run).await;
    for (lang, words) in [("fr", "ajustement"), ("en", "adjustment")] {
        let reply = client::send(
            "POST",
            &b.movements_url(DEMO_BANK_ID),
            &[
                ("authorization", &format!("Bearer {}", b.manager)),
                ("content-type", "application/json"),
                ("accept-language", lang),
            ],
            Some(br#"{"movement": "opening", "minutes": 60}"#.to_vec()),
        )
        .await
        .unwrap();
        assert_problem(&reply, 409, "opening-already-set");
        let detail = reply.json()["detail"].as_str().unwrap().to_string();
        assert!(detail.contains(words), "{lang}: {detail}");
    }
    // An adjustment says why, and moves something.
    for (body, field) in [
        (json!({"movement": "adjustment", "minutes": -90}), "note"),
        (
            json!({"movement": "adjustment", "minutes": -90, "note": "   "}),
            "note",
        ),
        (
            json!({"movement": "adjustment", "minutes": 0, "note": "Rien"}),
            "minutes",
        ),
        (
            json!({"movement": "adjustment", "minutes": 999_999_999, "note": "Trop"}),
            "minutes",
        ),
    ] {
        let reply = b.moved(DEMO_BANK_ID, body.clone()).await;
        assert_problem(&reply, 422, "validation");
        assert!(reply.body.contains(field), "{body}: {}", reply.body);
    }
    // A kind a manager does not make by hand: a bad body.
    let week = b
        .moved(
            DEMO_BANK_ID,
            json!({"movement": "week", "minutes": 60, "note": "x"}),
        )
        .await;
    assert_problem(&week, 400, "invalid-body");
    // Below zero, which the organisation does not allow: refused.
    let below = b
        .moved(
            DEMO_BANK_ID,
            json!({"movement": "adjustment", "minutes": -601, "note": "Trop"}),
        )
        .await;
    assert_problem(&below, 409, "adjustment-below-zero");
    assert_eq!(
        snapshot(&b.app.run).await,
        before,
        "a refusal wrote something"
    );
    let adjusted = b
        .moved(
            DEMO_BANK_ID,
            json!({"movement": "adjustment", "minutes": -90, "note": "Heures comptées deux fois le 23 novembre"}),
        )
        .await;
    assert_eq!(adjusted.status, 201, "{}", adjusted.body);
    // Her manager's screen: the balance and the history adding up to it.
    let kept = b.kept().await;
    assert_eq!(bank(&kept, DEMO_BANK_ID)["balance_minutes"], 510);
    assert_eq!(bank(&kept, DEMO_BANK_ID)["opening_set"], true);
    assert_eq!(bank(&kept, DEMO_VACATION_BANK_ID)["opening_set"], false);
    let note = "Heures comptées deux fois le 23 novembre";
    assert_eq!(
        history(&kept),
        [
            ("adjustment".to_string(), -90, 510, Some(note.to_string())),
            ("opening".to_string(), 600, 600, None),
        ]
    );
    assert_eq!(kept["movements"][0]["bank_name"], "Heures supplémentaires");
    // Hers, with her timesheet.
    let sheet = b.sheet().await;
    assert_eq!(bank(&sheet, DEMO_BANK_ID)["balance_minutes"], 510);
    assert_eq!(history(&sheet), history(&kept));
    // Each movement audited, with its note.
    let audit = b.app.list_audit(&b.manager, b.org(), "").await;
    let events = audit.json()["items"].as_array().unwrap().clone();
    let adjusted = events
        .iter()
        .find(|e| e["action"] == "hour_bank.adjusted")
        .expect("the adjustment audited");
    assert_eq!(adjusted["target"], b.id.as_str());
    assert_eq!(adjusted["changes"]["note"]["after"], note);
    assert_eq!(adjusted["changes"]["minutes"]["after"], -90);
    assert!(
        events
            .iter()
            .any(|e| e["action"] == "hour_bank.opening_set")
    );
    // Someone who is not of the organisation: not found.
    let stranger = call(
        "POST",
        &b.url(&format!(
            "/users/019a0000-0000-7000-8000-0000000fffff/hour-banks/{DEMO_BANK_ID}/movements"
        )),
        Some(&b.manager),
        Some(json!({"movement": "opening", "minutes": 60})),
    )
    .await;
    assert_problem(&stranger, 404, "not-found");
    let no_bank = b
        .moved(
            "019a0000-0000-7000-8000-0000000fffff",
            json!({"movement": "opening", "minutes": 60}),
        )
        .await;
    assert_problem(&no_bank, 404, "not-found");
    // The employee keeps no bank herself.
    let herself = call(
        "POST",
        &b.movements_url(DEMO_BANK_ID),
        Some(&b.session),
        Some(json!({"movement": "adjustment", "minutes": 600, "note": "Moi"})),
    )
    .await;
    assert!(
        [403, 404].contains(&herself.status),
        "{}: {}",
        herself.status,
        herself.body
    );
    assert_eq!(bank(&b.kept().await, DEMO_BANK_ID)["balance_minutes"], 510);
}

#[tokio::test]
async fn twenty_openings_at_the_same_moment_set_one_and_the_balance_is_the_winners() {
    let b = Banks::new().await;
    let requests = (1..=20)
        .map(|i| {
            (
                b.movements_url(DEMO_VACATION_BANK_ID),
                json!({"movement": "opening", "minutes": i * 60}),
            )
        })
        .collect();
    let replies = together(&b.manager, requests).await;
    let won: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in replies.iter().filter(|r| r.status != 201) {
        assert_problem(r, 409, "opening-already-set");
    }
    let minutes = won[0].json()["minutes"].as_i64().unwrap();
    let kept = b.kept().await;
    assert_eq!(
        bank(&kept, DEMO_VACATION_BANK_ID)["balance_minutes"],
        minutes
    );
    assert_eq!(
        history(&kept),
        [("opening".to_string(), minutes, minutes, None)]
    );
}

#[tokio::test]
async fn a_bank_renamed_or_archived_keeps_its_history_and_an_archived_one_moves_no_more() {
    let b = Banks::new().await;
    let opening = b
        .moved(
            DEMO_VACATION_BANK_ID,
            json!({"movement": "opening", "minutes": 1200}),
        )
        .await;
    assert_eq!(opening.status, 201, "{}", opening.body);
    let banks = b.banks().await;
    let names: Vec<&str> = banks.iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Heures supplémentaires", "Vacances"]);
    // Renamed at the version seen; a stale version refused.
    let renamed = b
        .change_bank(
            DEMO_VACATION_BANK_ID,
            json!({"name": "Congés annuels", "version": 1}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.json()["version"], 2);
    let stale = b
        .change_bank(
            DEMO_VACATION_BANK_ID,
            json!({"name": "Vacances", "version": 1}),
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    let empty = b
        .change_bank(DEMO_VACATION_BANK_ID, json!({"name": " ", "version": 2}))
        .await;
    assert_problem(&empty, 422, "validation");
    // Her history shows the name now.
    assert_eq!(
        b.sheet().await["movements"][0]["bank_name"],
        "Congés annuels"
    );
    // Archived: no longer offered for leave, nor on her timesheet; nothing
    // moves it; its history is kept.
    let archived = b
        .change_bank(
            DEMO_VACATION_BANK_ID,
            json!({"archived": true, "version": 2}),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.body);
    assert!(archived.json()["archived_at"].is_string());
    let leave = b.app.list_leave(&b.session, b.org(), "").await.json();
    assert!(
        leave["banks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != DEMO_VACATION_BANK_ID),
        "{leave}"
    );
    let sheet = b.sheet().await;
    assert!(
        sheet["banks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != DEMO_VACATION_BANK_ID)
    );
    assert_eq!(history(&sheet).len(), 1, "the history kept");
    let refused = b
        .moved(
            DEMO_VACATION_BANK_ID,
            json!({"movement": "adjustment", "minutes": 60, "note": "Oubli"}),
        )
        .await;
    assert_problem(&refused, 409, "bank-archived");
    assert_eq!(
        bank(&b.kept().await, DEMO_VACATION_BANK_ID)["archived"],
        true
    );
    // Restored: offered again.
    let restored = b
        .change_bank(
            DEMO_VACATION_BANK_ID,
            json!({"archived": false, "version": 3}),
        )
        .await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    let leave = b.app.list_leave(&b.session, b.org(), "").await.json();
    assert!(
        leave["banks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == DEMO_VACATION_BANK_ID)
    );
    let audit = b.app.list_audit(&b.manager, b.org(), "").await.json();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("hour_bank."))
        .collect();
    for a in [
        "hour_bank.renamed",
        "hour_bank.archived",
        "hour_bank.restored",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn approved_weeks_and_leave_join_her_history_and_her_schedule_shows_them_day_by_day() {
    let b = Banks::new().await;
    let (app, org) = (&b.app, b.org());
    let opening = b
        .moved(
            DEMO_VACATION_BANK_ID,
            json!({"movement": "opening", "minutes": 2100}),
        )
        .await;
    assert_eq!(opening.status, 201, "{}", opening.body);
    // 42 h 30 in the week of 7 December: 2 h 30 of overtime.
    let week = app
        .submit_week(
            &b.session,
            org,
            "2026-12-07",
            Some(json!({"days": [
                {"date": "2026-12-07", "minutes": 510}, {"date": "2026-12-08", "minutes": 510},
                {"date": "2026-12-09", "minutes": 510}, {"date": "2026-12-10", "minutes": 510},
                {"date": "2026-12-11", "minutes": 510}
            ]})),
        )
        .await;
    assert_eq!(week.status, 200, "{}", week.body);
    // Submitted, not approved: not in her schedule yet.
    let url = |q: &str| format!("{}/orgs/{org}/schedule{q}", app.base_url);
    let pending = call("GET", &url("?week=2026-12-07"), Some(&b.session), None).await;
    assert_eq!(pending.status, 200, "{}", pending.body);
    assert_eq!(pending.json()["week_state"], "pending");
    assert!(pending.json()["days"][0]["minutes"].is_null());
    let decided = app
        .decide_week(
            &b.manager,
            org,
            &b.id,
            "2026-12-07",
            json!({"decision": "approve", "version": 1}),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    // Vacation on Monday 14 December, all day, approved.
    let leave = app
        .submit_leave(
            &b.session,
            org,
            Some(json!({"leave_type": "vacation", "start_date": "2026-12-14", "end_date": "2026-12-14"})),
        )
        .await;
    assert_eq!(leave.status, 201, "{}", leave.body);
    let leave_id = leave.json()["request"]["id"].as_str().unwrap().to_string();
    let approved = call(
        "POST",
        &format!("{}/orgs/{org}/leave/{leave_id}/decision", app.base_url),
        Some(&b.manager),
        Some(json!({"decision": "approve", "version": 1})),
    )
    .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    // Her history: the leave taken, the week credited, the opening.
    let sheet = b.sheet().await;
    assert_eq!(
        history(&sheet),
        [
            ("leave".to_string(), -420, 1680, None),
            ("week".to_string(), 150, 150, None),
            ("opening".to_string(), 2100, 2100, None),
        ]
    );
    assert_eq!(sheet["movements"][0]["source"], leave_id.as_str());
    assert_eq!(sheet["movements"][1]["source"], "2026-12-07");
    assert_eq!(sheet["movements"][1]["bank_name"], "Heures supplémentaires");
    // Her schedule: the approved hours of the week, then the leave.
    let s = call("GET", &url("?week=2026-12-07"), Some(&b.session), None)
        .await
        .json();
    assert_eq!(s["week_state"], "approved");
    assert_eq!(s["approved_minutes"], 2550);
    assert_eq!(s["days"][0]["minutes"], 510);
    assert_eq!(s["days"][5]["minutes"], 0);
    assert_eq!(s["next"], "2026-12-14");
    let next = call("GET", &url("?week=2026-12-14"), Some(&b.session), None)
        .await
        .json();
    assert_eq!(next["days"][0]["leave"][0]["request_id"], leave_id.as_str());
    assert_eq!(
        next["days"][0]["leave"][0]["halves"],
        json!(["morning", "afternoon"])
    );
    assert!(next["days"][1]["leave"].as_array().unwrap().is_empty());
    // A week named by another day than its Monday: a clear 422.
    let tuesday = call("GET", &url("?week=2026-12-08"), Some(&b.session), None).await;
    assert_problem(&tuesday, 422, "validation");
}
