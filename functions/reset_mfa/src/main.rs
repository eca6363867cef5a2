//! Lambda `reset_mfa`: Reset a member's two-step verification (authenticator app off, recovery codes dropped, sessions ended); she is emailed; audited.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::reset_mfa::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
