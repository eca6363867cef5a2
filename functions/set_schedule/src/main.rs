//! Lambda `set_schedule`: Set the schedule of a request (draft → requested); editable until a worker is assigned.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::set_schedule::SPEC).await
}
