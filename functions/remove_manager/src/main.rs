//! Lambda `remove_manager`: Remove a manager (refused for the last active one).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::remove_manager::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
