//! Lambda `list_assignments`: The caller's own assignments as a replacement worker, soonest first.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::list_assignments::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
