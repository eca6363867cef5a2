//! Lambda `change_email`: Change the email of a user not yet activated and send the invitation again, in one step.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::change_email::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
