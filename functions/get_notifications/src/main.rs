//! Lambda `get_notifications`: The emails one may choose not to receive, whether one receives each, and the organisation's default.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::get_notifications::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
