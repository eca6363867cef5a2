//! Lambda `get_service_contact`: How a client reaches the replacement service: its name, address, email and phone.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::get_service_contact::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
