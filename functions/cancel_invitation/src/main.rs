//! Lambda `cancel_invitation`: Cancel a pending invitation (invited → draft); its link stops working.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::cancel_invitation::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
