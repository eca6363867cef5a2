//! Lambda `submit_expense`: Add an expense note (date, category, amount in cents and currency, description, receipt: a presigned upload URL comes back).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::submit_expense::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
