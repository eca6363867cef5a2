//! Builds the AWS SDK clients (explicit timeouts, bounded retries) and the
//! operation context from the environment, once per cold start.

use super::calls::CallCounter;
use super::cognito::CognitoDirectory;
use super::dynamo::DynamoStore;
use super::jwks::JwksVerifier;
use super::ses::SesMailer;
use super::system::{OsRandom, SystemClock};
use crate::config::{AwsSettings, MissingVariable, Settings};
use crate::operations::Context;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SetupError {
    #[error(transparent)]
    Missing(#[from] MissingVariable),
    #[error("TLS roots unavailable: {0}")]
    Tls(#[from] std::io::Error),
}

/// The shared SDK configuration: region, optional emulator endpoint, and the
/// time and retry budget every client uses.
pub async fn sdk_config(settings: &AwsSettings) -> SdkConfig {
    // The local emulator answers one request at a time, so under a parallel
    // test suite a call may wait its turn: it gets a wider budget than AWS.
    let (attempt, total) = if settings.endpoint.is_some() {
        (Duration::from_secs(30), Duration::from_secs(60))
    } else {
        (Duration::from_secs(3), Duration::from_secs(8))
    };
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(settings.region.clone()))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_attempt_timeout(attempt)
                .operation_timeout(total)
                .build(),
        )
        .retry_config(RetryConfig::standard().with_max_attempts(3));
    if let Some(endpoint) = &settings.endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}

/// The context with every AWS adapter, from explicit settings.
pub async fn context(settings: &AwsSettings, app: Settings) -> Result<Context, SetupError> {
    context_counting(settings, app, None).await
}

/// Like [`context`], every SDK call counted by `counter` when given.
pub async fn context_counting(
    settings: &AwsSettings,
    app: Settings,
    counter: Option<CallCounter>,
) -> Result<Context, SetupError> {
    let config = sdk_config(settings).await;
    let mut dynamodb = aws_sdk_dynamodb::config::Builder::from(&config);
    let mut ses = aws_sdk_sesv2::config::Builder::from(&config);
    let mut cognito = aws_sdk_cognitoidentityprovider::config::Builder::from(&config);
    // Path-style addressing: the emulator serves buckets under its own host.
    let mut s3 = aws_sdk_s3::config::Builder::from(&config)
        .force_path_style(settings.endpoint.is_some())
        .request_checksum_calculation(aws_sdk_s3::config::RequestChecksumCalculation::WhenRequired);
    if let Some(counter) = counter {
        dynamodb = dynamodb.interceptor(counter.clone());
        ses = ses.interceptor(counter.clone());
        s3 = s3.interceptor(counter.clone());
        cognito = cognito.interceptor(counter);
    }
    let directory = CognitoDirectory::new(
        aws_sdk_cognitoidentityprovider::Client::from_conf(cognito.build()),
        &settings.user_pool_id,
        &settings.client_id,
    );
    Ok(Context {
        store: Arc::new(DynamoStore::new(
            aws_sdk_dynamodb::Client::from_conf(dynamodb.build()),
            &settings.table,
        )),
        mailer: Arc::new(SesMailer::new(
            aws_sdk_sesv2::Client::from_conf(ses.build()),
            &settings.sender,
        )),
        directory: Arc::new(directory),
        verifier: Arc::new(JwksVerifier::new(
            &settings.jwks_url,
            &settings.issuer,
            &settings.client_id,
        )?),
        clock: Arc::new(SystemClock),
        random: Arc::new(OsRandom),
        files: Arc::new(super::s3::S3Files::new(
            aws_sdk_s3::Client::from_conf(s3.build()),
            &settings.bucket,
        )),
        settings: app,
    })
}

/// The context of a Lambda function, from its environment.
pub async fn context_from_env() -> Result<Context, SetupError> {
    let settings = AwsSettings::from_env()?;
    context(&settings, Settings::from_env()).await
}
