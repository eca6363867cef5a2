//! Lambda `enable_user`: Enable a disabled member again (disabled → active), with the same grants.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::enable_user::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
