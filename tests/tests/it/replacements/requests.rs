//! Seed 001 end to end over HTTP against the emulator: a client signs up,
//! asks for a replacement with its schedule, a dispatcher assigns a worker,
//! the worker submits her hours, the client modifies one shift by -1,00
//! with a note and approves; the payroll CSV and the worker's email show it.

use crate::common::*;
use serde_json::{Value, json};
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use tokio::task::JoinSet;

#[tokio::test]
async fn seed_001_walk_through() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;

    // The client: on file with the client role, creates her account herself.
    let (_, client_email) = created(&run, &manager, person_form("client", "Claudine")).await;
    let signup = json!({"last_name": "Tremblay", "first_name": "Claudine", "email": client_email, "password": PASSWORD, "password_confirmation": PASSWORD, "accept_terms": true});
    assert_eq!(
        call("POST", &format!("{base}/registrations"), None, Some(signup))
            .await
            .status,
        202
    );
    let link = emails_to(&client_email).await.last().unwrap().links()[0].clone();
    assert_eq!(
        call(
            "POST",
            &format!("{base}/registrations/confirm"),
            None,
            Some(json!({"token": token_of(&link)}))
        )
        .await
        .status,
        200
    );
    let client = sign_in(&base, &client_email, PASSWORD).await;
    let (worker_id, worker) = activated(&run, &manager, "replacement_worker", "Wendy").await;
    let worker_email = call("GET", &format!("{base}/me"), Some(&worker), None)
        .await
        .json()["email"]
        .as_str()
        .unwrap()
        .to_string();

    // "+ Nouveau remplacement", then "Horaire".
    let list = format!("{base}/orgs/{org}/replacements");
    let created = call("POST", &list, Some(&client), Some(request_form())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.json()["status"], "draft");
    let id = created.json()["id"].as_str().unwrap().to_string();
    let url = format!("{list}/{id}");
    let scheduled = call(
        "PUT",
        &format!("{url}/schedule"),
        Some(&client),
        Some(schedule("2025-12-08", "2025-12-09")),
    )
    .await;
    assert_eq!(scheduled.status, 200, "{}", scheduled.body);
    assert_eq!(scheduled.json()["status"], "requested");
    assert_eq!(scheduled.json()["schedule"]["shifts"], 2);
    let listed = call("GET", &list, Some(&client), None).await.json();
    assert_eq!(listed["items"][0]["id"], id.as_str());
    assert_eq!(listed["items"][0]["status"], "requested");

    // The dispatcher (the service's manager) assigns the worker.
    let assigned = call(
        "POST",
        &format!("{url}/assignment"),
        Some(&manager),
        Some(json!({"worker_id": worker_id})),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    assert_eq!(assigned.json()["worker_first_name"], "Wendy");
    assert!(
        emails_to(&worker_email)
            .await
            .iter()
            .any(|m| m.subject == "Nouveau remplacement confirmé")
    );
    // She cannot be booked twice on overlapping hours.
    let other = call("POST", &list, Some(&client), Some(json!({"establishment_id": DEMO_ESTABLISHMENTS[0].0, "function": "Éducatrice", "age_group": "Scolaire", "task": "Autre groupe", "schedule": schedule("2025-12-09", "2025-12-10")}))).await;
    let other_id = other.json()["id"].as_str().unwrap().to_string();
    let double = call(
        "POST",
        &format!("{list}/{other_id}/assignment"),
        Some(&manager),
        Some(json!({"worker_id": worker_id})),
    )
    .await;
    assert_problem(&double, 409, "worker-booked");

    // The worker submits her hours.
    let hours = json!({"entries": [
        {"date": "2025-12-08", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30, "meal_taken": false},
        {"date": "2025-12-09", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30, "meal_taken": false}
    ]});
    let submitted = call(
        "PUT",
        &format!("{url}/timesheet"),
        Some(&worker),
        Some(hours),
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    assert_eq!(submitted.json()["status"], "timesheet_submitted");
    assert!(
        emails_to(&client_email)
            .await
            .iter()
            .any(|m| m.subject == "Heures à approuver")
    );
    let version = submitted.json()["version"].as_u64().unwrap();

    // Refused and changing nothing: no note, "1h", "abc".
    let before = snapshot(&run).await;
    for (adjustment, note) in [("-1,00", None), ("1h", Some("x")), ("abc", Some("x"))] {
        let mut m = json!({"date": "2025-12-08", "adjustment": adjustment, "meal": true});
        if let Some(n) = note {
            m["note"] = json!(n);
        }
        let refused = call(
            "POST",
            &format!("{url}/approval"),
            Some(&client),
            Some(json!({"version": version, "modifications": [m]})),
        )
        .await;
        assert_problem(&refused, 422, "validation");
    }
    assert_eq!(snapshot(&run).await, before);

    // Modify one shift by -1,00 with meal = yes and a note, and approve.
    let approved = call("POST", &format!("{url}/approval"), Some(&client), Some(json!({"version": version, "modifications": [
        {"date": "2025-12-08", "adjustment": "-1,00", "meal": true, "note": "Départ à 15 h, entente avec la direction."}
    ]}))).await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    let body = approved.json();
    assert_eq!(body["status"], "approved");
    assert_eq!(body["hours"][0]["submitted_minutes"], 480);
    assert_eq!(body["hours"][0]["payable_minutes"], 420);
    assert_eq!(body["hours"][0]["payable_hours"], "7,00");
    assert_eq!(body["hours"][1]["payable_hours"], "8,00");
    // After approval: locked.
    let late = call("POST", &format!("{url}/approval"), Some(&client), Some(json!({"version": version + 1, "modifications": [{"date": "2025-12-09", "adjustment": "1,00", "note": "x"}]}))).await;
    assert_problem(&late, 409, "wrong-request-status");

    // The worker got the approved hours with the note.
    let mail = emails_to(&worker_email).await;
    let approved_mail = mail
        .iter()
        .find(|m| m.subject == "Vos heures sont approuvées")
        .expect("approval email");
    assert!(
        approved_mail
            .body
            .contains("Départ à 15 h, entente avec la direction.")
    );
    assert!(approved_mail.body.contains("-1,00"));

    // The payroll CSV: original, adjustment and payable hours.
    let csv = call(
        "GET",
        &format!("{base}/orgs/{org}/payroll?from=2025-12-02&to=2026-01-01"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(
        lines[1].starts_with("2025-12-08,Installation Rosemont,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(",480,-60,420,8,00,-1,00,7,00,oui,")
            || lines[1].contains(",480,-60,420,\"8,00\",\"-1,00\",\"7,00\",oui,"),
        "{}",
        lines[1]
    );
    // The note holds a comma: quoted, as RFC 4180 says.
    assert!(
        lines[1].ends_with("\"Départ à 15 h, entente avec la direction.\""),
        "{}",
        lines[1]
    );
}

#[tokio::test]
async fn concurrent_approvals_leave_exactly_one_and_retried_submits_create_once() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (worker_id, worker) = activated(&run, &manager, "replacement_worker", "Nora").await;
    let list = format!("{base}/orgs/{org}/replacements");

    // Idempotent submit: the same key and body create one request.
    let key = unique("cle-");
    let mut form = request_form();
    form["schedule"] = schedule("2026-01-05", "2026-01-05");
    let headers = |k: &str| {
        vec![
            ("content-type".to_string(), "application/json".to_string()),
            ("authorization".to_string(), format!("Bearer {manager}")),
            ("idempotency-key".to_string(), k.to_string()),
        ]
    };
    let send = |h: Vec<(String, String)>, body: Value| {
        let url = list.clone();
        async move {
            let refs: Vec<(&str, &str)> = h.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            sesame_tests::client::send("POST", &url, &refs, Some(body.to_string().into_bytes()))
                .await
                .unwrap()
        }
    };
    let first = send(headers(&key), form.clone()).await;
    let again = send(headers(&key), form.clone()).await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(
        (again.status, again.json()["id"].clone()),
        (201, first.json()["id"].clone())
    );
    let mut other_body = form.clone();
    other_body["task"] = json!("Autre chose");
    assert_problem(
        &send(headers(&key), other_body).await,
        422,
        "idempotency-key-reused",
    );
    assert_eq!(
        call("GET", &list, Some(&manager), None).await.json()["total"],
        1
    );

    let id = first.json()["id"].as_str().unwrap().to_string();
    let url = format!("{list}/{id}");
    call(
        "POST",
        &format!("{url}/assignment"),
        Some(&manager),
        Some(json!({"worker_id": worker_id})),
    )
    .await;
    let submitted = call("PUT", &format!("{url}/timesheet"), Some(&worker), Some(json!({"entries": [{"date": "2026-01-05", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30}]}))).await;
    let version = submitted.json()["version"].as_u64().unwrap();
    let mut set = JoinSet::new();
    for i in 0..10 {
        let url = format!("{url}/approval");
        let token = manager.clone();
        let body = if i % 2 == 0 {
            json!({"version": version})
        } else {
            json!({"version": version, "modifications": [{"date": "2026-01-05", "adjustment": "+0,25", "note": format!("Essai {i}")}]})
        };
        set.spawn(async move { call("POST", &url, Some(&token), Some(body)).await.status });
    }
    let mut statuses = Vec::new();
    while let Some(s) = set.join_next().await {
        statuses.push(s.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [200, 409].contains(s)),
        "{statuses:?}"
    );
    let final_state = call(
        "GET",
        &format!("{list}?status=approved"),
        Some(&manager),
        None,
    )
    .await
    .json();
    let adjustments = final_state["items"][0]["hours"][0]["adjustments"]
        .as_array()
        .unwrap()
        .len();
    assert!(adjustments <= 1, "one approval's adjustments only");
}

#[tokio::test]
async fn requests_are_modified_or_deleted_before_assignment_and_cancelled_after() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, client) = activated(&run, &manager, "client", "Carole").await;
    let (worker_id, worker) = activated(&run, &manager, "replacement_worker", "Wanda").await;
    let worker_email = call("GET", &format!("{base}/me"), Some(&worker), None)
        .await
        .json()["email"]
        .as_str()
        .unwrap()
        .to_string();
    let client_email = call("GET", &format!("{base}/me"), Some(&client), None)
        .await
        .json()["email"]
        .as_str()
        .unwrap()
        .to_string();
    let lists = call(
        "GET",
        &format!("{base}/orgs/{org}/replacement-lists"),
        Some(&client),
        None,
    )
    .await
    .json();
    assert!(
        lists["age_groups"]
            .as_array()
            .unwrap()
            .contains(&json!("18 mois - 5 ans"))
    );

    let list = format!("{base}/orgs/{org}/replacements");
    let mut form = request_form();
    form["schedule"] = schedule("2026-02-02", "2026-02-03");
    let new = |form: Value| {
        let (list, client) = (list.clone(), client.clone());
        async move { call("POST", &list, Some(&client), Some(form)).await.json() }
    };
    // Bad schedules: named, nothing stored.
    let before = snapshot(&run).await;
    for (start, end, break_minutes, field) in [
        ("2026-02-06", "2026-02-02", 30, "schedule.end_date"),
        ("2026-02-02", "2026-07-01", 30, "schedule.end_date"),
        (
            "2026-02-02",
            "2026-02-02",
            600,
            "schedule.unpaid_break_minutes",
        ),
    ] {
        let mut bad = request_form();
        bad["schedule"] = json!({"start_date": start, "end_date": end, "start_time": "08:00", "end_time": "16:00", "unpaid_break_minutes": break_minutes});
        let refused = call("POST", &list, Some(&client), Some(bad)).await;
        assert_problem(&refused, 422, "validation");
        assert_eq!(
            refused.json()["errors"][0]["field"],
            field,
            "{}",
            refused.body
        );
    }
    assert_eq!(snapshot(&run).await, before);

    let a = new(form.clone()).await;
    let url = format!("{list}/{}", a["id"].as_str().unwrap());
    let modified = call(
        "PATCH",
        &url,
        Some(&client),
        Some(json!({"version": a["version"], "task": "Groupe des Papillons"})),
    )
    .await;
    assert_eq!(modified.status, 200, "{}", modified.body);
    assert_eq!(modified.json()["task"], "Groupe des Papillons");
    call(
        "POST",
        &format!("{url}/assignment"),
        Some(&manager),
        Some(json!({"worker_id": worker_id})),
    )
    .await;
    let refused = call(
        "PATCH",
        &url,
        Some(&client),
        Some(json!({"version": 3, "task": "x"})),
    )
    .await;
    assert_problem(&refused, 409, "wrong-request-status");
    assert!(
        refused.json()["detail"]
            .as_str()
            .unwrap()
            .contains("assigned")
    );
    assert_problem(
        &call("DELETE", &url, Some(&client), None).await,
        409,
        "wrong-request-status",
    );
    let cancelled = call("POST", &format!("{url}/cancel"), Some(&client), None).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(cancelled.json()["status"], "cancelled");
    assert!(
        emails_to(&worker_email)
            .await
            .iter()
            .any(|m| m.subject == "Remplacement annulé")
    );

    let b = new(form.clone()).await;
    let deleted = call(
        "DELETE",
        &format!("{list}/{}", b["id"].as_str().unwrap()),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let c = new(form.clone()).await;
    // The dispatch view: open requests across the service's clients.
    let open = call(
        "GET",
        &format!("{list}?status=requested"),
        Some(&manager),
        None,
    )
    .await
    .json();
    assert_eq!(open["total"], 1);
    assert_eq!(open["items"][0]["id"], c["id"]);
    let unfilled = call(
        "POST",
        &format!("{list}/{}/unfilled", c["id"].as_str().unwrap()),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(unfilled.json()["status"], "unfilled");
    assert!(
        emails_to(&client_email)
            .await
            .iter()
            .any(|m| m.subject == "Remplacement non comblé")
    );
    // The client cannot dispatch.
    assert_problem(
        &call(
            "POST",
            &format!("{list}/{}/unfilled", c["id"].as_str().unwrap()),
            Some(&client),
            None,
        )
        .await,
        403,
        "forbidden",
    );
    let mine = call("GET", &list, Some(&client), None).await.json();
    assert_eq!(mine["total"], 2, "deleted requests are gone: {mine}");
    let first = call("GET", &format!("{list}?limit=1"), Some(&client), None)
        .await
        .json();
    let next = first["next_cursor"].as_str().unwrap();
    let second = call(
        "GET",
        &format!("{list}?limit=1&cursor={next}"),
        Some(&client),
        None,
    )
    .await
    .json();
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    assert!(second["next_cursor"].is_null());
    // The service configures its lists.
    let lists = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"age_groups": ["Poupons", "Trottineurs"]})),
    )
    .await;
    assert_eq!(
        lists.json()["age_groups"],
        json!(["Poupons", "Trottineurs"])
    );
    let mut old = request_form();
    old["age_group"] = json!("Scolaire");
    assert_problem(
        &call("POST", &list, Some(&client), Some(old)).await,
        422,
        "validation",
    );
}

