//! Lambda `permission_matrix`: The permission catalogue, the role presets and the matrix operation × permission.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::organisation::permission_matrix::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
