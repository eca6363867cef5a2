//! Lambda `list_advances`: The caller's advance requests, newest first, or those she may decide (scope=team).
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::list_advances::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
