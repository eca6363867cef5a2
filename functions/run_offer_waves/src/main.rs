//! Lambda `run_offer_waves`: sends the offers' second waves and alerts the dispatcher when nobody took a replacement.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::RUN_OFFER_WAVES;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    const PORTS: sesame::compose::Ports = sesame::compose::worker_ports(&RUN_OFFER_WAVES);
    let context = sesame::compose::context_from_env_with::<PORTS>().await?;
    sesame::http::lambda::serve_worker(context, &RUN_OFFER_WAVES).await
}
