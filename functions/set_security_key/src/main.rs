//! Lambda `set_security_key`: Set or change the organisation's mail security key (a change: the question and/or only the answer); the other managers are emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::set_security_key::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
