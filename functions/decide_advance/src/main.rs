//! Lambda `decide_advance`: Approve or refuse an advance request with a comment (mandatory to refuse); the employee is emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::decide_advance::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
