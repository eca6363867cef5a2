//! Lambda `record_email_events`: records the bounces, complaints and rejections SES reports on their outbox message.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::RECORD_EMAIL_EVENTS;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    const PORTS: sesame::compose::Ports = sesame::compose::worker_ports(&RECORD_EMAIL_EVENTS);
    let context = sesame::compose::context_from_env_with::<PORTS>().await?;
    sesame::http::lambda::serve_worker(context, &RECORD_EMAIL_EVENTS).await
}
