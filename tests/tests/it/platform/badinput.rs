//! Bad input, generated over the route table: every route with a body gets
//! malformed JSON, non-object JSON, a non-JSON content type, an oversized
//! body (> 1 MB), and, field by field of its sample event's body, wrong
//! types, very long strings, control characters, invalid emails and dates,
//! and look-alike mixed-script names. Each answer is a 4xx problem+json
//! (`urn:sesame:problem:…`) and the table does not change. Accented and
//! single-script names, on the other hand, are accepted and stored as typed.

use crate::common::*;
use serde_json::{Value, json};
use sesame::operations::{Access, OperationSpec, registry};
use sesame_tests::client;
use sesame_tests::seed::{DEMO_ESTABLISHMENTS, DEMO_OPERATOR_EMAIL, DEMO_PASSWORD};
use sesame_tests::stack::LocalRun;
use sesame_tests::template::root;
use std::collections::BTreeMap;

/// One step into a JSON document.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every node below the root (objects' members, arrays' first element).
fn nodes(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(Step::Key(k.clone()));
                out.push(at.clone());
                nodes(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                at.push(Step::Index(0));
                out.push(at.clone());
                nodes(first, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn get<'a>(value: &'a Value, path: &[Step]) -> &'a Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &v[k.as_str()],
        Step::Index(i) => &v[*i],
    })
}

fn set(value: &Value, path: &[Step], new: Value) -> Value {
    let mut out = value.clone();
    let mut target = &mut out;
    for step in path {
        target = match step {
            Step::Key(k) => &mut target[k.as_str()],
            Step::Index(i) => &mut target[*i],
        };
    }
    *target = new;
    out
}

fn label(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The name of the member a path ends in (an array element: its array's).
fn field_name(path: &[Step]) -> &str {
    path.iter()
        .rev()
        .find_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        })
        .unwrap_or("")
}

/// A value of another JSON type than `v`.
fn wrong_type(v: &Value) -> Vec<Value> {
    match v {
        Value::String(_) => vec![json!(12345), json!({"x": 1}), json!(["a"])],
        Value::Number(_) => vec![json!("douze"), json!(true), json!(1.5e300)],
        Value::Bool(_) => vec![json!("oui"), json!(1)],
        Value::Array(_) => vec![json!("liste"), json!({"x": 1})],
        Value::Object(_) => vec![json!("objet"), json!([1, 2])],
        Value::Null => vec![json!([]), json!({})],
    }
}

/// One bad request: what it is, its body and its content type.
struct Bad {
    category: &'static str,
    what: String,
    body: Vec<u8>,
    content_type: &'static str,
}

fn bad(category: &'static str, what: String, body: &Value) -> Bad {
    Bad {
        category,
        what,
        body: body.to_string().into_bytes(),
        content_type: "application/json",
    }
}

