//! Running one operation as a Lambda function.

use super::handle;
use crate::operations::{Context, OperationSpec};
use std::convert::Infallible;
use std::sync::Arc;

pub use lambda_http::Error;

/// Serves `spec` with the adapters in `ctx` (built once per cold start)
/// until the Lambda runtime stops.
pub async fn serve(ctx: Context, spec: &'static OperationSpec) -> Result<(), Error> {
    let ctx = Arc::new(ctx);
    lambda_http::run(lambda_http::service_fn(move |request| {
        let ctx = Arc::clone(&ctx);
        async move { Ok::<_, Infallible>(handle(&ctx, spec, request).await) }
    }))
    .await
}
