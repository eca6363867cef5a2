//! Lambda `sign_in`: Sign in with email and password (and the authenticator app's code when it is on); returns the access token, the refresh token in an HttpOnly cookie.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::sign_in::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
