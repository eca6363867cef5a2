//! Lambda `reset_password`: Choose a new password with the reset link's token.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::reset_password::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
