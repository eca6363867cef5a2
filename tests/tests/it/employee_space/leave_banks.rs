//! Leave and the banks of hours it is taken from (issue 18, defect 6),
//! over HTTP through the local runner against the emulator: vacation is
//! taken from a vacation bank, never from overtime; beyond the balance a
//! leave is refused when asked and when approved — two approvals racing
//! for one balance cannot both take it below zero — unless the
//! organisation lets banks go negative; the manager sees each pending
//! leave's balance before → after.

use super::features::credit;
use crate::common::*;
use serde_json::{Value, json};
use sesame_tests::client;
use sesame_tests::seed::{DEMO_BANK_ID, DEMO_VACATION_BANK_ID, seed_demo_employee};
use std::sync::Arc;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

/// A fresh run with the demo banks (overtime, vacation) and an employee of
/// its own holding `vacation` minutes in the vacation bank.
struct Leave {
    app: TestApp,
    manager: String,
    id: String,
    session: String,
}

impl Leave {
    async fn with(vacation: i64) -> Leave {
        let app = app().await;
        seed_demo_employee(&app.ctx).await.expect("demo banks");
        let manager = app.manager().await;
        let (id, session) = activated(&app.run, &manager, "employee", "Léa").await;
        if vacation != 0 {
            credit(&app.run, &id, DEMO_VACATION_BANK_ID, vacation).await;
        }
        // Warm callers (the call budgets' premise): each resolved once.
        for token in [&manager, &session] {
            let me = call("GET", &format!("{}/me", app.base_url), Some(token), None).await;
            assert_eq!(me.status, 200, "{}", me.body);
        }
        Leave {
            app,
            manager,
            id,
            session,
        }
    }

    fn org(&self) -> &str {
        self.app.org()
    }

    /// Vacation from Monday 7 December 2026 for `half_days` working half
    /// days (1 to 10), with a bank named or not.
    fn vacation(half_days: u32, bank: Option<&str>) -> Value {
        let last = 7 + (half_days - 1) / 2;
        let end_half = if half_days % 2 == 1 {
            "morning"
        } else {
            "afternoon"
        };
        let mut body = json!({"leave_type": "vacation", "start_date": "2026-12-07",
            "end_date": format!("2026-12-{last:02}"), "end_half": end_half});
        if let Some(bank) = bank {
            body["bank_id"] = json!(bank);
        }
        body
    }

    async fn submit(&self, body: Value) -> Reply {
        self.app
            .submit_leave(&self.session, self.org(), Some(body))
            .await
    }

    /// A vacation of `half_days` submitted: its id.
    async fn submitted(&self, half_days: u32) -> String {
        let reply = self.submit(Leave::vacation(half_days, None)).await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.json()["request"]["id"].as_str().unwrap().to_string()
    }

    fn decision_url(&self, id: &str) -> String {
        format!(
            "{}/orgs/{}/leave/{id}/decision",
            self.app.base_url,
            self.org()
        )
    }

    /// The employee's own listing.
    async fn mine(&self) -> Value {
        let reply = self.app.list_leave(&self.session, self.org(), "").await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    }

    /// Her balance in the vacation bank, as her listing shows it.
    async fn vacation_balance(&self) -> i64 {
        let mine = self.mine().await;
        let bank = mine["banks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == DEMO_VACATION_BANK_ID)
            .cloned()
            .expect("the vacation bank offered to her");
        bank["balance_minutes"].as_i64().unwrap()
    }

    /// The state and version of one of her requests.
    async fn state_of(&self, id: &str) -> (String, u64) {
        let mine = self.mine().await;
        let r = mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .expect("her request");
        (
            r["state"].as_str().unwrap().to_string(),
            r["version"].as_u64().unwrap(),
        )
    }
}

/// POSTs every body to its URL at the same moment (a barrier lines the
/// requests up); the replies in order.
pub(crate) async fn together(token: &str, requests: Vec<(String, Value)>) -> Vec<Reply> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let mut set = JoinSet::new();
    for (i, (url, body)) in requests.into_iter().enumerate() {
        let (token, barrier) = (token.to_string(), Arc::clone(&barrier));
        set.spawn(async move {
            barrier.wait().await;
            (i, call("POST", &url, Some(&token), Some(body)).await)
        });
    }
    let mut replies = Vec::new();
    while let Some(done) = set.join_next().await {
        replies.push(done.expect("request task"));
    }
    replies.sort_by_key(|(i, _)| *i);
    replies.into_iter().map(|(_, r)| r).collect()
}

