//! Lambda `confirm_login_email`: Confirm a new login email with the link's token: from now on the person signs in with it.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::confirm_login_email::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
