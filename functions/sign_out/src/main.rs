//! Lambda `sign_out`: Sign out this browser: its refresh token revoked, its session cookie removed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::sign_out::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
