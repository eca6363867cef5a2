//! Lambda `delete_replacement`: Delete a request (draft or requested only); after assignment, cancel it.
//! All logic lives in the `sesame` library; this only wires it up.

#[tokio::main]
async fn main() -> Result<(), sesame::http::lambda::Error> {
    sesame::telemetry::init();
    let context = sesame::adapters::aws::context_from_env().await?;
    sesame::http::lambda::serve(context, &sesame::operations::delete_replacement::SPEC).await
}
