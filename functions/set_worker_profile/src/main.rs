//! Lambda `set_worker_profile`: Dispatch: save a replacement worker's profile (and her availability when given).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::set_worker_profile::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
