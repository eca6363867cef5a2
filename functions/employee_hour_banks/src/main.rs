//! Lambda `employee_hour_banks`: One employee's balance in each bank of hours and her history of movements (opening, adjustments with their notes, approved weeks, leave), newest first.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::employee_hour_banks::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
