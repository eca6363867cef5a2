//! The mailer port on SES v2 (`SendEmail`, simple content: text and HTML).

use crate::domain::delivery::OUTBOX_TAG;
use crate::ports::{MailError, Mailer, OutgoingEmail};
use async_trait::async_trait;
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::error::ProvideErrorMetadata;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message, MessageTag};

pub struct SesMailer {
    client: Client,
    sender: String,
    configuration_set: Option<String>,
}

impl SesMailer {
    pub fn new(client: Client, sender: impl Into<String>) -> SesMailer {
        SesMailer {
            client,
            sender: sender.into(),
            configuration_set: None,
        }
    }

    /// Every email sent with this configuration set (its events published).
    pub fn with_configuration_set(mut self, name: Option<String>) -> SesMailer {
        self.configuration_set = name;
        self
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
        let mut call = self
            .client
            .send_email()
            .from_email_address(&self.sender)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .content(EmailContent::builder().simple(message).build())
            .set_configuration_set_name(self.configuration_set.clone());
        if let Some(id) = &email.outbox_id {
            let tag = MessageTag::builder()
                .name(OUTBOX_TAG)
                .value(id)
                .build()
                .map_err(|e| MailError::Rejected(e.to_string()))?;
            call = call.email_tags(tag);
        }
        let result = call.send().await;
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
