//! Lambda `submit_leave`: Ask for leave (type, start and end with half days, comment); shows the balance impact.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::submit_leave::SPEC).await
}
