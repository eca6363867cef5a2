//! Lambda `archive_establishment`: Archive an establishment: history kept, grants there stop working.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::archive_establishment::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
