//! Lambda `update_profile`: Edit one's personal information: the fields the organisation allows (others: 422 naming the field).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::update_profile::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
