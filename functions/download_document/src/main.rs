//! Lambda `download_document`: A presigned download URL for a document shared with the caller.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::download_document::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
