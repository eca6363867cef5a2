//! Lambda `assign_worker`: Dispatch: assign a replacement worker (no overlapping booking); client and worker emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::assign_worker::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
