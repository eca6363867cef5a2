//! Lambda `request_password_reset`: Ask for a password-reset link; the same answer whether or not the email has an account.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::request_password_reset::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
