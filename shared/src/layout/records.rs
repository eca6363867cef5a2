//! Records and their mapping to items (with `serde`, never by hand).

use super::keys;
use crate::domain::accounts::account::Account;
use crate::domain::accounts::invitation::{DeliveryStatus, LinkToken};
use crate::domain::delivery;
use crate::domain::organisation::model::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::ports::store::{GSI1PK, GSI1SK, GSI2PK, GSI2SK, PK, SK};
use crate::ports::{Condition, Item, Key, StoreError, Write};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Something stored as one item.
pub trait Record: Serialize + DeserializeOwned {
    /// The `kind` attribute, for humans reading the table.
    const KIND: &'static str;
    fn key(&self) -> Key;
    /// The `GSI1` key, for records in that index.
    fn index_key(&self) -> Option<(String, String)> {
        None
    }
    /// The `GSI2` key, for records in that index.
    fn index2_key(&self) -> Option<(String, String)> {
        None
    }
}

/// A record as an item, with its key attributes.
pub fn to_item<R: Record>(record: &R) -> Item {
    let mut item = match serde_json::to_value(record) {
        Ok(serde_json::Value::Object(map)) => map,
        // Records are structs: they always serialise to an object.
        _ => Item::new(),
    };
    // Absent, not NULL: conditions such as `attribute_not_exists(used_at)`
    // must see an unset optional field as missing.
    item.retain(|_, value| !value.is_null());
    let key = record.key();
    item.insert(PK.into(), key.pk.into());
    item.insert(SK.into(), key.sk.into());
    if let Some((pk, sk)) = record.index_key() {
        item.insert(GSI1PK.into(), pk.into());
        item.insert(GSI1SK.into(), sk.into());
    }
    if let Some((pk, sk)) = record.index2_key() {
        item.insert(GSI2PK.into(), pk.into());
        item.insert(GSI2SK.into(), sk.into());
    }
    item.insert("kind".into(), R::KIND.into());
    item
}

/// An item as a record (key attributes are ignored).
pub fn from_item<R: Record>(item: Item) -> Result<R, StoreError> {
    serde_json::from_value(serde_json::Value::Object(item))
        .map_err(|e| StoreError::Invalid(format!("unreadable {} item: {e}", R::KIND)))
}

/// The counter attribute of the organisation for members in `status`.
pub fn status_counter(status: MembershipStatus) -> Option<&'static str> {
    match status {
        MembershipStatus::Draft => Some("members_draft"),
        MembershipStatus::Invited => Some("members_invited"),
        MembershipStatus::Active => Some("members_active"),
        MembershipStatus::Disabled => Some("members_disabled"),
        MembershipStatus::Deleted => None,
    }
}

/// Counter changes when a member goes from `from` to `to` (`None`: absent).
pub fn status_delta(
    from: Option<MembershipStatus>,
    to: Option<MembershipStatus>,
) -> Vec<(String, i64)> {
    if from == to {
        return Vec::new();
    }
    let mut delta = Vec::new();
    if let Some(attr) = from.and_then(status_counter) {
        delta.push((attr.to_string(), -1));
    }
    if let Some(attr) = to.and_then(status_counter) {
        delta.push((attr.to_string(), 1));
    }
    delta
}

/// One write adding `delta` to the organisation's counters (`None` when
/// nothing changes). Counters change only through `ADD`, never by
/// rewriting the organisation item, so concurrent changes all count.
pub fn count(org_id: &str, delta: Vec<(String, i64)>) -> Option<Write> {
    (!delta.is_empty()).then(|| Write::Add {
        key: keys::org(org_id),
        add: delta,
        condition: Some(Condition::Exists),
    })
}

/// Writes a new record; fails if its key is taken.
pub fn create<R: Record>(record: &R) -> Write {
    Write::Put {
        item: to_item(record),
        condition: Some(Condition::NotExists),
    }
}

