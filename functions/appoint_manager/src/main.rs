//! Lambda `appoint_manager`: Appoint a user manager of the organisation.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::appoint_manager::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
