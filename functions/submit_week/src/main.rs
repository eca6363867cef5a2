//! Lambda `submit_week`: Enter hours per day (integer minutes) and submit the week named by its Monday; locked once approved.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::submit_week::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