/// Replaces a record whose stored version is `expected`.
pub fn replace<R: Record>(record: &R, expected: u64) -> Write {
    Write::Put {
        item: to_item(record),
        condition: Some(Condition::VersionIs(expected)),
    }
}

/// A record under optimistic locking that keeps the time of its last
/// change.
pub trait Revised: Record + Clone {
    /// The time of its last change and its version.
    fn revision(&mut self) -> (&mut jiff::Timestamp, &mut u64);

    /// The record as a change at `now` starts from: a copy dated `now`, one
    /// version on (to be written with `replace(&next, self.version)`).
    fn revised(&self, now: jiff::Timestamp) -> Self {
        let mut next = self.clone();
        let (at, version) = next.revision();
        *at = now;
        *version += 1;
        next
    }
}

macro_rules! revised {
    ($($record:ty),* $(,)?) => {
        $(impl Revised for $record {
            fn revision(&mut self) -> (&mut jiff::Timestamp, &mut u64) {
                (&mut self.updated_at, &mut self.version)
            }
        })*
    };
}

revised!(
    Membership,
    Replacement,
    crate::layout::employee::EmployeeRequest
);

keyed_records! {
    crate::domain::replacements::worker::WorkerProfile: "worker_profile" => |r| keys::worker_profile(&r.org_id, &r.account_id);
    Organisation: "organisation" => |r| keys::org(&r.id);
    Establishment: "establishment" => |r| keys::establishment(&r.org_id, &r.id);
    EmailClaim: "email_claim" => |r| keys::email_claim(&r.email);
    SmsChallenge: "sms_challenge" => |r| keys::sms_challenge(&r.email);
    IdentityLink: "identity" => |r| keys::identity(&r.sub);
    StoredToken: "token" => |r| keys::token(&r.hash);
    ResetLink: "reset_link" => |r| keys::reset_link(&r.account_id);
    IdempotentResult: "idempotency" => |r| keys::idempotency(&r.scope, &r.key);
    Operator: "operator" => |r| keys::operator(&r.account_id);
    OrgIdentifier: "org_identifier" => |r| keys::org_identifier(&r.identifier);
    AccessRequest: "access_request" => |r| keys::access_request(&r.org_id, &r.id);
    AuditEvent: "audit" => |r| keys::audit(&r.org_id, r.at, &r.id);
}

impl Record for crate::domain::replacements::offers::OfferRound {
    const KIND: &'static str = "offer_round";
    fn key(&self) -> Key {
        keys::offer_round(&self.org_id, &self.replacement_id)
    }
    /// A round the schedule has a step for sits in one partition ordered
    /// by when the step is due (the minute sweep reads its head).
    fn index_key(&self) -> Option<(String, String)> {
        self.next.map(|next| {
            (
                keys::OFFERS_DUE.to_string(),
                format!(
                    "{}#{}#{}",
                    crate::domain::delivery::sort_key(next.at),
                    self.org_id,
                    self.replacement_id
                ),
            )
        })
    }
}

impl Record for Membership {
    const KIND: &'static str = "membership";
    fn key(&self) -> Key {
        keys::membership(&self.org_id, &self.account_id)
    }
    fn index_key(&self) -> Option<(String, String)> {
        Some((
            keys::account_memberships(&self.account_id),
            keys::org_pk(&self.org_id),
        ))
    }
    /// The organisation's members by last name (deleted ones leave it).
    fn index2_key(&self) -> Option<(String, String)> {
        (self.status != MembershipStatus::Deleted).then(|| {
            (
                keys::members_by_name(&self.org_id),
                keys::member_name_sort(&self.last_name, &self.first_name, &self.account_id),
            )
        })
    }
}

impl Record for Account {
    const KIND: &'static str = "account";
    fn key(&self) -> Key {
        keys::account(&self.id)
    }
    /// With its memberships, so one Query reads both.
    fn index_key(&self) -> Option<(String, String)> {
        Some((
            keys::account_memberships(&self.id),
            keys::ACCOUNT_SORT.to_string(),
        ))
    }
}

