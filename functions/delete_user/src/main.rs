//! Lambda `delete_user`: Delete a member; the account and its identity go with its last membership.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::delete_user::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
