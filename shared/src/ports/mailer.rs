use async_trait::async_trait;
use thiserror::Error;

/// One email to hand to the mail service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
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
