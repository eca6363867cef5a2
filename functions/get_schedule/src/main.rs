//! Lambda `get_schedule`: The caller's schedule for one week (week=its Monday, default this week): her approved hours and approved leave, day by day.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::get_schedule::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
