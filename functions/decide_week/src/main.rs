//! Lambda `decide_week`: Approve or refuse an employee's week; approval feeds the banks of hours.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::decide_week::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
