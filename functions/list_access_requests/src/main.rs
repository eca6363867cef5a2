//! Lambda `list_access_requests`: Account-creation requests, newest first (pending by default).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::list_access_requests::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
