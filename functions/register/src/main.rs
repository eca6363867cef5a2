//! Lambda `register`: Create an account («Créer un compte»): the same answer whoever is on file; a confirmation link goes by email.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::register::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
