//! Lambda `submit_replacement`: Ask for a replacement (installation, function, age group, task, qualified, notes, and optionally the schedule).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::submit_replacement::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
