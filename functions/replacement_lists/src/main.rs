//! Lambda `replacement_lists`: The functions and age groups a request may name.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::replacement_lists::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
