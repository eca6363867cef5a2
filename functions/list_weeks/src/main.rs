//! Lambda `list_weeks`: One's weeks of hours with the banks of hours and their balances; scope=team: submitted weeks to approve.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::list_weeks::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
