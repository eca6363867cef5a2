//! Lambda `cancel_replacement`: Cancel a request (requested or assigned); the worker is emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::cancel_replacement::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
