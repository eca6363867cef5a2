//! Lambda `create_user`: Create a user record in an organisation (status draft).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::create_user::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
