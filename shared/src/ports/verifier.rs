use async_trait::async_trait;
use thiserror::Error;

/// The caller as proven by a verified session token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The directory's subject id of the identity.
    pub sub: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum VerifyError {
    /// Forged, expired, of the wrong kind or for another client.
    #[error("invalid session token: {0}")]
    Invalid(&'static str),
    /// The key set could not be fetched.
    #[error("key set unavailable: {0}")]
    Unavailable(String),
}

/// Verifies session (access) tokens.
#[async_trait]
pub trait SessionVerifier: Send + Sync {
    async fn verify(&self, token: &str) -> Result<Principal, VerifyError>;

    /// The subject a token claims *before* it is verified, when verifying
    /// it will first have to fetch keys (a cold container): the caller's
    /// identity can then be looked up meanwhile. Nothing may be granted on
    /// it; `None` when verification needs no fetch.
    fn claimed_before_fetch(&self, _token: &str) -> Option<String> {
        None
    }
}
