//! Lambda `cancel_leave`: Cancel one's own leave request while it is pending.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::cancel_leave::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
