//! Lambda `mark_unfilled`: Dispatch: mark a request unfilled; the client is emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::mark_unfilled::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
