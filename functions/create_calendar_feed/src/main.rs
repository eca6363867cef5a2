//! Lambda `create_calendar_feed`: Make the caller's private calendar feed (iCalendar) of her replacements: a new address, shown once; the previous one stops working.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::create_calendar_feed::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
