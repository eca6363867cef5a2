//! Lambda `decide_expense`: Approve or refuse an expense note with a comment (mandatory to refuse); the employee is emailed.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::employee_space::decide_expense::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
