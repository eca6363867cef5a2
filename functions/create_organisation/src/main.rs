//! Lambda `create_organisation`: Operator: create an organisation with its first manager (invited).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::create_organisation::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
