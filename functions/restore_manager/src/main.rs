//! Lambda `restore_manager`: Operator: give a manager back to an organisation that has none left.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::people::restore_manager::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