/// The claim that makes an email unique on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailClaim {
    pub email: String,
    pub account_id: String,
}

/// The directory's SMS challenge of a sign-in, kept for the code's answer
/// (signing in again would text another code): bound to the password that
/// opened it by its Argon2id hash, short-lived as the directory's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsChallenge {
    pub email: String,
    pub session: String,
    /// Where the code went, masked as the directory says it.
    pub destination: String,
    pub proof: String,
    pub expires_at: jiff::Timestamp,
    /// Epoch seconds: DynamoDB's time to live removes the item after it.
    pub ttl: i64,
}

/// Links a directory identity (token `sub`) to its account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityLink {
    pub sub: String,
    pub account_id: String,
}

/// A link token under its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredToken {
    pub hash: String,
    #[serde(flatten)]
    pub token: LinkToken,
}

/// The one password-reset link of an account that still works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetLink {
    pub account_id: String,
    pub token_hash: String,
}

/// A public request whose work is done by the outbox sender, after the
/// answer: whoever is on file, the request itself does the same work (one
/// transaction writing this) and answers in the same time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Intake {
    /// A reset link for the message's address, when it has an account.
    PasswordReset {
        locale: crate::domain::locale::Locale,
    },
    /// An access request, stored when the organisation exists and the
    /// address is not already a member there.
    AccessRequest(Box<AccessRequestForm>),
    /// Notices to members of the message's organisation, addressed by the
    /// sender (it reads their memberships then, in one batch) so that the
    /// change that causes them reads no one: a member gone by then is told
    /// nothing, one who turned the kind off neither.
    Notices(Box<Notices>),
    /// Text messages, each written as a message of its own (the sender's
    /// texts are retried apart from the emails of the change).
    Texts(Box<Texts>),
}

impl Intake {
    /// Whether it is a public request's work, done after the answer so that
    /// the request's time never tells what the work finds.
    pub fn public(&self) -> bool {
        matches!(
            self,
            Intake::PasswordReset { .. } | Intake::AccessRequest(_)
        )
    }
}

/// Text messages to send: each number (E.164) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    pub to: Vec<TextTo>,
}

/// One text message, already in its reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextTo {
    pub phone: String,
    pub text: String,
}

/// How a message goes out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// An email (SES), `to` an address.
    #[default]
    Email,
    /// A text message (SNS), `to` a mobile number (E.164), `text` the
    /// message.
    Sms,
}

/// Notices of one kind to members of one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notices {
    pub notification: crate::domain::people::notifications::Notification,
    pub to: Vec<NoticeTo>,
}

/// What one member is told: a subject and lines in French and English (her
/// language, or the organisation's, picks one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeTo {
    pub account_id: String,
    pub fr: (String, Vec<String>),
    pub en: (String, Vec<String>),
}

/// The validated fields of an access request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestForm {
    pub org_identifier: String,
    pub civility: Option<crate::domain::people::membership::Civility>,
    pub last_name: String,
    pub first_name: String,
    pub function: Option<String>,
    pub email: String,
    pub phone: String,
    pub message: Option<String>,
    #[serde(default)]
    pub request_type: crate::domain::people::access_request::RequestType,
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub establishment_wanted: Option<String>,
    pub locale: crate::domain::locale::Locale,
}

/// An email waiting for, or done with, delivery. Written in the same
/// transaction as the change that causes it. With an `intake`, it is not an
/// email yet but a public request's work, which the sender does (and which
/// may write emails of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    pub org_id: Option<String>,
    /// Email (the default) or text message.
    #[serde(default)]
    pub channel: Channel,
    pub to: String,
    pub subject: String,
    /// Cleared once delivered: bodies may carry single-use links.
    pub text: Option<String>,
    pub html: Option<String>,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub message_id: Option<String>,
    /// When a sender may (next) take it: after a retry's backoff or a
    /// claim's lease; unset means at once.
    #[serde(default)]
    pub next_attempt_at: Option<jiff::Timestamp>,
    /// The work of a public request (cleared once done: it may hold
    /// personal details).
    #[serde(default)]
    pub intake: Option<Intake>,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

