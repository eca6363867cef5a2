//! Lambda `send_outbox`: delivers the emails waiting in the outbox.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::SEND_OUTBOX;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    const PORTS: sesame::compose::Ports = sesame::compose::worker_ports(&SEND_OUTBOX);
    let context = sesame::compose::context_from_env_with::<PORTS>().await?;
    sesame::http::lambda::serve_worker(context, &SEND_OUTBOX).await
}
