//! Emails as effects of changes. An operation only writes an outbox
//! message in the same transaction as the change that causes it; a sender
//! delivers it afterwards: in AWS the `send_outbox` function, triggered by
//! the table's stream on each new message and every minute for retries;
//! locally the runner's poller. A sender claims a message with a
//! conditional write before handing it to SES, so two senders never send
//! it twice; a message SES cannot take now is retried with backoff, and
//! marked failed after the last attempt (managers see it on the invitation
//! and may resend).

use crate::domain::accounts::invitation::DeliveryStatus;
use crate::domain::delivery::{self, LEASE};
use crate::domain::emails::EmailContent;
use crate::layout::keys;
use crate::layout::records::{
    Channel, Intake, NoticeTo, Notices, OutboxMessage, TextTo, Texts, create, from_item, replace,
};
use crate::operations::{Context, OpError};
use crate::ports::{Condition, MailError, OutgoingEmail, OutgoingText, Query, StoreError, Write};
use serde::Serialize;

/// A new pending message (to be written in the change's transaction).
pub fn message(
    ctx: &Context,
    org_id: Option<&str>,
    to: &str,
    content: EmailContent,
) -> OutboxMessage {
    let now = ctx.clock.now();
    pending(ctx.new_id(), now, org_id, to, content)
}

