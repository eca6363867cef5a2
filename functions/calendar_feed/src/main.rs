//! Lambda `calendar_feed`: A private calendar feed (text/calendar): the assignments and requests of the member whose address it is.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::calendar_feed::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
