//! Lambda `confirm_authenticator`: Confirm the authenticator app with a first code; answers the recovery codes, once.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::confirm_authenticator::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
