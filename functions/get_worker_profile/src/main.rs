//! Lambda `get_worker_profile`: Dispatch: a replacement worker's profile and availability (empty until first saved).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::get_worker_profile::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
