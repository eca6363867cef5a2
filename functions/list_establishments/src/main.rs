//! Lambda `list_establishments`: The organisation's establishments.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::list_establishments::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
