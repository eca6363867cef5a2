//! Lambda `set_schedule`: Set the schedule of a request (draft → requested); editable until a worker is assigned.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::set_schedule::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
