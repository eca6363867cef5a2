//! Lambda `decide_week`: Approve (feeds the banks of hours by their rules, locks) or refuse (comment) an employee's submitted week; she is emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::decide_week::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
