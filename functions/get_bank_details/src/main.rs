//! Lambda `get_bank_details`: One's own bank details, masked.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::get_bank_details::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
