//! Lambda `list_hour_banks`: The organisation's banks of hours in the order they were defined, archived ones included.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::list_hour_banks::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
