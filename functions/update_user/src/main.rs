//! Lambda `update_user`: Edit a user's record (fields given are changed); optimistic locking by version.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::update_user::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
