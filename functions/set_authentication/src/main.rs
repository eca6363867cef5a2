//! Lambda `set_authentication`: Set a member's authentication mode (none, sms or totp) and authentication phone; she is emailed and sets it up at her next sign-in; audited.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::set_authentication::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
