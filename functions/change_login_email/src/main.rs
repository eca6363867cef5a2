//! Lambda `change_login_email`: Ask to sign in with a new email: a verification link goes to it; the change takes effect when it is opened.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::change_login_email::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
