//! Lambda `find_organisation`: Operator: an organisation by its identifier, with its number of active managers.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::find_organisation::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
