//! Lambda `start_sms`: Start receiving codes by SMS: the mobile number is texted a code that confirms it.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::start_sms::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
