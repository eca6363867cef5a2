//! Lambda `send_outbox`: delivers the emails waiting in the outbox.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context =
        sesame::adapters::aws::context_from_env_with::<{ sesame::adapters::aws::MAILER }>().await?;
    sesame::http::lambda::serve_outbox(context).await
}
