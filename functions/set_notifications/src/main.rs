//! Lambda `set_notifications`: Choose which emails one receives: each on or off, or back to the organisation's default.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::set_notifications::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
