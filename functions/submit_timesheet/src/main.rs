//! Lambda `submit_timesheet`: The assigned worker submits her hours per shift (start, end, break, meal).
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::submit_timesheet::SPEC).await
}
