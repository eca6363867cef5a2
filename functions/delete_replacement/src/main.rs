//! Lambda `delete_replacement`: Delete a request (draft or requested only); after assignment, cancel it.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::delete_replacement::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
