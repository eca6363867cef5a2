//! Lambda `replacement_matches`: Dispatch: the workers a replacement matches (those preferring its installation first), and for every other worker why not.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::replacement_matches::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
