//! Lambda `register`: Create an account («Créer un compte»): the same answer whoever is on file; a confirmation link goes by email.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::register::SPEC).await
}