#[tokio::test]
async fn a_leave_beyond_its_bank_balance_is_refused_in_both_languages_and_writes_nothing() {
    let l = Leave::with(600).await;
    let before = snapshot(&l.app.run).await;
    // 5 half days (17,50 h) against 10,00 h.
    let url = format!("{}/orgs/{}/leave", l.app.base_url, l.org());
    let auth = format!("Bearer {}", l.session);
    let body = Leave::vacation(5, None).to_string().into_bytes();
    for (lang, words) in [
        ("fr", ["17,50 h", "10,00 h", "-7,50 h"]),
        ("en", ["17.50 h", "10.00 h", "-7.50 h"]),
    ] {
        let reply = client::send(
            "POST",
            &url,
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
                ("accept-language", lang),
            ],
            Some(body.clone()),
        )
        .await
        .unwrap();
        assert_problem(&reply, 409, "leave-exceeds-balance");
        let detail = reply.json()["detail"].as_str().unwrap().to_string();
        for w in words {
            assert!(detail.contains(w), "{lang}: {w} in {detail}");
        }
    }
    assert_eq!(
        snapshot(&l.app.run).await,
        before,
        "a refused leave wrote something"
    );
    // Within the balance: sent, and what it leaves shown.
    let fits = l.submit(Leave::vacation(2, None)).await;
    assert_eq!(fits.status, 201, "{}", fits.body);
    let impact = &fits.json()["impact"];
    assert_eq!(impact["bank_id"], DEMO_VACATION_BANK_ID);
    assert_eq!(impact["bank_name"], "Vacances");
    assert_eq!(
        (&impact["balance_minutes"], &impact["balance_after_minutes"]),
        (&json!(600), &json!(180))
    );
}

