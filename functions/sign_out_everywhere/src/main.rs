//! Lambda `sign_out_everywhere`: Sign out everywhere: every session of the caller ended.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::sign_out_everywhere::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
