//! Lambda `get_calendar_feed`: Whether the caller has a private calendar feed of her replacements, and since when.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::get_calendar_feed::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