/// The refused fields of a 422 answer in the language asked: (field, code,
/// message).
async fn refused_in(
    url: &str,
    token: &str,
    body: &Value,
    language: &str,
) -> Vec<(String, String, String)> {
    let auth = format!("Bearer {token}");
    let reply = sesame_tests::client::send(
        "POST",
        url,
        &[
            ("content-type", "application/json"),
            ("authorization", &auth),
            ("accept-language", language),
        ],
        Some(body.to_string().into_bytes()),
    )
    .await
    .unwrap();
    assert_problem(&reply, 422, "validation");
    reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn impossible_hours_and_stray_skipped_days_are_refused_and_the_payroll_csv_runs_no_formula() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let evil = "=HYPERLINK(\"https://evil.example\",\"W\")";
    let (worker_id, worker) = activated(&run, &manager, "replacement_worker", evil).await;
    let list = format!("{base}/orgs/{org}/replacements");

    // Skipped days outside the schedule, twice, or every day: refused by field.
    let before = snapshot(&run).await;
    let mut form = request_form();
    let mut sched = schedule("2025-12-15", "2025-12-17");
    sched["skipped_days"] = json!(["2020-01-01"]);
    form["schedule"] = sched;
    let stray = call("POST", &list, Some(&manager), Some(form)).await;
    assert_problem(&stray, 422, "validation");
    assert_eq!(
        stray.json()["errors"][0]["field"],
        "schedule.skipped_days[0]"
    );
    assert_eq!(stray.json()["errors"][0]["code"], "outside_range");
    let created = call("POST", &list, Some(&manager), Some(request_form())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_string();
    let url = format!("{list}/{id}");
    let after_draft = snapshot(&run).await;
    for (skipped, field, code) in [
        (
            json!(["2025-12-16", "2025-12-16"]),
            "skipped_days[1]",
            "duplicate",
        ),
        (
            json!(["2025-12-15", "2025-12-16", "2025-12-17"]),
            "skipped_days",
            "no_working_day",
        ),
        (json!(["2025-12-18"]), "skipped_days[0]", "outside_range"),
    ] {
        let mut sched = schedule("2025-12-15", "2025-12-17");
        sched["skipped_days"] = skipped;
        let refused = call(
            "PUT",
            &format!("{url}/schedule"),
            Some(&manager),
            Some(sched),
        )
        .await;
        assert_problem(&refused, 422, "validation");
        assert_eq!(
            refused.json()["errors"][0]["field"],
            field,
            "{}",
            refused.body
        );
        assert_eq!(
            refused.json()["errors"][0]["code"],
            code,
            "{}",
            refused.body
        );
    }
    assert_ne!(before, after_draft);
    assert_eq!(
        snapshot(&run).await,
        after_draft,
        "a refused schedule changed something"
    );

    // 07:30–16:00 with 30 min unpaid break: 8,00 h worked, a span of 8,50 h.
    let scheduled = call(
        "PUT",
        &format!("{url}/schedule"),
        Some(&manager),
        Some(schedule("2025-12-15", "2025-12-17")),
    )
    .await;
    assert_eq!(scheduled.status, 200, "{}", scheduled.body);
    let assigned = call(
        "POST",
        &format!("{url}/assignment"),
        Some(&manager),
        Some(json!({"worker_id": worker_id})),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    let entry = |d: &str| json!({"date": d, "start_time": "07:30", "end_time": "16:00", "break_minutes": 30});
    let submitted = call(
        "PUT",
        &format!("{url}/timesheet"),
        Some(&worker),
        Some(json!({"entries": [entry("2025-12-15"), entry("2025-12-16"), entry("2025-12-17")]})),
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let version = submitted.json()["version"].as_u64().unwrap();

    // Payable hours below 0 or above the span, or a date modified twice: refused, by field.
    let approval = format!("{url}/approval");
    let m = |date: &str, adjustment: &str| json!({"date": date, "adjustment": adjustment, "note": "Correction"});
    let before = snapshot(&run).await;
    let below = json!({"version": version, "modifications": [m("2025-12-15", "-9,00")]});
    let fr = refused_in(&approval, &manager, &below, "fr-CA").await;
    assert_eq!(
        (fr[0].0.as_str(), fr[0].1.as_str()),
        ("modifications[0].adjustment", "payable_negative")
    );
    assert!(
        fr[0].2.contains("heures payables de ce quart"),
        "{}",
        fr[0].2
    );
    let en = refused_in(&approval, &manager, &below, "en").await;
    assert!(
        en[0].2.contains("payable hours would fall below"),
        "{}",
        en[0].2
    );
    let above = json!({"version": version, "modifications": [m("2025-12-15", "0,00"), m("2025-12-16", "+24,00")]});
    let over = refused_in(&approval, &manager, &above, "en").await;
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(
        (over[0].0.as_str(), over[0].1.as_str()),
        ("modifications[1].adjustment", "payable_over_span")
    );
    assert!(over[0].2.contains("exceed its span"), "{}", over[0].2);
    let twice = json!({"version": version, "modifications": [m("2025-12-15", "-1,00"), m("2025-12-15", "-1,00")]});
    let dup = refused_in(&approval, &manager, &twice, "fr").await;
    assert_eq!(
        (dup[0].0.as_str(), dup[0].1.as_str()),
        ("modifications[1].date", "duplicate")
    );
    assert_eq!(
        snapshot(&run).await,
        before,
        "a refused approval changed something"
    );

    // Exactly 0 and exactly the span are payable; "-1.00" reads as "-1,00".
    let approved = call("POST", &approval, Some(&manager), Some(json!({"version": version, "modifications": [
        {"date": "2025-12-15", "adjustment": "-8,00", "note": "@SUM(A1) absente"},
        {"date": "2025-12-16", "adjustment": "+0,50", "note": "+ pause travaillée"},
        {"date": "2025-12-17", "adjustment": "-1.00", "meal": true, "note": "=cmd|' /C calc'!A0"}
    ]}))).await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    let hours = &approved.json()["hours"];
    assert_eq!(hours[0]["payable_minutes"], 0);
    assert_eq!(hours[1]["payable_minutes"], 510);
    assert_eq!(hours[2]["payable_minutes"], 420);

    // The payroll CSV: every text cell that starts like a formula gets a
    // leading quote; numbers stay numbers, negative ones included.
    let csv = call(
        "GET",
        &format!("{base}/orgs/{org}/payroll?from=2025-12-15&to=2025-12-17"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 4, "{}", csv.body);
    let worker_cell = "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"W\"\")\"";
    for line in &lines[1..] {
        assert!(line.contains(&format!(",{worker_cell},")), "{line}");
    }
    assert!(
        lines[1].contains(",480,-480,0,\"8,00\",\"-8,00\",\"0,00\",non,'@SUM(A1) absente"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",480,30,510,\"8,00\",\"0,50\",\"8,50\",non,'+ pause travaillée"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].contains(",480,-60,420,\"8,00\",\"-1,00\",\"7,00\",oui,'=cmd|' /C calc'!A0"),
        "{}",
        lines[3]
    );
    // No unquoted cell anywhere starts like a formula unless it is a number.
    for line in &lines[1..] {
        for cell in line.split(',') {
            let cell = cell.trim_matches('"');
            if cell.starts_with(['=', '+', '@', '\t']) {
                panic!("formula cell {cell:?} in {line}");
            }
            if cell.starts_with('-') {
                assert!(cell.parse::<i64>().is_ok(), "{cell:?} in {line}");
            }
        }
    }
}
