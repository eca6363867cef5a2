//! Running one operation as a Lambda function.

use super::handle;
use crate::compose::{Ports, context_from_env_with};
use crate::operations::{Context, OperationSpec};
use std::convert::Infallible;
use std::sync::Arc;

pub use lambda_http::Error;

/// A function's whole `main`: logs, the context with the adapters in `P`
/// (pass `sesame::compose::ports(&SPEC)`: only those are built at
/// init, and only those linked), then serves `spec`.
pub async fn run<const P: Ports>(spec: &'static OperationSpec) -> Result<(), Error> {
    crate::telemetry::init();
    let context = context_from_env_with::<P>().await?;
    serve(context, spec).await
}

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

/// Serves a worker as its trigger says.
pub async fn serve_worker(
    ctx: Context,
    worker: &'static crate::operations::WorkerSpec,
) -> Result<(), Error> {
    match worker.trigger {
        crate::operations::Trigger::OutboxDue => serve_outbox(ctx).await,
        crate::operations::Trigger::EmailEvents => serve_email_events(ctx).await,
        crate::operations::Trigger::OfferWavesDue => serve_offer_waves(ctx).await,
    }
}

/// Serves the offer rounds' schedule: every invocation (the minute
/// schedule) takes the steps that are due. An error fails the invocation;
/// the next minute takes them again.
pub async fn serve_offer_waves(ctx: Context) -> Result<(), Error> {
    let ctx = Arc::new(ctx);
    lambda_http::lambda_runtime::run(lambda_http::service_fn(
        move |_event: lambda_http::LambdaEvent<serde_json::Value>| {
            let ctx = Arc::clone(&ctx);
            async move { Ok::<_, Error>(crate::operations::replacements::waves::run_due(&ctx).await?) }
        },
    ))
    .await
}

/// Serves the email events' recorder: each invocation is one SNS
/// notification batch of SES events.
pub async fn serve_email_events(ctx: Context) -> Result<(), Error> {
    let ctx = Arc::new(ctx);
    lambda_http::lambda_runtime::run(lambda_http::service_fn(
        move |event: lambda_http::LambdaEvent<serde_json::Value>| {
            let ctx = Arc::clone(&ctx);
            async move {
                let done = crate::operations::outbox::record_events(&ctx, &event.payload).await?;
                tracing::info!(
                    recorded = done.recorded,
                    ignored = done.ignored,
                    "email events"
                );
                Ok::<_, Error>(done)
            }
        },
    ))
    .await
}

/// Serves the outbox sender: every invocation (a stream batch of new
/// messages, or the minute schedule) drains what is due. An error fails the
/// invocation so the stream batch is retried.
pub async fn serve_outbox(ctx: Context) -> Result<(), Error> {
    let ctx = Arc::new(ctx);
    lambda_http::lambda_runtime::run(lambda_http::service_fn(
        move |_event: lambda_http::LambdaEvent<serde_json::Value>| {
            let ctx = Arc::clone(&ctx);
            async move {
                let sweep = crate::operations::outbox::drain(&ctx).await?;
                crate::operations::outbox::log_sweep(&sweep);
                Ok::<_, Error>(sweep)
            }
        },
    ))
    .await
}
