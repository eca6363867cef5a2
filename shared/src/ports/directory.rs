use async_trait::async_trait;
use serde::Serialize;
use thiserror::Error;
use utoipa::ToSchema;

/// Tokens issued by the directory at sign-in (Cognito's, as they are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SessionTokens {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: i32,
    pub token_type: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DirectoryError {
    /// The password does not meet the pool's policy.
    #[error("password does not meet the policy")]
    PasswordPolicy,
    /// Wrong password, unknown user, or a user who cannot sign in yet: one
    /// answer for all, so nobody learns who exists.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The identity is disabled (no active membership left): refused
    /// whatever the password, for Cognito says so before checking it. Not
    /// to be shown as such to a caller who has not proved the password.
    #[error("identity disabled")]
    Disabled,
    /// Try again later.
    #[error("directory unavailable: {0}")]
    Unavailable(String),
}

/// The credential directory (a Cognito user pool in production). Identities
/// are keyed by normalised email.
#[async_trait]
pub trait Directory: Send + Sync {
    /// Creates the identity for `email` (email marked verified, no message
    /// sent) or finds the existing one; returns its stable subject id.
    async fn ensure_identity(&self, email: &str) -> Result<String, DirectoryError>;
    /// Sets a permanent password; the identity becomes confirmed.
    async fn set_password(&self, email: &str, password: &str) -> Result<(), DirectoryError>;
    /// Checks the password and issues session tokens; a disabled identity
    /// answers [`DirectoryError::Disabled`], right password or not.
    async fn sign_in(&self, email: &str, password: &str) -> Result<SessionTokens, DirectoryError>;
    /// Allows or refuses sign-in for the identity (its tokens stay valid
    /// until `sign_out_everywhere`).
    async fn set_enabled(&self, email: &str, enabled: bool) -> Result<(), DirectoryError>;
    /// Revokes every refresh token of the identity (global sign-out).
    async fn sign_out_everywhere(&self, email: &str) -> Result<(), DirectoryError>;
    /// Moves the identity to a new (verified) email; its subject stays.
    async fn change_email(&self, email: &str, new_email: &str) -> Result<(), DirectoryError>;
    /// Deletes the identity; deleting an absent one succeeds.
    async fn delete_identity(&self, email: &str) -> Result<(), DirectoryError>;
}
