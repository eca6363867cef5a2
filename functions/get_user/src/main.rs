//! Lambda `get_user`: One user of the organisation.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::get_user::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
