//! Lambda `request_access`: Ask for an account in an organisation; the same answer whatever is on file.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::request_access::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
