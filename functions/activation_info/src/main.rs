//! Lambda `activation_info`: For an activation link: the organisation, and the security questions when keys are required.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::accounts::activation_info::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
