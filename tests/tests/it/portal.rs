//! The browser portal's hosting: locally, the runner serves `portal/dist`
//! beside the API without shadowing a route; in AWS, CloudFront sends every
//! API route to the HTTP API and everything else to the portal.

use http_body_util::BodyExt;
use sesame_tests::server::portal_file;
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

    for path in ["/", "/activate", "/reset", "/register/confirm"] {
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
    // A missing file is a 404 (None), not the application; nothing outside
    // the folder is reachable.
    assert!(portal_file(&dir, "/assets/missing.js").await.is_none());
    if let Some(r) = portal_file(&dir, "/../secret.txt").await {
        assert_ne!(body(r).await, "outside");
    }
    if let Some(r) = portal_file(&dir, "/assets/../../secret.txt").await {
        assert_ne!(body(r).await, "outside");
    }
    std::fs::remove_file(root().join(".local/secret.txt")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
