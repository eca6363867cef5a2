//! Lambda `list_documents`: The documents shared with the caller (hers and those for everyone), newest first.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::list_documents::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
