//! Lambda `payroll_export`: Approved hours of a period as CSV (text/csv), one line per shift.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::payroll_export::SPEC).await
}
