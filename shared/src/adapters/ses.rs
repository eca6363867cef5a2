//! The mailer port on SES v2 (`SendEmail`, simple content: text and HTML).

use crate::ports::{MailError, Mailer, OutgoingEmail};
use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};

pub struct SesMailer {
    client: Client,
    sender: String,
}

impl SesMailer {
    pub fn new(client: Client, sender: impl Into<String>) -> SesMailer {
        SesMailer {
            client,
            sender: sender.into(),
        }
    }
}

fn utf8(data: &str) -> Result<Content, MailError> {
    Content::builder()
        .data(data)
        .charset("UTF-8")
        .build()
        .map_err(|e| MailError::Rejected(e.to_string()))
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        let message = Message::builder()
            .subject(utf8(&email.subject)?)
            .body(
                Body::builder()
                    .text(utf8(&email.text)?)
                    .html(utf8(&email.html)?)
                    .build(),
            )
            .build();
        let result = self
            .client
            .send_email()
            .from_email_address(&self.sender)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.message_id.unwrap_or_default()),
            Err(error) => {
                let code = error.code().unwrap_or("").to_string();
                match code.as_str() {
                    "MessageRejected"
                    | "MailFromDomainNotVerifiedException"
                    | "AccountSuspendedException"
                    | "SendingPausedException"
                    | "BadRequestException" => Err(MailError::Rejected(code)),
                    "" => Err(MailError::Unavailable("no answer from SES".into())),
                    _ => Err(MailError::Unavailable(code)),
                }
            }
        }
    }
}
