//! Each events/ sample, fed to its function's handler (in-memory adapters
//! seeded with the demo organisation and a sample user, fresh per event).

use sesame::operations::registry;
use sesame_tests::samples::{event_text, expectation, memory_fixture};

#[tokio::test]
async fn every_sample_event_reaches_its_handler() {
    for spec in registry() {
        let (status, want) = expectation(spec.id)
            .unwrap_or_else(|| panic!("no expectation for the sample of {}", spec.id));
        let fixture = memory_fixture(status).await;
        let text = event_text(spec.id).unwrap();
        let request = lambda_http::request::from_str(&text)
            .unwrap_or_else(|e| panic!("events/{}.json is not an HTTP API v2 event: {e}", spec.id));
        let response = sesame::http::handle(&fixture.ctx, spec, request).await;
        let body = match response.body() {
            lambda_http::Body::Text(t) => t.clone(),
            _ => String::new(),
        };
        assert_eq!(response.status().as_u16(), want, "{}: {body}", spec.id);
    }
}
