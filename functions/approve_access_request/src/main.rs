//! Lambda `approve_access_request`: Approve a request: the user is created from it at the chosen establishment, then invited.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::approve_access_request::SPEC).await
}
