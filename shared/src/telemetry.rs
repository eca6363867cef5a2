//! JSON logs with `tracing`. Never log a password, a token, a key, a secret
//! answer, a full IBAN or a full email address: log ids and redacted forms.

/// Installs the JSON subscriber once (later calls do nothing). The level
/// comes from `RUST_LOG` (default `info`).
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_target(false)
        .try_init();
}
