//! Lambda `confirm_registration`: Confirm a self-registration with the emailed link's token; the account becomes active.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::confirm_registration::SPEC).await
}
