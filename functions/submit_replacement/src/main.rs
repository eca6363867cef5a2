//! Lambda `submit_replacement`: Ask for a replacement (installation, function, age group, task, qualified, notes, and optionally the schedule); Idempotency-Key honoured.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::submit_replacement::SPEC).await
}
