//! Lambda `resend_pending`: Send every pending invitation again, a batch per call; call again with next_cursor until it is absent.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::resend_pending::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
