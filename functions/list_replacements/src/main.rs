//! Lambda `list_replacements`: Replacement requests, newest first, with status and the worker's first name.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::list_replacements::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
