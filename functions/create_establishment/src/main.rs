//! Lambda `create_establishment`: Add an establishment to the organisation.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::create_establishment::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
