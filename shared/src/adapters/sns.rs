//! The texter port on SNS (`Publish` to a phone number, transactional:
//! an offer to answer now, not marketing).

use crate::ports::{MailError, OutgoingText, Texter};
use async_trait::async_trait;
use aws_sdk_sns::Client;
use aws_sdk_sns::error::ProvideErrorMetadata;
use aws_sdk_sns::types::MessageAttributeValue;

pub struct SnsTexter {
    client: Client,
}

impl SnsTexter {
    pub fn new(client: Client) -> SnsTexter {
        SnsTexter { client }
    }
}

#[async_trait]
impl Texter for SnsTexter {
    async fn text(&self, sms: &OutgoingText) -> Result<String, MailError> {
        let transactional = MessageAttributeValue::builder()
            .data_type("String")
            .string_value("Transactional")
            .build()
            .map_err(|e| MailError::Rejected(e.to_string()))?;
        let result = self
            .client
            .publish()
            .phone_number(&sms.to)
            .message(&sms.text)
            .message_attributes("AWS.SNS.SMS.SMSType", transactional)
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.message_id.unwrap_or_default()),
            Err(error) => {
                let code = error.code().unwrap_or("").to_string();
                match code.as_str() {
                    // A number SNS cannot text: trying again changes nothing.
                    "InvalidParameter" | "InvalidParameterValue" | "OptedOut" => {
                        Err(MailError::Rejected(code))
                    }
                    "" => Err(MailError::Unavailable("no answer from SNS".into())),
                    _ => Err(MailError::Unavailable(code)),
                }
            }
        }
    }
}
