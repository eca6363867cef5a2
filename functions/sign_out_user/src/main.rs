//! Lambda `sign_out_user`: Sign a member out everywhere (every session of the person ended), audited.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::sign_out_user::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
