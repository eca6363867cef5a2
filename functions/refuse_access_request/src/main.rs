//! Lambda `refuse_access_request`: Refuse a request with a reason; the requester is told by email.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::refuse_access_request::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
