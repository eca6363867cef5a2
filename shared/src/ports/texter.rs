use crate::ports::MailError;
use async_trait::async_trait;

/// One text message (SMS) to hand to the texting service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingText {
    /// The mobile number, E.164 (`+15145550142`).
    pub to: String,
    pub text: String,
}

/// Sends text messages (SNS in production). Its errors are the mailer's:
/// refused for good, or try again later.
#[async_trait]
pub trait Texter: Send + Sync {
    /// Sends one text and returns the service's message id.
    async fn text(&self, sms: &OutgoingText) -> Result<String, MailError>;
}
