//! Lambda `offer_replacement`: Dispatch: offer a requested replacement to the workers it matches, preferring its installation first (wave 1), then every match (wave 2); each emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::offer_replacement::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
