//! Lambda `list_expenses`: The caller's expense notes, newest first, or those she may decide (scope=team).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::list_expenses::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
