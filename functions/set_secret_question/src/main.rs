//! Lambda `set_secret_question`: Set the user's secret question and answer (asked at activation).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::set_secret_question::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
