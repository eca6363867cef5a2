//! Lambda `disable_user`: Disable a member of the organisation (active → disabled), effective at once.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::disable_user::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
