//! When an outbox email is tried again: a sender claims a message for a
//! lease, and a message SES could not take is retried with exponential
//! backoff until it is given up as failed (managers then see "failed" on
//! the invitation and may resend).

use jiff::SignedDuration;

/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: u32 = 6;

/// How long a claimed message is left to its sender before another may
/// take it (a sender that died mid-way).
pub const LEASE: SignedDuration = SignedDuration::from_secs(60);

/// A pending message younger than this is left to the stream-triggered
/// sender; the periodic sweep takes older ones.
pub const FIRST_BACKOFF: SignedDuration = SignedDuration::from_secs(30);

/// The wait before attempt `attempts + 1` after `attempts` failed ones, or
/// `None` when the message is to be given up.
pub fn retry_delay(attempts: u32) -> Option<SignedDuration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let factor = 1i64 << attempts.saturating_sub(1).min(10);
    Some(SignedDuration::from_secs(
        FIRST_BACKOFF.as_secs().saturating_mul(factor),
    ))
}

/// The fixed-width, sortable form of an instant used in index keys.
pub fn sort_key(at: jiff::Timestamp) -> String {
    format!("{:015}", at.as_millisecond().max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_gives_up() {
        let delays: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|n| retry_delay(n).unwrap().as_secs())
            .collect();
        assert_eq!(delays, vec![30, 60, 120, 240, 480]);
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        assert_eq!(retry_delay(MAX_ATTEMPTS + 5), None);
    }

    #[test]
    fn sort_keys_order_like_instants() {
        let a: jiff::Timestamp = "2026-11-22T09:00:00Z".parse().unwrap();
        let b: jiff::Timestamp = "2026-11-22T09:00:00.5Z".parse().unwrap();
        let c: jiff::Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
        assert!(sort_key(a) < sort_key(b));
        assert!(sort_key(b) < sort_key(c));
        // RFC 3339 text would not: ".5Z" sorts before "Z".
        assert!(b.to_string() < a.to_string());
    }
}

/// The SES message tag that names the outbox message an email came from
/// (set by the mailer; SES hands it back in each event of the email).
pub const OUTBOX_TAG: &str = "outbox";

/// What SES reports after it accepted an email (through the configuration
/// set's event destination, SNS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The recipient's server refused it: `permanent` (no such address) or
    /// not (mailbox full, …); the kind as SES names it.
    Bounced { permanent: bool, kind: String },
    /// The recipient marked it as spam.
    Complained,
    /// SES itself did not send it (a virus, say).
    Rejected,
}

/// One SES event about one email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailEvent {
    pub outbox_id: String,
    /// SES's message id: the event is for this sending of the message.
    pub message_id: String,
    pub outcome: Outcome,
}

/// The SES event an SNS record carries (`Records[].Sns.Message`, a JSON
/// text), when it is one this application records: a bounce, a complaint
/// or a rejection of an email tagged with its outbox message. Nothing else
/// of the event (addresses, diagnostics) is kept.
pub fn email_event(sns_message: &str) -> Option<EmailEvent> {
    let event: serde_json::Value = serde_json::from_str(sns_message).ok()?;
    let kind = event
        .get("eventType")
        .or_else(|| event.get("notificationType"))?
        .as_str()?;
    let outcome = match kind {
        "Bounce" => {
            let bounce = event.get("bounce")?;
            let kind = |key: &str| bounce.get(key).and_then(|v| v.as_str()).unwrap_or("");
            Outcome::Bounced {
                permanent: kind("bounceType") == "Permanent",
                kind: format!("{}/{}", kind("bounceType"), kind("bounceSubType")),
            }
        }
        "Complaint" => Outcome::Complained,
        "Reject" => Outcome::Rejected,
        _ => return None,
    };
    let mail = event.get("mail")?;
    let outbox_id = mail
        .get("tags")?
        .get(OUTBOX_TAG)?
        .as_array()?
        .first()?
        .as_str()?
        .to_string();
    let message_id = mail.get("messageId")?.as_str()?.to_string();
    Some(EmailEvent {
        outbox_id,
        message_id,
        outcome,
    })
}

#[cfg(test)]
mod event_tests {
    use super::*;

    fn event(kind: &str, detail: &str) -> String {
        format!(
            r#"{{"eventType":"{kind}",{detail}"mail":{{"timestamp":"2026-12-03T10:00:00.000Z","source":"no-reply@exemple.ca","messageId":"0100018c-abc","destination":["zoe@exemple.ca"],"tags":{{"outbox":["019a-out"],"ses:configuration-set":["sesame"]}}}}}}"#
        )
    }

    #[test]
    fn a_bounce_names_its_outbox_message_and_whether_it_is_for_good() {
        let text = event(
            "Bounce",
            r#""bounce":{"bounceType":"Permanent","bounceSubType":"NoEmail","bouncedRecipients":[{"emailAddress":"zoe@exemple.ca"}]},"#,
        );
        assert_eq!(
            email_event(&text),
            Some(EmailEvent {
                outbox_id: "019a-out".into(),
                message_id: "0100018c-abc".into(),
                outcome: Outcome::Bounced {
                    permanent: true,
                    kind: "Permanent/NoEmail".into()
                },
            })
        );
        let soft = event(
            "Bounce",
            r#""bounce":{"bounceType":"Transient","bounceSubType":"MailboxFull"},"#,
        );
        assert!(matches!(
            email_event(&soft).unwrap().outcome,
            Outcome::Bounced {
                permanent: false,
                ..
            }
        ));
    }

    #[test]
    fn complaints_and_rejections_are_recorded_other_events_not() {
        let complaint = event(
            "Complaint",
            r#""complaint":{"complaintFeedbackType":"abuse"},"#,
        );
        assert_eq!(
            email_event(&complaint).unwrap().outcome,
            Outcome::Complained
        );
        assert_eq!(
            email_event(&event("Reject", r#""reject":{"reason":"Bad content"},"#))
                .unwrap()
                .outcome,
            Outcome::Rejected
        );
        assert_eq!(email_event(&event("Delivery", "")), None);
        assert_eq!(email_event(&event("Send", "")), None);
        // No outbox tag (an email not from the outbox), or not JSON.
        assert_eq!(
            email_event(r#"{"eventType":"Complaint","mail":{"messageId":"x","tags":{}}}"#),
            None
        );
        assert_eq!(email_event("not json"), None);
    }
}
