//! Lambda `update_establishment`: Rename an establishment (and set its address, when given).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::update_establishment::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