/// The bad inputs for one route whose valid-looking body is `base`.
fn corpus(base: &Value) -> Vec<Bad> {
    let mut out = Vec::new();
    for raw in [
        "{",
        "{\"a\":",
        "not json",
        "{\"x\": 1}}",
        "[1, 2",
        "{'single': 'quotes'}",
        "NaN",
        "{\"a\": 1,}",
        "\u{feff}{}garbage",
    ] {
        out.push(Bad {
            category: "malformed JSON",
            what: format!("{raw:?}"),
            body: raw.as_bytes().to_vec(),
            content_type: "application/json",
        });
    }
    out.push(Bad {
        category: "malformed JSON",
        what: "invalid UTF-8".into(),
        body: vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'],
        content_type: "application/json",
    });
    for v in [
        json!([]),
        json!(42),
        json!("texte"),
        json!(null),
        json!(true),
    ] {
        out.push(bad("wrong types", format!("body {v}"), &v));
    }
    out.push(Bad {
        category: "wrong content type",
        what: "text/plain".into(),
        body: base.to_string().into_bytes(),
        content_type: "text/plain",
    });
    out.push(Bad {
        category: "wrong content type",
        what: "application/x-www-form-urlencoded".into(),
        body: b"a=1&b=2".to_vec(),
        content_type: "application/x-www-form-urlencoded",
    });
    let huge = json!({"notes": "a".repeat(1_200_000)});
    out.push(bad("oversized body", "1.2 MB".into(), &huge));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    out.push(Bad {
        category: "malformed JSON",
        what: "10,000 nested arrays".into(),
        body: deep.into_bytes(),
        content_type: "application/json",
    });

    let mut paths = Vec::new();
    nodes(base, &mut Vec::new(), &mut paths);
    for path in &paths {
        let here = get(base, path);
        let name = field_name(path);
        for v in wrong_type(here) {
            out.push(bad(
                "wrong types",
                format!("{} = {v}", label(path)),
                &set(base, path, v),
            ));
        }
        let Value::String(text) = here else { continue };
        for (what, v) in [
            ("100,000 characters", "a".repeat(100_000)),
            ("10,000 accented characters", "é".repeat(10_000)),
        ] {
            out.push(bad(
                "very long strings",
                format!("{} = {what}", label(path)),
                &set(base, path, json!(v)),
            ));
        }
        for (what, v) in [
            ("NUL", format!("{text}\u{0}")),
            ("BEL", format!("a\u{7}{text}")),
            ("ESC sequence", format!("\u{1b}[31m{text}")),
            ("DEL", format!("{text}\u{7f}")),
            ("C1 control", format!("{text}\u{85}x")),
        ] {
            out.push(bad(
                "control characters",
                format!("{} with {what}", label(path)),
                &set(base, path, json!(v)),
            ));
        }
        if name.contains("email") {
            for v in [
                "pas-un-courriel",
                "zoe@",
                "@exemple.ca",
                "zoe@@exemple.ca",
                "zoe@exemple",
                "zoe@exemple..ca",
                "zoé tremblay@exemple.ca",
                "zoe@exemple.ca.",
                "zoe@[127.0.0.1]",
            ] {
                out.push(bad(
                    "invalid emails",
                    format!("{} = {v:?}", label(path)),
                    &set(base, path, json!(v)),
                ));
            }
        }
        if name.contains("date") || name == "skipped_days" {
            for v in [
                "2026-02-30",
                "2026-13-01",
                "22/11/2026",
                "2026-1-5",
                "demain",
                "2026-11-22T09:00:00Z",
                "+002026-11-22",
            ] {
                out.push(bad(
                    "invalid dates",
                    format!("{} = {v:?}", label(path)),
                    &set(base, path, json!(v)),
                ));
            }
        }
        if name == "last_name" || name == "first_name" {
            for v in ["\u{410}lice", "Zo\u{435}", "P\u{3b1}ul", "Иван Smith"] {
                out.push(bad(
                    "mixed-script names",
                    format!("{} = {v:?}", label(path)),
                    &set(base, path, json!(v)),
                ));
            }
        }
    }
    out
}

/// The ids the routes are aimed at: real ones, so that requests reach the
/// handlers' validation rather than stopping at 404.
struct Targets {
    manager: String,
    operator: String,
    user_id: String,
    replacement_id: String,
    request_id: String,
    versions: BTreeMap<&'static str, u64>,
}

async fn targets(run: &LocalRun) -> Targets {
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let operator = sign_in(base, DEMO_OPERATOR_EMAIL, DEMO_PASSWORD).await;
    let email = format!("{}@exemple.ca", unique("cible."));
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(&email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let user = created.json();
    let replacement = call(
        "POST",
        &format!("{base}/orgs/{org}/replacements"),
        Some(&manager),
        Some(
            json!({"establishment_id": DEMO_ESTABLISHMENTS[0].0, "function": "Éducatrice",
            "age_group": "Scolaire", "task": "Groupe des Lucioles",
            "schedule": crate::common::schedule("2027-03-01", "2027-03-02")}),
        ),
    )
    .await;
    assert_eq!(replacement.status, 201, "{}", replacement.body);
    let asked = call(
        "POST",
        &format!("{base}/access-requests"),
        None,
        Some(json!({"org_identifier": sesame_tests::seed::DEMO_IDENTIFIER, "civility": "mme", "last_name": "Lemieux",
            "first_name": "Ariane", "email": format!("{}@exemple.ca", unique("demande.")),
            "phone": "514 555-0123", "message": "Bonjour"})),
    )
    .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    // Stored by the outbox sender after the answer.
    let mut requests = serde_json::Value::Null;
    for _ in 0..200 {
        requests = call(
            "GET",
            &format!("{base}/orgs/{org}/access-requests"),
            Some(&manager),
            None,
        )
        .await
        .json();
        if requests["items"][0]["id"].is_string() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let org_version = call("GET", &format!("{base}/orgs/{org}"), Some(&manager), None)
        .await
        .json()["version"]
        .as_u64()
        .unwrap();
    let user_version = user["version"].as_u64().unwrap();
    let replacement_version = replacement.json()["version"].as_u64().unwrap();
    Targets {
        manager,
        operator,
        user_id: user["id"].as_str().unwrap().to_string(),
        replacement_id: replacement.json()["id"].as_str().unwrap().to_string(),
        request_id: requests["items"][0]["id"].as_str().unwrap().to_string(),
        versions: BTreeMap::from([
            ("update_user", user_version),
            ("change_email", user_version),
            ("set_grants", user_version),
            ("update_organisation", org_version),
            ("update_replacement", replacement_version),
            ("approve_hours", replacement_version),
        ]),
    }
}

fn url(run: &LocalRun, t: &Targets, spec: &OperationSpec) -> String {
    let path = spec
        .path
        .replace("{org_id}", &run.demo.org_id)
        .replace("{user_id}", &t.user_id)
        .replace("{establishment_id}", DEMO_ESTABLISHMENTS[1].0)
        .replace("{request_id}", &t.request_id)
        .replace("{replacement_id}", &t.replacement_id);
    format!("{}{path}", run.base_url)
}

fn token<'a>(t: &'a Targets, spec: &OperationSpec) -> Option<&'a str> {
    match spec.access {
        Access::Public => None,
        Access::Operator => Some(&t.operator),
        _ => Some(&t.manager),
    }
}

