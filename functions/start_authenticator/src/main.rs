//! Lambda `start_authenticator`: Start enrolling an authenticator app: its secret and otpauth URI (for the QR code).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::start_authenticator::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
