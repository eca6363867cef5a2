//! Lambda `create_hour_bank`: Define a bank of hours: name, feeding rule (overtime beyond a weekly threshold, accrual per mille, none), leave type taken from it.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::create_hour_bank::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
