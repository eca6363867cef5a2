//! Lambda `submit_week`: Enter hours per day and submit the week.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::submit_week::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
