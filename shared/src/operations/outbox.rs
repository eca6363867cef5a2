//! Emails as effects of changes: an outbox message is written in the same
//! transaction as the change, then handed to the mailer right away and its
//! outcome recorded. A message that could not be sent stays `retrying` for
//! the retrying sender.

use super::Context;
use crate::domain::emails::EmailContent;
use crate::domain::invitation::DeliveryStatus;
use crate::layout::records::{OutboxMessage, replace};
use crate::ports::{MailError, OutgoingEmail};

/// A new pending message (to be written in the change's transaction).
pub fn message(
    ctx: &Context,
    org_id: Option<&str>,
    to: &str,
    content: EmailContent,
) -> OutboxMessage {
    let now = ctx.clock.now();
    OutboxMessage {
        id: ctx.new_id(),
        org_id: org_id.map(str::to_string),
        to: to.to_string(),
        subject: content.subject,
        text: Some(content.text),
        html: Some(content.html),
        status: DeliveryStatus::Pending,
        attempts: 0,
        last_error: None,
        message_id: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// Sends a committed message and records the outcome. Never fails the
/// operation: the change is done; a failed send is left for retries.
pub async fn deliver(ctx: &Context, message: &OutboxMessage) -> DeliveryStatus {
    let email = OutgoingEmail {
        to: message.to.clone(),
        subject: message.subject.clone(),
        text: message.text.clone().unwrap_or_default(),
        html: message.html.clone().unwrap_or_default(),
    };
    let mut next = message.clone();
    next.attempts += 1;
    next.updated_at = ctx.clock.now();
    next.version += 1;
    match ctx.mailer.send(&email).await {
        Ok(id) => {
            next.status = DeliveryStatus::Sent;
            next.message_id = Some(id);
            next.last_error = None;
            // The bodies may carry single-use links: keep them no longer.
            next.text = None;
            next.html = None;
        }
        Err(MailError::Rejected(reason)) => {
            next.status = DeliveryStatus::Failed;
            next.last_error = Some(reason);
        }
        Err(MailError::Unavailable(reason)) => {
            next.status = DeliveryStatus::Retrying;
            next.last_error = Some(reason);
        }
    }
    match ctx
        .store
        .transact(vec![replace(&next, message.version)])
        .await
    {
        Ok(()) => {}
        Err(error) => {
            tracing::warn!(outbox = %message.id, %error, "could not record the delivery outcome");
        }
    }
    tracing::info!(outbox = %message.id, status = ?next.status, "email delivery");
    next.status
}
