//! Lambda `get_reports`: A period's figures where the caller holds reports: approved hours per establishment, replacements per status, leave taken; JSON or CSV.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::get_reports::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
