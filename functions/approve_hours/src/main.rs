//! Lambda `approve_hours`: Approve the submitted hours, with modifications (signed adjustment, meal, mandatory note) if any; locks them.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::approve_hours::SPEC).await
}
