//! Lambda `approve_hours`: Approve the submitted hours, with modifications if any (one per date: signed adjustment, meal, mandatory note; the shift's payable hours, adjustments summed, stay within 0 and its span); locks them.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::approve_hours::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
