//! The browser portal's hosting: locally, the runner serves `portal/dist`
//! beside the API without shadowing a route; in AWS, CloudFront sends every
//! API route to the HTTP API and everything else to the portal.

use http_body_util::BodyExt;
use sesame_tests::server::{PORTAL_CSP, portal_file, portal_file_for};
use sesame_tests::template::{Template, root};

/// CloudFront path patterns: `*` matches any characters, `/` included.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((prefix, rest)) => {
            assert!(
                rest.is_empty(),
                "only trailing wildcards are used: {pattern}"
            );
            path.starts_with(prefix)
        }
    }
}

fn api_patterns(template: &Template) -> Vec<String> {
    let config = &template.properties("PortalDistribution").unwrap()["DistributionConfig"];
    config["CacheBehaviors"]
        .as_sequence()
        .expect("CacheBehaviors")
        .iter()
        .inspect(|b| {
            assert_eq!(b["TargetOriginId"].as_str(), Some("api"));
            // Uncached, every method, the viewer's headers (Authorization,
            // Accept-Language, Idempotency-Key) forwarded.
            assert_eq!(
                b["CachePolicyId"].as_str(),
                Some("4135ea2d-6df8-44a3-9df3-4b5a84be39ad")
            );
            assert_eq!(
                b["OriginRequestPolicyId"].as_str(),
                Some("b689b0a8-53d0-40ab-baf2-68738e2966ac")
            );
            assert_eq!(b["AllowedMethods"].as_sequence().map(Vec::len), Some(7));
        })
        .map(|b| b["PathPattern"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cloudfront_sends_every_api_route_to_the_api_and_the_portal_paths_to_the_portal() {
    let template = Template::load().unwrap();
    let patterns = api_patterns(&template);
    let routes = template.routes().unwrap();
    assert!(!routes.is_empty());
    for route in &routes {
        // `{param}` segments are any text.
        let concrete = route.path.replace('{', "x").replace('}', "");
        assert!(
            patterns.iter().any(|p| pattern_matches(p, &concrete)),
            "{} {} is not sent to the API by CloudFront",
            route.method,
            route.path
        );
    }
    // The pages the emails open, and the portal's files, stay the portal's.
    for path in [
        "/",
        "/index.html",
        "/activate",
        "/reset",
        "/register/confirm",
        "/confirm-email",
        "/verify-email",
        "/assets/index.js",
    ] {
        assert!(
            !patterns.iter().any(|p| pattern_matches(p, path)),
            "{path} would reach the API"
        );
    }
    // The bucket is private: read by this distribution only, through OAC.
    let bucket = template.properties("PortalBucket").unwrap();
    let block = &bucket["PublicAccessBlockConfiguration"];
    for key in [
        "BlockPublicAcls",
        "BlockPublicPolicy",
        "IgnorePublicAcls",
        "RestrictPublicBuckets",
    ] {
        assert_eq!(block[key].as_bool(), Some(true), "{key}");
    }
    let config = &template.properties("PortalDistribution").unwrap()["DistributionConfig"];
    let origins = config["Origins"].as_sequence().unwrap();
    let portal = origins.iter().find(|o| o["Id"] == "portal").unwrap();
    assert!(portal.get("OriginAccessControlId").is_some());
    assert_eq!(
        config["DefaultCacheBehavior"]["TargetOriginId"].as_str(),
        Some("portal")
    );
}

async fn body(response: sesame_tests::server::Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn the_runner_serves_the_portal_files_and_its_own_paths_as_index_html() {
    let dir = root().join(format!(".local/portal-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>portal</title>",
    )
    .unwrap();
    std::fs::write(dir.join("assets/app-1234.js"), "console.log(1)").unwrap();
    std::fs::write(root().join(".local/secret.txt"), "outside").unwrap();

    let js = portal_file(&dir, "/assets/app-1234.js").await.unwrap();
    assert_eq!(
        js.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(
        js.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(body(js).await, "console.log(1)");

    for path in [
        "/",
        "/activate",
        "/reset",
        "/register/confirm",
        "/confirm-email",
        "/verify-email",
    ] {
        let page = portal_file(&dir, path).await.unwrap();
        assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
        assert_eq!(page.headers()["cache-control"], "no-cache");
        assert!(
            page.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("default-src 'self'")
        );
        assert!(body(page).await.contains("<title>portal</title>"), "{path}");
    }
    // The browser may reach the files bucket (presigned uploads and
    // downloads) and nothing else beyond the origin: locally the emulator,
    // in AWS the bucket's regional domain.
    let page = portal_file_for(&dir, "/", Some("http://127.0.0.1:4566"), None)
        .await
        .unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap();
    assert_eq!(
        csp,
        PORTAL_CSP.replace(
            "connect-src 'self'",
            "connect-src 'self' http://127.0.0.1:4566"
        )
    );
    let template = std::fs::read_to_string(root().join("infra/template.yaml")).unwrap();
    assert!(template.contains(
        "connect-src 'self' https://${FilesBucket.RegionalDomainName}; frame-ancestors 'none'"
    ));
    // A missing file is a 404 (None), not the application; nothing outside
    // the folder is reachable.
    assert!(portal_file(&dir, "/assets/missing.js").await.is_none());
    assert!(portal_file(&dir, "/nowhere").await.is_none());
    assert!(portal_file(&dir, "/activate/more").await.is_none());
    assert!(portal_file(&dir, "/activate/").await.is_some());
    if let Some(r) = portal_file(&dir, "/../secret.txt").await {
        assert_ne!(body(r).await, "outside");
    }
    if let Some(r) = portal_file(&dir, "/assets/../../secret.txt").await {
        assert_ne!(body(r).await, "outside");
    }
    std::fs::remove_file(root().join(".local/secret.txt")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_runner_serves_the_portal_compressed_as_the_browser_accepts_like_cloudfront() {
    let dir = root().join(format!(".local/portal-br-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("assets/app-9.js"), "plain").unwrap();
    std::fs::write(dir.join("assets/app-9.js.br"), "brotli").unwrap();
    std::fs::write(dir.join("assets/app-9.js.gz"), "gzip").unwrap();
    std::fs::write(dir.join("assets/only-gz.css"), "plain").unwrap();
    std::fs::write(dir.join("assets/only-gz.css.gz"), "gzip").unwrap();
    let get = |path: &'static str, accept: Option<&'static str>| {
        let dir = dir.clone();
        async move {
            let r = portal_file_for(&dir, path, None, accept).await.unwrap();
            let coding = r
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_string());
            assert_eq!(r.headers()["vary"], "accept-encoding");
            assert_eq!(
                r.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .split(';')
                    .next(),
                Some(if path.ends_with(".css") {
                    "text/css"
                } else {
                    "text/javascript"
                })
            );
            (coding, body(r).await)
        }
    };
    let br = get("/assets/app-9.js", Some("gzip, deflate, br, zstd")).await;
    assert_eq!(br, (Some("br".into()), "brotli".into()));
    let gz = get("/assets/app-9.js", Some("gzip")).await;
    assert_eq!(gz, (Some("gzip".into()), "gzip".into()));
    let refused = get("/assets/app-9.js", Some("br;q=0, gzip")).await;
    assert_eq!(refused, (Some("gzip".into()), "gzip".into()));
    let plain = get("/assets/app-9.js", None).await;
    assert_eq!(plain, (None, "plain".into()));
    let fallback = get("/assets/only-gz.css", Some("br, gzip")).await;
    assert_eq!(fallback, (Some("gzip".into()), "gzip".into()));
    std::fs::remove_dir_all(&dir).ok();
}

/// A member of the demo organisation with one role preset at Rosemont,
/// activated and signed in: (id, token).
async fn member(
    run: &sesame_tests::stack::LocalRun,
    manager: &str,
    preset: &str,
) -> (String, String) {
    use crate::common::{PASSWORD, emails_to, token_of};
    use crate::common::{call, sign_in, unique};
    let base = &run.base_url;
    let email = format!("{}@exemple.ca", unique(&format!("{preset}.")));
    let created = call(
        "POST",
        &format!("{base}/orgs/{}/users", run.demo.org_id),
        Some(manager),
        Some(serde_json::json!({"civility": "mme", "last_name": "Portail", "first_name": "Wendy",
            "email": email, "phone": "514 555-0142",
            "establishments": [{"establishment_id": sesame_tests::seed::DEMO_ESTABLISHMENTS[0].0, "presets": [preset]}]})),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_string();
    call(
        "POST",
        &format!("{base}/orgs/{}/users/{id}/activation", run.demo.org_id),
        Some(manager),
        None,
    )
    .await;
    let link = emails_to(&email).await.last().unwrap().links()[0].clone();
    let done = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(serde_json::json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    (id, sign_in(base, &email, PASSWORD).await)
}

/// The worker's view: her assignments, soonest first, nobody else's; a
/// cancelled one leaves the list; a client without the timesheet
/// permission is refused; another organisation's path answers 404.
#[tokio::test]
async fn a_worker_lists_her_own_assignments_only() {
    use crate::common::{assert_problem, call, local, sign_in};
    let run = local().await;
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, client) = member(&run, &manager, "client").await;
    let (worker_id, worker) = member(&run, &manager, "replacement_worker").await;
    let (_, other_worker) = member(&run, &manager, "replacement_worker").await;

    let mut ids = Vec::new();
    for (task, start, end) in [
        ("Plus tard", "2027-05-10", "2027-05-11"),
        ("Bientôt", "2027-04-05", "2027-04-05"),
        ("Annulé", "2027-06-01", "2027-06-01"),
    ] {
        let created = call("POST", &format!("{base}/orgs/{org}/replacements"), Some(&client), Some(serde_json::json!({
            "establishment_id": sesame_tests::seed::DEMO_ESTABLISHMENTS[0].0, "function": "Éducatrice",
            "age_group": "Scolaire", "task": task,
            "schedule": {"start_date": start, "end_date": end, "start_time": "08:00", "end_time": "16:00", "unpaid_break_minutes": 30}}))).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.json()["id"].as_str().unwrap().to_string();
        let assigned = call(
            "POST",
            &format!("{base}/orgs/{org}/replacements/{id}/assignment"),
            Some(&manager),
            Some(serde_json::json!({"worker_id": worker_id})),
        )
        .await;
        assert_eq!(assigned.status, 200, "{}", assigned.body);
        ids.push(id);
    }
    let cancelled = call(
        "POST",
        &format!("{base}/orgs/{org}/replacements/{}/cancel", ids[2]),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);

    let mine = call(
        "GET",
        &format!("{base}/orgs/{org}/assignments"),
        Some(&worker),
        None,
    )
    .await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let listed = mine.json();
    let tasks: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["task"].as_str().unwrap())
        .collect();
    assert_eq!(tasks, ["Bientôt", "Plus tard"], "{}", mine.body);
    assert_eq!(mine.json()["total"], 2);
    assert_eq!(mine.json()["items"][0]["schedule"]["shifts"], 1);

    let none = call(
        "GET",
        &format!("{base}/orgs/{org}/assignments"),
        Some(&other_worker),
        None,
    )
    .await;
    assert_eq!(none.status, 200);
    assert_eq!(none.json()["total"], 0, "{}", none.body);

    let refused = call(
        "GET",
        &format!("{base}/orgs/{org}/assignments"),
        Some(&client),
        None,
    )
    .await;
    assert_problem(&refused, 403, "forbidden");

    let elsewhere = call(
        "GET",
        &format!("{base}/orgs/019a0000-0000-7000-8000-0000000fffff/assignments"),
        Some(&worker),
        None,
    )
    .await;
    assert_eq!(elsewhere.status, 404, "{}", elsewhere.body);
}
