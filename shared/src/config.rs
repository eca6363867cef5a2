//! Configuration from the environment (set by the SAM template in AWS, by
//! the local runner on a developer's machine).

use thiserror::Error;

#[derive(Debug, Error)]
#[error("missing environment variable {0}")]
pub struct MissingVariable(pub &'static str);

/// What operations need to know about the deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Base URL of the browser portal; email links point under it.
    pub portal_url: String,
    /// The secret CloudFront adds to every request it forwards to the API
    /// (header [`ORIGIN_HEADER`]): when set, a request without it — one sent
    /// to the execute-api address directly, around CloudFront and its
    /// headers policy — is refused. Unset locally.
    pub origin_secret: Option<String>,
}

/// The header that carries [`Settings::origin_secret`].
pub const ORIGIN_HEADER: &str = "x-sesame-origin";

/// Where the AWS resources are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsSettings {
    /// Set only to reach a local emulator.
    pub endpoint: Option<String>,
    pub region: String,
    pub table: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub sender: String,
    /// The SES configuration set every email is sent with: its bounces,
    /// complaints and rejections come back to `record_email_events`.
    /// Unset locally (the emulator keeps no events).
    pub configuration_set: Option<String>,
    /// The S3 bucket of receipts and documents.
    pub bucket: String,
    /// The `iss` that tokens must carry.
    pub issuer: String,
    /// Where the pool's keys are published (differs from the issuer locally).
    pub jwks_url: String,
    /// The bank details' KMS key (id or ARN), `SESAME_BANK_DETAILS_KEY`:
    /// set only for the functions that declare the cipher
    /// ([`crate::operations::Uses::cipher`]); one built with it and
    /// without the variable fails at its cold start.
    pub bank_details_key: Option<String>,
}

fn var(name: &'static str) -> Result<String, MissingVariable> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or(MissingVariable(name))
}

impl Settings {
    pub fn from_env() -> Settings {
        Settings {
            portal_url: var("SESAME_PORTAL_URL")
                .unwrap_or_else(|_| "http://127.0.0.1:3000".into())
                .trim_end_matches('/')
                .to_string(),
            origin_secret: var("SESAME_ORIGIN_SECRET").ok(),
        }
    }
}

impl AwsSettings {
    pub fn from_env() -> Result<AwsSettings, MissingVariable> {
        let region = var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into());
        let user_pool_id = var("SESAME_USER_POOL_ID")?;
        let issuer = var("SESAME_TOKEN_ISSUER").unwrap_or_else(|_| {
            format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}")
        });
        let jwks_url =
            var("SESAME_JWKS_URL").unwrap_or_else(|_| format!("{issuer}/.well-known/jwks.json"));
        Ok(AwsSettings {
            endpoint: var("SESAME_AWS_ENDPOINT").ok(),
            table: var("SESAME_TABLE")?,
            client_id: var("SESAME_CLIENT_ID")?,
            sender: var("SESAME_SENDER")?,
            configuration_set: var("SESAME_CONFIGURATION_SET").ok(),
            bucket: var("SESAME_BUCKET")?,
            bank_details_key: var("SESAME_BANK_DETAILS_KEY").ok(),
            region,
            user_pool_id,
            issuer,
            jwks_url,
        })
    }
}
