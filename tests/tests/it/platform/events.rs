//! Each events/ sample, fed to its function's handler (in-memory adapters
//! seeded with the demo organisation and a sample user, fresh per event).

use sesame::operations::registry;
use sesame_tests::samples::{event_text, expectation, memory_fixture};

#[tokio::test]
async fn every_sample_event_reaches_its_handler() {
    for spec in registry() {
        // An operation may name the answer its sample gets (samples.rs);
        // without one, its sample must still reach it and be answered
        // without a server error.
        let expected = expectation(spec.id);
        let status = expected.map_or(
            sesame::domain::people::membership::MembershipStatus::Invited,
            |(s, _)| s,
        );
        let fixture = memory_fixture(status).await;
        let text = event_text(spec.id).unwrap();
        let request = lambda_http::request::from_str(&text)
            .unwrap_or_else(|e| panic!("events/{}.json is not an HTTP API v2 event: {e}", spec.id));
        let response = sesame::http::handle(&fixture.ctx, spec, request).await;
        let body = match response.body() {
            lambda_http::Body::Text(t) => t.clone(),
            _ => String::new(),
        };
        match expected {
            Some((_, want)) => {
                assert_eq!(response.status().as_u16(), want, "{}: {body}", spec.id)
            }
            None => assert!(
                response.status().as_u16() < 500,
                "{}: {} {body}",
                spec.id,
                response.status()
            ),
        }
    }
}

/// With the origin secret set (as in AWS, where CloudFront adds it), every
/// operation refuses a request that lacks it — sent to the execute-api
/// address around CloudFront — before reading anything, and serves the
/// same request carrying it.
#[tokio::test]
async fn every_operation_refuses_a_request_that_did_not_come_through_cloudfront() {
    const SECRET: &str = "une-valeur-que-seul-cloudfront-connait";
    for spec in registry() {
        let mut fixture =
            memory_fixture(sesame::domain::people::membership::MembershipStatus::Invited).await;
        fixture.ctx.settings.origin_secret = Some(SECRET.into());
        let text = event_text(spec.id).unwrap();
        let direct = lambda_http::request::from_str(&text).unwrap();
        let refused = sesame::http::handle(&fixture.ctx, spec, direct).await;
        let body = match refused.body() {
            lambda_http::Body::Text(t) => t.clone(),
            _ => String::new(),
        };
        assert_eq!(refused.status().as_u16(), 403, "{}: {body}", spec.id);
        assert!(
            body.contains("urn:sesame:problem:direct-access"),
            "{}: {body}",
            spec.id
        );

        let mut forged = lambda_http::request::from_str(&text).unwrap();
        forged.headers_mut().insert(
            sesame::config::ORIGIN_HEADER,
            "une-autre-valeur".parse().unwrap(),
        );
        let forged = sesame::http::handle(&fixture.ctx, spec, forged).await;
        assert_eq!(forged.status().as_u16(), 403, "{}", spec.id);

        let mut through = lambda_http::request::from_str(&text).unwrap();
        through
            .headers_mut()
            .insert(sesame::config::ORIGIN_HEADER, SECRET.parse().unwrap());
        let served = sesame::http::handle(&fixture.ctx, spec, through).await;
        let body = match served.body() {
            lambda_http::Body::Text(t) => t.clone(),
            _ => String::new(),
        };
        assert!(!body.contains("direct-access"), "{}: {body}", spec.id);
        assert!(served.status().as_u16() < 500, "{}: {body}", spec.id);
    }
}
