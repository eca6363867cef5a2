use async_trait::async_trait;
use thiserror::Error;

/// One email to hand to the mail service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The outbox message it comes from (tagged on the email, so that the
    /// mail service's later events about it find their message).
    pub outbox_id: Option<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MailError {
    /// The service refused this message for good (e.g. a malformed address).
    #[error("message rejected: {0}")]
    Rejected(String),
    /// Try again later (throttling, outage, time-out).
    #[error("mail service unavailable: {0}")]
    Unavailable(String),
}

/// Sends email (SES v2 in production).
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one message and returns the service's message id.
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError>;
}
