//! Lambda `share_document`: Share a document with one employee (recipient_id) or everyone; answers the presigned upload URL.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::share_document::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
