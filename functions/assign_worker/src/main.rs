//! Lambda `assign_worker`: Dispatch: assign a replacement worker (no overlapping booking); client and worker emailed.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::assign_worker::SPEC).await
}
