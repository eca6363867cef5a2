//! Lambda `request_password_reset`: Ask for a password-reset link; the same answer whether or not the email has an account.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::request_password_reset::SPEC).await
}