/// The sample event's body, with the target's current version.
fn sample(t: &Targets, spec: &OperationSpec) -> Value {
    let event: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("events").join(format!("{}.json", spec.id))).unwrap(),
    )
    .unwrap();
    let mut body = event["body"]
        .as_str()
        .map(|b| serde_json::from_str::<Value>(b).unwrap())
        .unwrap_or_else(|| json!({}));
    if let Some(v) = t.versions.get(spec.id) {
        body["version"] = json!(v);
    }
    body
}

/// The table, less brute-force counters: a refused sign-in (a well-formed
/// email with a wrong, if odd, password) is counted against its email by
/// design (`ATTEMPTS#` items, from the brute-force limits); anything else
/// written by a refused input is a failure.
async fn table(run: &LocalRun) -> Vec<String> {
    snapshot(run)
        .await
        .into_iter()
        .filter(|item| !item.contains("\"PK\":\"ATTEMPTS#"))
        .collect()
}

async fn send(url: &str, method: &str, token: Option<&str>, bad: &Bad) -> client::Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", bad.content_type)];
    if let Some(auth) = &auth {
        headers.push(("authorization", auth));
    }
    client::send(method, url, &headers, Some(bad.body.clone()))
        .await
        .expect("request sent")
}

#[tokio::test]
async fn bad_input_on_every_route_with_a_body_is_a_4xx_problem_and_changes_nothing() {
    let run = local().await;
    let t = targets(&run).await;
    let before = table(&run).await;
    let mut routes = 0;
    let mut tried: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for spec in registry() {
        if spec.request.is_none() {
            continue;
        }
        routes += 1;
        let url = url(&run, &t, spec);
        let inputs = corpus(&sample(&t, spec));
        for input in &inputs {
            let reply = send(&url, spec.method, token(&t, spec), input).await;
            let context = format!(
                "{} {} — {}: {} → {} {}",
                spec.method, spec.path, input.category, input.what, reply.status, reply.body
            );
            assert!((400..500).contains(&reply.status), "not a 4xx: {context}");
            assert_eq!(
                reply.header("content-type"),
                Some("application/problem+json"),
                "{context}"
            );
            let problem = reply.json();
            assert!(
                problem["type"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("urn:sesame:problem:")),
                "{context}"
            );
            assert_eq!(problem["status"], reply.status, "{context}");
            *tried.entry(input.category).or_default() += 1;
            *statuses.entry(reply.status).or_default() += 1;
        }
    }
    assert!(routes >= 25, "only {routes} routes with a body");
    assert_eq!(
        table(&run).await,
        before,
        "a refused input changed the table"
    );
    let total: usize = tried.values().sum();
    println!(
        "bad input: {total} inputs over {routes} routes with a body, all 4xx problem+json, table unchanged"
    );
    for (category, n) in &tried {
        println!("  {category}: {n}");
    }
    println!("  statuses: {statuses:?}");
}

