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
