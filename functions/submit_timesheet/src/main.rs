//! Lambda `submit_timesheet`: The assigned worker submits her hours per shift (start, end, break, meal).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::submit_timesheet::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
