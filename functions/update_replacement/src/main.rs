//! Lambda `update_replacement`: Modify a request (draft or requested only).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::update_replacement::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
