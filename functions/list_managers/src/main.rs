//! Lambda `list_managers`: The organisation's managers and how many are active.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::list_managers::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
