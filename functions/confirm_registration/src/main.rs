//! Lambda `confirm_registration`: Confirm a self-registration with the emailed link's token; the account becomes active.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::confirm_registration::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
