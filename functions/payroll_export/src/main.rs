//! Lambda `payroll_export`: Approved hours of a period as CSV (text/csv), one line per shift, for the establishments where the caller holds reports.
//! All logic lives in the `sesame` library; this only wires it up.

use sesame::operations::replacements::payroll_export::SPEC;

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::http::lambda::run::<{ sesame::compose::ports(&SPEC) }>(&SPEC).await
}
