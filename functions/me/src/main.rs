//! Lambda `me`: The caller's account, memberships and permissions per establishment.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::me::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
