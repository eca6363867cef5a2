//! Lambda `my_worker_profile`: A replacement worker's own profile and availability.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::my_worker_profile::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
