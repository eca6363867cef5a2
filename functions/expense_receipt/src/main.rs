//! Lambda `expense_receipt`: A presigned download URL for the receipt of an expense note (one's own, or one the caller may decide).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::expense_receipt::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
