//! Lambda `get_organisation`: The organisation's information and settings.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::get_organisation::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
