//! Lambda `update_organisation`: Edit the organisation's information; category, identifier and registry numbers are immutable once set.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::update_organisation::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
