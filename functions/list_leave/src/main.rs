//! Lambda `list_leave`: The caller's leave requests, newest first, or those she may decide (scope=team); pending ones with their bank's balance before and after approval; the banks leave may be taken from.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::list_leave::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
