//! Lambda `confirm_account`: Activate an account with the emailed link's token and a new password.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::confirm_account::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