#[tokio::test]
async fn accented_and_single_script_names_are_accepted_where_names_are_expected() {
    let run = local().await;
    let t = targets(&run).await;
    let names = [
        ("Bérubé-Côté", "Éloïse"),
        ("D'Amours", "Anaïs"),
        ("Nguyễn", "Thị Ánh"),
        ("Ærø", "Øyvind"),
        ("Ильина", "Пётр"),
        ("Παπαδοπούλου", "Αλέξανδρος"),
        ("李", "小龍"),
    ];
    let mut accepted = 0;
    let mut routes = Vec::new();
    for spec in registry() {
        if spec.request.is_none() {
            continue;
        }
        let mut base = sample(&t, spec);
        if spec.id == "update_user" {
            // Its sample edits other fields; names are editable too.
            base["last_name"] = json!("Roy");
            base["first_name"] = json!("Julien");
        }
        let mut paths = Vec::new();
        nodes(&base, &mut Vec::new(), &mut paths);
        let name_paths: Vec<_> = paths
            .into_iter()
            .filter(|p| matches!(field_name(p), "last_name" | "first_name"))
            .collect();
        if name_paths.is_empty() || spec.id == "restore_manager" {
            // restore_manager only serves an organisation left without a
            // manager; its names go through the same rule as create_user's.
            continue;
        }
        routes.push(spec.id);
        for (i, (last, first)) in names.iter().enumerate() {
            let mut body = base.clone();
            for p in &name_paths {
                let v = if field_name(p) == "last_name" {
                    last
                } else {
                    first
                };
                body = set(&body, p, json!(v));
            }
            // Fresh unique values where the sample's would collide.
            let mut paths = Vec::new();
            nodes(&body, &mut Vec::new(), &mut paths);
            for p in paths {
                match field_name(&p) {
                    "email" => {
                        body = set(&body, &p, json!(format!("{}@exemple.ca", unique("nom."))))
                    }
                    "identifier" => body = set(&body, &p, json!(unique("ORG-"))),
                    _ => {}
                }
            }
            if spec.id == "update_user" {
                let current = call("GET", &url(&run, &t, spec), Some(&t.manager), None)
                    .await
                    .json();
                body["version"] = current["version"].clone();
            }
            let reply = call(
                spec.method,
                &url(&run, &t, spec),
                token(&t, spec),
                Some(body),
            )
            .await;
            assert_eq!(
                reply.status, spec.success.0,
                "{} with {last}, {first} (#{i}): {}",
                spec.id, reply.body
            );
            accepted += 1;
            // Stored as typed (where the answer shows the person).
            let shown = reply.json();
            if shown.get("last_name").is_some() {
                assert_eq!(shown["last_name"], *last);
                assert_eq!(shown["first_name"], *first);
            }
        }
    }
    for want in ["create_user", "update_user", "request_access"] {
        assert!(routes.contains(&want), "{want} not covered: {routes:?}");
    }
    // The list's name filter finds them, accent- and case-insensitively.
    let list = call(
        "GET",
        &format!(
            "{}/orgs/{}/users?name=berube-cote",
            run.base_url, run.demo.org_id
        ),
        Some(&t.manager),
        None,
    )
    .await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(
        list.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["last_name"] == "Bérubé-Côté"),
        "{}",
        list.body
    );
    println!(
        "bad input: {accepted} accented or single-script names accepted on {} routes ({routes:?})",
        routes.len()
    );
}

#[tokio::test]
async fn an_undeclared_method_on_a_known_path_is_a_405_problem_with_allow() {
    let run = local().await;
    let mut by_path: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for spec in registry() {
        by_path.entry(spec.path).or_default().push(spec.method);
    }
    let mut tried = 0;
    for (path, methods) in &by_path {
        let url = format!(
            "{}{}",
            run.base_url,
            path.replace("{org_id}", &run.demo.org_id)
                .replace("{user_id}", &run.demo.manager_id)
                .replace("{establishment_id}", DEMO_ESTABLISHMENTS[0].0)
                .replace("{request_id}", "x")
                .replace("{replacement_id}", "x")
        );
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"] {
            if methods.contains(&method) {
                continue;
            }
            let reply = call(method, &url, None, None).await;
            assert_problem(&reply, 405, "method-not-allowed");
            assert_eq!(reply.json()["status"], 405);
            let mut allow: Vec<&str> = reply
                .header("allow")
                .expect("Allow header")
                .split(", ")
                .collect();
            allow.sort_unstable();
            let mut want = methods.clone();
            want.sort_unstable();
            assert_eq!(allow, want, "{method} {path}");
            tried += 1;
        }
    }
    println!(
        "bad input: {tried} undeclared methods on {} paths, all 405 problem+json with Allow",
        by_path.len()
    );
}
