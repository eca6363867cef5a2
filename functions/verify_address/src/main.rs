//! Lambda `verify_address`: Confirm one's email address with the first of two activation emails' token; the second email, to choose a password, is sent.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::verify_address::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
