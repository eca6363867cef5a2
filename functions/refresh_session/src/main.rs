//! Lambda `refresh_session`: A new access token for the session cookie's refresh token.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::refresh_session::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
