//! Lambda `submit_leave`: Ask for leave (type, start and end with half days, bank of hours, comment); shows the balance impact; refused beyond the balance unless banks may go negative.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::submit_leave::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
