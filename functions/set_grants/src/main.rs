//! Lambda `set_grants`: Set the user's establishments and the permissions at each (replaces them all).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::set_grants::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