impl OutboxMessage {
    /// When a sender may take it (pending or retrying), else `None`.
    pub fn due_at(&self) -> Option<jiff::Timestamp> {
        matches!(
            self.status,
            DeliveryStatus::Pending | DeliveryStatus::Retrying
        )
        .then(|| self.next_attempt_at.unwrap_or(self.created_at))
    }
}

impl Record for OutboxMessage {
    const KIND: &'static str = "outbox";
    fn key(&self) -> Key {
        keys::outbox(&self.id)
    }
    /// Messages to send sit in one partition ordered by when they are due
    /// (the sender reads its head); the others by status and creation.
    fn index_key(&self) -> Option<(String, String)> {
        if let Some(due) = self.due_at() {
            return Some((
                keys::OUTBOX_DUE.to_string(),
                format!("{}#{}", delivery::sort_key(due), self.id),
            ));
        }
        let status = serde_json::to_value(self.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        Some((
            format!("OUTBOX#{status}"),
            format!("{}#{}", delivery::sort_key(self.created_at), self.id),
        ))
    }
}

/// A replacement request with its schedule, assignment, timesheet and the
/// client's adjustments (each its own record, never overwriting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replacement {
    pub id: String,
    pub org_id: String,
    pub establishment_id: String,
    /// The establishment's name and address when it was asked for (what
    /// the worker is told: where to go).
    #[serde(default)]
    pub establishment_name: Option<String>,
    #[serde(default)]
    pub establishment_address: Option<String>,
    pub requested_by: String,
    pub function: String,
    pub age_group: String,
    pub task: String,
    pub qualified: bool,
    pub notes: Option<String>,
    pub schedule: Option<crate::domain::replacements::replacement::Schedule>,
    pub status: crate::domain::replacements::replacement::RequestStatus,
    pub worker_id: Option<String>,
    pub worker_first_name: Option<String>,
    pub timesheet: Vec<crate::domain::replacements::replacement::TimesheetEntry>,
    pub adjustments: Vec<crate::domain::replacements::replacement::Adjustment>,
    pub approved_by: Option<String>,
    pub approved_at: Option<jiff::Timestamp>,
    /// When it was first requested (its schedule set): time to fill counts
    /// from here.
    #[serde(default)]
    pub requested_at: Option<jiff::Timestamp>,
    /// When a worker was assigned (by the dispatcher or by her acceptance).
    #[serde(default)]
    pub assigned_at: Option<jiff::Timestamp>,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

impl Record for Replacement {
    const KIND: &'static str = "replacement";
    fn key(&self) -> Key {
        keys::replacement(&self.org_id, &self.id)
    }
    /// Assigned requests are found by worker, to refuse double bookings.
    fn index_key(&self) -> Option<(String, String)> {
        let worker = self.worker_id.as_ref()?;
        let active = !matches!(
            self.status,
            crate::domain::replacements::replacement::RequestStatus::Cancelled
                | crate::domain::replacements::replacement::RequestStatus::Unfilled
        );
        active.then(|| {
            (
                keys::worker_bookings(worker),
                format!("{}#{}", self.org_id, self.id),
            )
        })
    }
}

/// A member's private calendar feed (issue 21): stored twice, under the
/// hash of its address's token (what the feed's reader looks up) and under
/// the member (what she replaces or revokes). The token itself never is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeed {
    pub org_id: String,
    pub account_id: String,
    pub token_hash: String,
    pub created_at: jiff::Timestamp,
}

impl Record for CalendarFeed {
    const KIND: &'static str = "calendar_feed";
    fn key(&self) -> Key {
        keys::calendar_feed(&self.token_hash)
    }
}

/// The member's side of [`CalendarFeed`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberCalendar(pub CalendarFeed);