#[tokio::test]
async fn banks_may_go_negative_once_the_organisation_says_so() {
    let l = Leave::with(600).await;
    let settings = l
        .app
        .call("GET", &format!("/orgs/{}", l.org()), Some(&l.manager), None)
        .await;
    assert_eq!(
        settings.json()["settings"]["banks_may_go_negative"],
        false,
        "the default: no"
    );
    let refused = l.submit(Leave::vacation(5, None)).await;
    assert_problem(&refused, 409, "leave-exceeds-balance");
    let patched = l
        .app
        .call(
            "PATCH",
            &format!("/orgs/{}/settings", l.org()),
            Some(&l.manager),
            Some(json!({"banks_may_go_negative": true})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.json()["banks_may_go_negative"], true);
    let sent = l.submit(Leave::vacation(5, None)).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    assert_eq!(sent.json()["impact"]["balance_after_minutes"], -450);
    let id = sent.json()["request"]["id"].as_str().unwrap().to_string();
    let approved = l
        .app
        .decide_leave(
            &l.manager,
            l.org(),
            &id,
            json!({"decision": "approve", "version": 1}),
        )
        .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert_eq!(l.vacation_balance().await, -450);
    assert_eq!(l.mine().await["banks_may_go_negative"], true);
}

#[tokio::test]
async fn vacation_is_taken_from_the_vacation_bank_never_from_overtime() {
    let l = Leave::with(4200).await;
    let before = snapshot(&l.app.run).await;
    for (bank, code) in [
        (DEMO_BANK_ID, "bank_of_another_kind"),
        ("019a0000-0000-7000-8000-00000000dead", "unknown_bank"),
    ] {
        let reply = l.submit(Leave::vacation(2, Some(bank))).await;
        assert_problem(&reply, 422, "validation");
        let errors = reply.json()["errors"].clone();
        assert!(
            errors
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == "bank_id" && e["code"] == code),
            "{bank}: want bank_id/{code}, got {errors}"
        );
    }
    assert_eq!(snapshot(&l.app.run).await, before, "a refused leave wrote");
    // Named or not, vacation goes to the vacation bank.
    for bank in [Some(DEMO_VACATION_BANK_ID), None] {
        let reply = l.submit(Leave::vacation(2, bank)).await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        assert_eq!(
            reply.json()["request"]["details"]["bank_id"],
            DEMO_VACATION_BANK_ID
        );
    }
    // Her form is offered the banks leave may be taken from: overtime for
    // personal leave, vacation for vacation.
    let banks: Vec<(String, String, i64)> = l.mine().await["banks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["name"].as_str().unwrap().to_string(),
                b["leave_type"].as_str().unwrap().to_string(),
                b["balance_minutes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        banks,
        [
            ("Heures supplémentaires".into(), "personal".into(), 0),
            ("Vacances".into(), "vacation".into(), 4200)
        ]
    );
    // A manager cannot define an overtime bank that vacation is taken from.
    let bank = l
        .app
        .call(
            "POST",
            &format!("/orgs/{}/hour-banks", l.org()),
            Some(&l.manager),
            Some(json!({"name": "Surplus", "rule": {"type": "overtime", "weekly_threshold_minutes": 2400}, "leave_type": "vacation"})),
        )
        .await;
    assert_problem(&bank, 422, "validation");
    assert_eq!(bank.json()["errors"][0]["field"], "leave_type");
}

#[tokio::test]
async fn two_approvals_racing_for_one_balance_never_take_it_below_zero() {
    // Two leaves of 3 half days (10,50 h each) against 17,50 h: each fits
    // alone, not both.
    let l = Leave::with(1050).await;
    let a = l.submitted(3).await;
    let b = l.submitted(3).await;
    let team = l
        .app
        .list_leave(&l.manager, l.org(), "scope=team&state=pending")
        .await
        .json();
    for id in [&a, &b] {
        let impact = &team["impacts"][id.as_str()];
        assert_eq!(impact["bank_name"], "Vacances", "{team}");
        assert_eq!(
            (&impact["balance_minutes"], &impact["balance_after_minutes"]),
            (&json!(1050), &json!(420)),
            "the decision card's before → after"
        );
    }
    let approve = json!({"decision": "approve", "version": 1});
    let replies = together(
        &l.manager,
        vec![
            (l.decision_url(&a), approve.clone()),
            (l.decision_url(&b), approve.clone()),
        ],
    )
    .await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    let won: Vec<usize> = (0..2).filter(|i| replies[*i].status == 200).collect();
    assert_eq!(won.len(), 1, "exactly one approval: {statuses:?}");
    let (winner, loser) = if won[0] == 0 { (&a, &b) } else { (&b, &a) };
    assert_problem(&replies[1 - won[0]], 409, "balance-no-longer-covers");
    // What stands matches the answers: one taken, the other untouched.
    assert_eq!(l.vacation_balance().await, 1050 - 630);
    assert_eq!(l.state_of(winner).await, ("approved".into(), 2));
    assert_eq!(l.state_of(loser).await, ("pending".into(), 1));
    let audit = l
        .app
        .call(
            "GET",
            &format!("/orgs/{}/audit?action=leave.approved", l.org()),
            Some(&l.manager),
            None,
        )
        .await
        .json();
    let approved: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["target"])
        .collect();
    assert_eq!(approved, [&json!(winner)], "{audit}");
    // The manager now sees what the loser would leave: 7,00 h → 0,50 h… below zero.
    let team = l
        .app
        .list_leave(&l.manager, l.org(), "scope=team&state=pending")
        .await
        .json();
    assert_eq!(
        team["impacts"][loser.as_str()]["balance_after_minutes"],
        420 - 630
    );
    // Once the balance allows it again, the same approval goes through.
    credit(&l.app.run, &l.id, DEMO_VACATION_BANK_ID, 210).await;
    let later = l
        .app
        .decide_leave(&l.manager, l.org(), loser, approve)
        .await;
    assert_eq!(later.status, 200, "{}", later.body);
    assert_eq!(l.vacation_balance().await, 0);

    // Four leaves of 2 half days (7,00 h each) against 17,50 h, approved at
    // once: exactly two go through.
    let l = Leave::with(1050).await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(l.submitted(2).await);
    }
    let replies = together(
        &l.manager,
        ids.iter()
            .map(|id| {
                (
                    l.decision_url(id),
                    json!({"decision": "approve", "version": 1}),
                )
            })
            .collect(),
    )
    .await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        2,
        "{statuses:?}"
    );
    for r in replies.iter().filter(|r| r.status != 200) {
        assert_problem(r, 409, "balance-no-longer-covers");
    }
    assert_eq!(l.vacation_balance().await, 1050 - 2 * 420);
    println!(
        "racing approvals: 2 of 2 → 1 approved, 4 of 4 → 2 approved; balances never below zero"
    );
}
