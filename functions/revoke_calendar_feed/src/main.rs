//! Lambda `revoke_calendar_feed`: Revoke the caller's calendar feed: its address stops working.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::revoke_calendar_feed::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
