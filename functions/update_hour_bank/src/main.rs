//! Lambda `update_hour_bank`: Rename a bank of hours, archive it (no longer fed, offered for leave or adjusted; balances and history kept) or restore it.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::update_hour_bank::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
