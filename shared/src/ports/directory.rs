use crate::domain::accounts::mfa::Method;
use async_trait::async_trait;
use thiserror::Error;

/// Tokens issued by the directory at sign-in (Cognito's, as they are).
/// Never answered as they are: the refresh token goes into an `HttpOnly`
/// cookie only (see `operations::accounts::support::session`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTokens {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: i32,
    pub token_type: String,
}

/// What a right password opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedIn {
    /// A session.
    Tokens(SessionTokens),
    /// The identity has an authenticator app: its code is asked next, with
    /// this challenge session (the directory's, short-lived).
    TotpRequired { session: String },
    /// The identity has codes by SMS on: the directory has texted one to
    /// `destination` (masked, e.g. `+*******0123`), asked next with this
    /// challenge session.
    SmsRequired {
        session: String,
        destination: String,
    },
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DirectoryError {
    /// A wrong authenticator code (enrolment or sign-in).
    #[error("wrong code")]
    WrongCode,
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
    async fn sign_in(&self, email: &str, password: &str) -> Result<SignedIn, DirectoryError>;
    /// Answers the authenticator-app challenge of a sign-in with its code.
    async fn answer_totp(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<SessionTokens, DirectoryError>;
    /// Answers the SMS challenge of a sign-in with the texted code (a
    /// wrong one leaves the challenge open for another try).
    async fn answer_sms(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<SessionTokens, DirectoryError>;
    /// Starts enrolling codes by SMS: `phone` (E.164) becomes the
    /// identity's authentication phone, unverified, and a verification code
    /// is texted to it.
    async fn start_sms(
        &self,
        access_token: &str,
        email: &str,
        phone: &str,
    ) -> Result<(), DirectoryError>;
    /// Confirms the phone with the texted code; from then on sign-in texts
    /// a code (the authenticator app, if any, is no longer asked).
    async fn confirm_sms(&self, access_token: &str, code: &str) -> Result<(), DirectoryError>;
    /// Starts enrolling an authenticator app for the session's identity:
    /// the shared secret (base32) to show as a QR code.
    async fn start_totp(&self, access_token: &str) -> Result<String, DirectoryError>;
    /// Confirms the enrolment with a first code; from then on sign-in asks
    /// for a code.
    async fn confirm_totp(&self, access_token: &str, code: &str) -> Result<(), DirectoryError>;
    /// Switches one of the identity's factors on or off as the one sign-in
    /// asks for (off: no code asked; on again: the enrolled app, or the
    /// verified phone).
    async fn set_factor(
        &self,
        email: &str,
        method: Method,
        enabled: bool,
    ) -> Result<(), DirectoryError>;
    /// Allows or refuses sign-in for the identity (its tokens stay valid
    /// until `sign_out_everywhere`).
    async fn set_enabled(&self, email: &str, enabled: bool) -> Result<(), DirectoryError>;
    /// Revokes every refresh token of the identity (global sign-out).
    async fn sign_out_everywhere(&self, email: &str) -> Result<(), DirectoryError>;
    /// New tokens for a refresh token (a new refresh token too when the
    /// directory rotates them); a revoked, expired or unknown one answers
    /// [`DirectoryError::InvalidCredentials`].
    async fn refresh(&self, refresh_token: &str) -> Result<SessionTokens, DirectoryError>;
    /// Revokes one refresh token and the access tokens it issued (signing
    /// out one browser); an unknown one succeeds.
    async fn revoke(&self, refresh_token: &str) -> Result<(), DirectoryError>;
    /// Moves the identity to a new (verified) email; its subject stays.
    async fn change_email(&self, email: &str, new_email: &str) -> Result<(), DirectoryError>;
    /// Deletes the identity; deleting an absent one succeeds.
    async fn delete_identity(&self, email: &str) -> Result<(), DirectoryError>;
}
