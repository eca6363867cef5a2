//! Lambda `approve_access_request`: Approve a request: the user is created from it at the chosen establishment, then invited.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::approve_access_request::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
