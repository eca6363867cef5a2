//! The API's security headers, generated from the route table: every
//! route answers with them — anonymous or signed in, success or problem —
//! and so do the runner's own 404/405 problems and pages.

use crate::common::*;
use sesame::operations::registry;
use sesame_tests::client::Reply;
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use sesame_tests::template::root;

pub fn assert_api_security_headers(reply: &Reply, what: &str) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
        (
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'",
        ),
        ("referrer-policy", "no-referrer"),
    ] {
        assert_eq!(
            reply.header(name),
            Some(value),
            "{what}: {name} (status {})",
            reply.status
        );
    }
}

#[tokio::test]
async fn every_route_answers_with_the_security_headers_signed_in_or_not() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (mut answers, mut successes, mut problems) = (0, 0, 0);
    for spec in registry() {
        let path = spec
            .path
            .replace("{org_id}", &run.demo.org_id)
            .replace("{user_id}", &run.demo.manager_id)
            .replace("{establishment_id}", DEMO_ESTABLISHMENTS[0].0)
            .replace("{request_id}", "019a0000-0000-7000-8000-00000000c001")
            .replace("{replacement_id}", "019a0000-0000-7000-8000-00000000d0d0")
            .replace("{document_id}", "019a0000-0000-7000-8000-00000000d0c0")
            .replace("{week}", "2026-11-23");
        let sample: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("events").join(format!("{}.json", spec.id)))
                .unwrap(),
        )
        .unwrap();
        let body = sample["body"]
            .as_str()
            .map(|b| serde_json::from_str::<serde_json::Value>(b).unwrap());
        for token in [None, Some(manager.as_str())] {
            let reply = call(spec.method, &format!("{base}{path}"), token, body.clone()).await;
            assert_api_security_headers(&reply, spec.id);
            answers += 1;
            if reply.status < 400 {
                successes += 1;
            } else {
                problems += 1;
            }
        }
    }
    assert!(successes >= 20, "only {successes} successes");
    assert!(problems >= 40, "only {problems} problems");
    // The runner's own problems: unknown path, undeclared method.
    let unknown = call("GET", &format!("{base}/nowhere"), None, None).await;
    assert_problem(&unknown, 404, "not-found");
    let method = call(
        "DELETE",
        &format!("{base}/orgs/{}/payroll", run.demo.org_id),
        None,
        None,
    )
    .await;
    assert_problem(&method, 405, "method-not-allowed");
    // The runner's own pages: never sniffed, cached or framed.
    for page in ["/_outbox", "/openapi.json", "/_routes"] {
        let reply = call("GET", &format!("{base}{page}"), None, None).await;
        assert_eq!(reply.status, 200, "{page}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{page}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{page}");
        assert!(
            reply
                .header("content-security-policy")
                .is_some_and(|c| c.contains("frame-ancestors 'none'")),
            "{page}"
        );
    }
    println!(
        "security headers: {answers} answers over {} routes ({successes} successes, {problems} problems)",
        registry().len()
    );
}