impl Record for MemberCalendar {
    const KIND: &'static str = "member_calendar";
    fn key(&self) -> Key {
        keys::calendar_of(&self.0.org_id, &self.0.account_id)
    }
}

/// A request offered to a worker (issue 21): found by her, newest last,
/// to list her offers and their answers (the round holds the answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferPointer {
    pub org_id: String,
    pub account_id: String,
    pub replacement_id: String,
    pub offered_at: jiff::Timestamp,
}

impl Record for OfferPointer {
    const KIND: &'static str = "offer_pointer";
    fn key(&self) -> Key {
        keys::offer_pointer(&self.org_id, &self.account_id, &self.replacement_id)
    }
    fn index_key(&self) -> Option<(String, String)> {
        Some((
            keys::worker_offers(&self.account_id),
            format!(
                "{:015}#{}#{}",
                self.offered_at.as_millisecond(),
                self.org_id,
                self.replacement_id
            ),
        ))
    }
}

/// The first answer to a creating request with an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdempotentResult {
    pub scope: String,
    pub key: String,
    pub body_hash: String,
    /// 0 while the first request is still running.
    pub status: u16,
    #[serde(default)]
    pub response: serde_json::Value,
    pub expires_at: jiff::Timestamp,
    /// Epoch seconds: DynamoDB's time to live removes the item after it.
    #[serde(default)]
    pub ttl: i64,
    #[serde(default)]
    pub version: u64,
}

/// A platform operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub account_id: String,
}

/// Claims an organisation identifier (the access-request form names the
/// organisation by it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgIdentifier {
    pub identifier: String,
    pub org_id: String,
}

/// Someone asking for an account in an organisation (seed 004).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AccessRequest {
    pub id: String,
    pub org_id: String,
    pub civility: Option<crate::domain::people::membership::Civility>,
    pub last_name: String,
    pub first_name: String,
    pub function: Option<String>,
    pub email: String,
    pub phone: String,
    pub message: Option<String>,
    /// "Type de demande".
    #[serde(default)]
    pub request_type: crate::domain::people::access_request::RequestType,
    /// "Raison sociale": the company (daycare, employer) she says she works for.
    #[serde(default)]
    pub company_name: Option<String>,
    /// The establishment she asks for, as she named it.
    #[serde(default)]
    pub establishment_wanted: Option<String>,
    pub locale: crate::domain::locale::Locale,
    /// `pending`, `approved` or `refused`.
    pub status: String,
    pub reason: Option<String>,
    /// The user created on approval; for an added establishment, the
    /// member she already is.
    pub user_id: Option<String>,
    pub created_at: jiff::Timestamp,
    pub decided_at: Option<jiff::Timestamp>,
    pub decided_by: Option<String>,
    pub version: u64,
}

/// Who did what, when, where; written with the change it describes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: String,
    pub org_id: String,
    pub at: jiff::Timestamp,
    /// An account id, or `system` / `anonymous`.
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub establishment: Option<String>,
    /// Changed fields: `{"field": {"before": …, "after": …}}` (no secrets).
    pub changes: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_items() {
        let claim = EmailClaim {
            email: "a@b.ca".into(),
            account_id: "acc".into(),
        };
        let item = to_item(&claim);
        assert_eq!(item["PK"], "EMAIL#a@b.ca");
        assert_eq!(item["SK"], "EMAIL");
        assert_eq!(item["kind"], "email_claim");
        assert_eq!(from_item::<EmailClaim>(item).unwrap(), claim);
    }

    #[test]
    fn unset_optional_fields_are_absent() {
        let event = AuditEvent {
            id: "e".into(),
            org_id: "o".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
            actor: "system".into(),
            action: "x".into(),
            target: None,
            establishment: None,
            changes: serde_json::json!({}),
        };
        let item = to_item(&event);
        assert!(!item.contains_key("target"));
        assert_eq!(from_item::<AuditEvent>(item).unwrap(), event);
    }
}
