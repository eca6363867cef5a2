//! Lambda `expense_receipt`: A presigned download URL for an expense note's receipt.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::expense_receipt::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
