//! Lambda `set_bank_details`: Enter one's bank details: an IBAN (ISO 13616 check digits) or a Canadian transit (5), institution (3) and account (7-12); answered masked.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::set_bank_details::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
