//! Lambda `confirm_sms`: Confirm the authentication phone with the texted code; answers the recovery codes, once.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::confirm_sms::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
