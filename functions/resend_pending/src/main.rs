//! Lambda `resend_pending`: Send every pending invitation again, a batch per call; call again with next_cursor until it is absent.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::resend_pending::SPEC).await
}
