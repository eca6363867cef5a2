//! Lambda `update_settings`: Change the organisation's settings (auto-invite, language, invitation validity, employee-space features and editable profile fields, whether banks of hours may go negative, whom a second factor is required of, which emails members receive by default).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::update_settings::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
