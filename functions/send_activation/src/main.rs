//! Lambda `send_activation`: Send the activation email (draft → invited); sending again rotates the link.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::send_activation::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
