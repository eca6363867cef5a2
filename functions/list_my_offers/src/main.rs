//! Lambda `list_my_offers`: A worker's offers: open ones first, then her history (accepted, declined, closed), newest first.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::list_my_offers::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
