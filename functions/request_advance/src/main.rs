//! Lambda `request_advance`: Ask for an advance (amount in cents and currency, reason).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::request_advance::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
