//! Lambda `reveal_bank_details`: A member's full bank details (sensitive-data permission); every read is audited.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::reveal_bank_details::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