/// The pending message `id`, written at `now`.
pub fn pending(
    id: String,
    now: jiff::Timestamp,
    org_id: Option<&str>,
    to: &str,
    content: EmailContent,
) -> OutboxMessage {
    OutboxMessage {
        id,
        org_id: org_id.map(str::to_string),
        channel: Channel::Email,
        to: to.to_string(),
        subject: content.subject,
        text: Some(content.text),
        html: Some(content.html),
        status: DeliveryStatus::Pending,
        attempts: 0,
        last_error: None,
        message_id: None,
        next_attempt_at: None,
        intake: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// A public request's work for the sender (to be written by the request,
/// alone in its transaction or with what every path writes alike).
pub fn intake(ctx: &Context, to: &str, intake: Intake) -> OutboxMessage {
    let now = ctx.clock.now();
    let nothing = EmailContent {
        subject: String::new(),
        text: String::new(),
        html: String::new(),
    };
    OutboxMessage {
        text: None,
        html: None,
        intake: Some(intake),
        ..pending(ctx.new_id(), now, None, to, nothing)
    }
}

/// What one sweep of the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sweep {
    pub sent: u32,
    pub retrying: u32,
    pub failed: u32,
    /// Claimed by another sender meanwhile.
    pub skipped: u32,
    /// Intakes left to a full sweep (by [`drain_emails`]).
    pub deferred: u32,
}

impl Sweep {
    fn add(&mut self, other: Sweep) {
        self.sent += other.sent;
        self.retrying += other.retrying;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.deferred += other.deferred;
    }

    /// Whether the sweep took any message.
    fn progressed(&self) -> bool {
        self.sent + self.retrying + self.failed + self.skipped > 0
    }
}

/// The message of each sender run's log line ([`log_sweep`]) and of the
/// line a sweep writes when it finds a message due ([`log_oldest_due`]):
/// the outbox's metrics are read from them (its stack's metric filters).
pub const SWEEP_LOG: &str = "outbox sweep";
pub const DUE_LOG: &str = "outbox oldest due";

/// What a sender run did, one log line (`failed`: the messages given up
/// on, the `OutboxFailedMessages` metric).
pub fn log_sweep(sweep: &Sweep) {
    tracing::info!(
        sent = sweep.sent,
        retrying = sweep.retrying,
        failed = sweep.failed,
        skipped = sweep.skipped,
        deferred = sweep.deferred,
        "{SWEEP_LOG}"
    );
}

/// How long the oldest message due has waited (the
/// `OutboxOldestDueSeconds` metric).
pub fn log_oldest_due(seconds: i64) {
    tracing::info!(oldest_due_seconds = seconds, "{DUE_LOG}");
}

/// Messages read per sweep at most.
const SWEEP_LIMIT: u32 = 100;

/// Delivers every message due now (oldest first, at most 100 per call),
/// intakes included.
pub async fn deliver_due(ctx: &Context) -> Result<Sweep, OpError> {
    sweep_due(ctx, true).await
}

async fn sweep_due(ctx: &Context, intakes: bool) -> Result<Sweep, OpError> {
    let now = ctx.clock.now();
    let page = ctx
        .store
        .query(Query {
            index: Some(crate::ports::store::GSI1),
            pk: keys::OUTBOX_DUE.to_string(),
            sk_prefix: None,
            limit: Some(SWEEP_LIMIT),
            start: None,
            forward: true,
        })
        .await?;
    let mut sweep = Sweep::default();
    for (index, item) in page.items.into_iter().enumerate() {
        let message: OutboxMessage = from_item(item)?;
        match message.due_at() {
            Some(due) if due <= now => {
                // Ordered by due time: the first is the oldest.
                if index == 0 {
                    log_oldest_due(now.duration_since(due).as_secs());
                }
            }
            // The rest is later.
            _ => break,
        }
        if message.intake.as_ref().is_some_and(Intake::public) && !intakes {
            sweep.deferred += 1;
            continue;
        }
        match deliver(ctx, &message).await? {
            None => sweep.skipped += 1,
            Some(DeliveryStatus::Sent) => sweep.sent += 1,
            Some(DeliveryStatus::Failed) => sweep.failed += 1,
            Some(_) => sweep.retrying += 1,
        }
    }
    Ok(sweep)
}

/// Attempts at recording a delivery's outcome (each with the SDK's retries).
const RECORD_ATTEMPTS: u32 = 5;

/// Claims `message`, hands it to the mailer and records the outcome; `None`
/// when another sender claimed it first.
pub async fn deliver(
    ctx: &Context,
    message: &OutboxMessage,
) -> Result<Option<DeliveryStatus>, OpError> {
    let now = ctx.clock.now();
    let mut claimed = message.clone();
    claimed.attempts += 1;
    claimed.version += 1;
    claimed.updated_at = now;
    claimed.next_attempt_at = Some(now.checked_add(LEASE).unwrap_or(now));
    match ctx
        .store
        .transact(vec![replace(&claimed, message.version)])
        .await
    {
        Ok(()) => {}
        Err(StoreError::ConditionFailed { .. }) => return Ok(None),
        Err(other) => return Err(other.into()),
    }
    if let Some(intake) = &claimed.intake {
        return complete(ctx, &claimed, intake).await.map(Some);
    }
    let sent = match claimed.channel {
        Channel::Email => {
            ctx.mailer
                .send(&OutgoingEmail {
                    to: claimed.to.clone(),
                    subject: claimed.subject.clone(),
                    text: claimed.text.clone().unwrap_or_default(),
                    html: claimed.html.clone().unwrap_or_default(),
                    outbox_id: Some(claimed.id.clone()),
                })
                .await
        }
        Channel::Sms => {
            ctx.texter
                .text(&OutgoingText {
                    to: claimed.to.clone(),
                    text: claimed.text.clone().unwrap_or_default(),
                })
                .await
        }
    };
    let mut next = claimed.clone();
    next.version += 1;
    next.updated_at = ctx.clock.now();
    match sent {
        Ok(id) => {
            next.status = DeliveryStatus::Sent;
            next.message_id = Some(id);
            next.last_error = None;
            next.next_attempt_at = None;
            // The bodies may carry single-use links: keep them no longer.
            next.text = None;
            next.html = None;
        }
        Err(MailError::Rejected(reason)) => {
            next.status = DeliveryStatus::Failed;
            next.last_error = Some(reason);
            next.next_attempt_at = None;
        }
        Err(MailError::Unavailable(reason)) => {
            next.last_error = Some(reason);
            match delivery::retry_delay(next.attempts) {
                Some(wait) => {
                    next.status = DeliveryStatus::Retrying;
                    next.next_attempt_at = Some(now.checked_add(wait).unwrap_or(now));
                }
                None => {
                    next.status = DeliveryStatus::Failed;
                    next.next_attempt_at = None;
                }
            }
        }
    }
    // The email is out: recording it matters, since if this write is lost
    // the claim's lease runs out and the message is sent again (at least
    // once, never concurrently). So a store that is briefly unavailable is
    // tried a few more times (on top of the SDK's own retries) before that.
    let mut pause = std::time::Duration::from_millis(100);
    for attempt in 1.. {
        match ctx
            .store
            .transact(vec![replace(&next, claimed.version)])
            .await
        {
            Ok(()) => break,
            Err(StoreError::Unavailable(_)) if attempt < RECORD_ATTEMPTS => {
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            Err(other) => return Err(other.into()),
        }
    }
    tracing::info!(outbox = %message.id, status = ?next.status, attempts = next.attempts, "email delivery");
    Ok(Some(next.status))
}

/// Does a claimed intake's work: its writes and the intake's removal in one
/// transaction, so the work is done once; a failure is retried with the
/// emails' backoff (and, past the last attempt, kept as failed without its
/// details).
async fn complete(
    ctx: &Context,
    claimed: &OutboxMessage,
    intake: &Intake,
) -> Result<DeliveryStatus, OpError> {
    let mut done = claimed.clone();
    done.version += 1;
    done.updated_at = ctx.clock.now();
    let work = match intake {
        Intake::PasswordReset { locale } => {
            crate::operations::accounts::request_password_reset::complete(ctx, &claimed.to, *locale)
                .await
        }
        Intake::AccessRequest(form) => {
            crate::operations::people::request_access::complete(ctx, form).await
        }
        Intake::Notices(notices) => addressed(ctx, claimed.org_id.as_deref(), notices).await,
        Intake::Texts(texts) => Ok(texts
            .to
            .iter()
            .map(|t| create(&text_message(ctx, claimed.org_id.as_deref(), t)))
            .collect()),
    };
    let committed = match work {
        Ok(mut writes) => {
            // Done: the intake goes (it was never an email to account for).
            done.status = DeliveryStatus::Sent;
            writes.push(Write::Delete {
                key: keys::outbox(&claimed.id),
                condition: Some(Condition::VersionIs(claimed.version)),
            });
            ctx.store.transact(writes).await.map_err(OpError::from)
        }
        Err(error) => Err(error),
    };
    if let Err(error) = committed {
        // Retried after its backoff (the details kept), or given up.
        done = claimed.clone();
        done.version += 1;
        done.updated_at = ctx.clock.now();
        done.last_error = Some(error.to_string());
        let now = done.updated_at;
        match delivery::retry_delay(done.attempts) {
            Some(wait) => {
                done.status = DeliveryStatus::Retrying;
                done.next_attempt_at = Some(now.checked_add(wait).unwrap_or(now));
            }
            None => {
                done.status = DeliveryStatus::Failed;
                done.next_attempt_at = None;
                done.intake = None;
            }
        }
        ctx.store
            .transact(vec![replace(&done, claimed.version)])
            .await?;
        tracing::warn!(outbox = %claimed.id, %error, "intake failed");
    }
    Ok(done.status)
}

/// Sweeps until nothing more is due (bounded): what a sender run does.
pub async fn drain(ctx: &Context) -> Result<Sweep, OpError> {
    drain_with(ctx, true).await
}

/// Like [`drain`], emails only: the intakes are left (and counted in
/// `deferred`) for a sweep that runs after the answer, so that a public
/// request's time never depends on what its work finds.
pub async fn drain_emails(ctx: &Context) -> Result<Sweep, OpError> {
    drain_with(ctx, false).await
}

async fn drain_with(ctx: &Context, intakes: bool) -> Result<Sweep, OpError> {
    let mut total = Sweep::default();
    for _ in 0..50 {
        let sweep = sweep_due(ctx, intakes).await?;
        total.add(sweep);
        if !sweep.progressed() {
            if !intakes {
                total.deferred = sweep.deferred;
            }
            break;
        }
    }
    Ok(total)
}

/// A notice to a member of the organisation, in her language (or the
/// organisation's): the one way a context queues a short email.
pub fn notice(
    ctx: &Context,
    org: &crate::domain::organisation::model::Organisation,
    to: &crate::domain::people::membership::Membership,
    fr: (String, Vec<String>),
    en: (String, Vec<String>),
) -> OutboxMessage {
    let locale = to.locale.unwrap_or(org.settings.locale);
    let (subject, lines) = match locale {
        crate::domain::locale::Locale::Fr => fr,
        crate::domain::locale::Locale::En => en,
    };
    let content = crate::domain::emails::notice(
        locale,
        subject,
        &to.first_name,
        lines,
        &ctx.settings.portal_url,
    );
    message(ctx, Some(&org.id), &to.email, content)
}

/// A notice she may choose not to receive (seed 002): none when she — or,
/// for want of her choice, the organisation — turned `kind` off.
pub fn notification(
    ctx: &Context,
    org: &crate::domain::organisation::model::Organisation,
    to: &crate::domain::people::membership::Membership,
    kind: crate::domain::people::notifications::Notification,
    fr: (String, Vec<String>),
    en: (String, Vec<String>),
) -> Option<OutboxMessage> {
    crate::domain::people::notifications::receives(
        &to.notifications,
        &org.settings.notification_defaults,
        kind,
    )
    .then(|| notice(ctx, org, to, fr, en))
}

/// Notices to members of `org_id` (written in the change's transaction
/// instead of the emails, which the sender then addresses): one message;
/// none when `to` is empty.
pub fn notices(
    ctx: &Context,
    org_id: &str,
    notification: crate::domain::people::notifications::Notification,
    to: Vec<NoticeTo>,
) -> Option<OutboxMessage> {
    (!to.is_empty()).then(|| {
        member_intake(
            ctx,
            org_id,
            Intake::Notices(Box::new(Notices { notification, to })),
        )
    })
}

/// Text messages (written in the change's transaction as one message,
/// which the sender turns into one message per text): none when `to` is
/// empty.
pub fn texts(ctx: &Context, org_id: &str, to: Vec<TextTo>) -> Option<OutboxMessage> {
    (!to.is_empty()).then(|| member_intake(ctx, org_id, Intake::Texts(Box::new(Texts { to }))))
}

/// An intake of the organisation's, for no address of its own.
fn member_intake(ctx: &Context, org_id: &str, work: Intake) -> OutboxMessage {
    OutboxMessage {
        org_id: Some(org_id.to_string()),
        ..intake(ctx, "", work)
    }
}

/// One pending text message.
fn text_message(ctx: &Context, org_id: Option<&str>, text: &TextTo) -> OutboxMessage {
    let now = ctx.clock.now();
    let content = EmailContent {
        subject: String::new(),
        text: text.text.clone(),
        html: String::new(),
    };
    OutboxMessage {
        channel: Channel::Sms,
        html: None,
        ..pending(ctx.new_id(), now, org_id, &text.phone, content)
    }
}

/// The emails of a [`notices`] intake: the organisation and the members
/// named read in one batch, each told in her language unless she (or the
/// organisation) turned the kind off; a member gone is told nothing.
async fn addressed(
    ctx: &Context,
    org_id: Option<&str>,
    notices: &Notices,
) -> Result<Vec<Write>, OpError> {
    use crate::domain::organisation::model::Organisation;
    use crate::domain::people::membership::Membership;
    let Some(org_id) = org_id else {
        return Ok(Vec::new());
    };
    let mut wanted = vec![keys::org(org_id)];
    wanted.extend(
        notices
            .to
            .iter()
            .map(|n| keys::membership(org_id, &n.account_id)),
    );
    let mut found = ctx.store.get_many(&wanted).await?.into_iter();
    let Some(Some(org)) = found.next() else {
        return Ok(Vec::new());
    };
    let org: Organisation = from_item(org)?;
    let mut writes = Vec::new();
    for (notice, item) in notices.to.iter().zip(found) {
        let Some(item) = item else { continue };
        let member: Membership = from_item(item)?;
        if let Some(m) = notification(
            ctx,
            &org,
            &member,
            notices.notification,
            notice.fr.clone(),
            notice.en.clone(),
        ) {
            writes.push(create(&m));
        }
    }
    Ok(writes)
}

/// What a batch of SES events did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventsRecorded {
    /// Outcomes recorded on their outbox message.
    pub recorded: u32,
    /// Events of no outbox message, of an earlier sending of one, repeated
    /// (SNS delivers at least once), or of a kind not recorded.
    pub ignored: u32,
}

/// Records an SES event on the outbox message it names, and so on the
/// invitation that points at that message: a bounce, a complaint or a
/// rejection of the email as it was last sent (its SES message id). An
/// event of an earlier sending (the message sent again since), of a message
/// gone, or already recorded changes nothing. Conditional on the version
/// read; should the sender write meanwhile, it is read again.
pub async fn record_event(ctx: &Context, event: &delivery::EmailEvent) -> Result<bool, OpError> {
    let (status, kind) = match &event.outcome {
        delivery::Outcome::Bounced { kind, .. } => (DeliveryStatus::Bounced, kind.clone()),
        delivery::Outcome::Complained => (DeliveryStatus::Complained, "Complaint".to_string()),
        delivery::Outcome::Rejected => (DeliveryStatus::Failed, "Rejected by SES".to_string()),
    };
    for _ in 0..3 {
        let Some(item) = ctx.store.get(&keys::outbox(&event.outbox_id)).await? else {
            return Ok(false);
        };
        let message: OutboxMessage = from_item(item)?;
        if message.message_id.as_deref() != Some(event.message_id.as_str())
            || message.status == status
        {
            return Ok(false);
        }
        let mut next = message.clone();
        next.status = status;
        next.last_error = Some(kind.clone());
        next.next_attempt_at = None;
        next.version += 1;
        next.updated_at = ctx.clock.now();
        match ctx
            .store
            .transact(vec![replace(&next, message.version)])
            .await
        {
            Ok(()) => {
                tracing::info!(outbox = %message.id, status = ?status, "email event recorded");
                return Ok(true);
            }
            Err(StoreError::ConditionFailed { .. }) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    Err(OpError::VersionConflict)
}

/// Records every SES event of an SNS notification batch (`Records[].Sns.
/// Message`); an error fails the invocation, which Lambda retries (the
/// events recorded already are then ignored as repeated).
pub async fn record_events(
    ctx: &Context,
    notification: &serde_json::Value,
) -> Result<EventsRecorded, OpError> {
    let mut done = EventsRecorded::default();
    let records = notification
        .get("Records")
        .and_then(|r| r.as_array())
        .cloned()
        .unwrap_or_default();
    for record in &records {
        let message = record
            .get("Sns")
            .and_then(|s| s.get("Message"))
            .and_then(|m| m.as_str())
            .unwrap_or_default();
        match delivery::email_event(message) {
            Some(event) if record_event(ctx, &event).await? => done.recorded += 1,
            _ => done.ignored += 1,
        }
    }
    Ok(done)
}
