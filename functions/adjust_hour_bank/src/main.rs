//! Lambda `adjust_hour_bank`: Set an employee's opening balance in a bank of hours (once) or adjust it with a mandatory note; each its own audited movement of her history.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::adjust_hour_bank::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
