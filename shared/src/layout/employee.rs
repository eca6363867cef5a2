//! Records of the employee space (keys in [`super::keys`]).

use super::keys;
use super::records::Record;
use crate::domain::employee_space::bank_details::BankAccount;
use crate::domain::employee_space::employee::{
    BankRule, DayHours, LeavePeriod, LeaveType, Money, RequestKind, RequestState,
};
use crate::ports::{Key, Sealed};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A file attached to a record (the object itself is in the bucket).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// What the request is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RequestDetails {
    Leave {
        leave_type: LeaveType,
        #[schema(value_type = String, format = Date)]
        start_date: jiff::civil::Date,
        start_half: crate::domain::employee_space::employee::HalfDay,
        #[schema(value_type = String, format = Date)]
        end_date: jiff::civil::Date,
        end_half: crate::domain::employee_space::employee::HalfDay,
        /// Working half days taken.
        half_days: u32,
        /// Minutes taken from the bank fed for this type, if any.
        minutes: i64,
        bank_id: Option<String>,
    },
    Expense {
        #[schema(value_type = String, format = Date)]
        date: jiff::civil::Date,
        category: String,
        amount: Money,
        receipt: Option<Attachment>,
    },
    Advance {
        amount: Money,
    },
}

impl RequestDetails {
    pub fn kind(&self) -> RequestKind {
        match self {
            RequestDetails::Leave { .. } => RequestKind::Leave,
            RequestDetails::Expense { .. } => RequestKind::Expense,
            RequestDetails::Advance { .. } => RequestKind::Advance,
        }
    }

    pub fn leave(
        leave_type: LeaveType,
        p: &LeavePeriod,
        minutes: i64,
        bank_id: Option<String>,
    ) -> Self {
        RequestDetails::Leave {
            leave_type,
            start_date: p.start_date,
            start_half: p.start_half,
            end_date: p.end_date,
            end_half: p.end_half,
            half_days: p.half_days(),
            minutes,
            bank_id,
        }
    }
}

/// A leave request, an expense note or an advance request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EmployeeRequest {
    pub id: String,
    pub org_id: String,
    /// The employee.
    pub account_id: String,
    pub employee_name: String,
    /// The employee's main establishment when asked (who may decide).
    pub establishment_id: Option<String>,
    pub state: RequestState,
    pub details: RequestDetails,
    /// The employee's comment, description or reason.
    pub comment: Option<String>,
    pub decision_comment: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<jiff::Timestamp>,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

impl Record for EmployeeRequest {
    const KIND: &'static str = "employee_request";
    fn key(&self) -> Key {
        keys::employee_request(&self.org_id, self.details.kind().slug(), &self.id)
    }
    fn index_key(&self) -> Option<(String, String)> {
        Some((
            keys::employee_requests_of(&self.org_id, &self.account_id),
            format!("{}#{}", self.details.kind().slug(), self.id),
        ))
    }
}

/// One employee's week of hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Week {
    pub org_id: String,
    pub account_id: String,
    pub employee_name: String,
    pub establishment_id: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub monday: jiff::civil::Date,
    pub days: Vec<DayHours>,
    pub total_minutes: u32,
    /// `pending` (submitted), `approved` or `refused` (to submit again).
    pub state: RequestState,
    pub comment: Option<String>,
    pub decision_comment: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<jiff::Timestamp>,
    /// Minutes credited to each bank on approval.
    #[serde(default)]
    pub credited: Vec<Credit>,
    pub submitted_at: jiff::Timestamp,
    pub version: u64,
}

impl Record for Week {
    const KIND: &'static str = "week";
    fn key(&self) -> Key {
        keys::week(&self.org_id, &self.account_id, self.monday)
    }
    fn index_key(&self) -> Option<(String, String)> {
        let state = match self.state {
            RequestState::Pending => "pending",
            RequestState::Approved => "approved",
            RequestState::Refused => "refused",
            RequestState::Cancelled => "cancelled",
        };
        Some((
            keys::weeks_in_state(&self.org_id, state),
            format!("{}#{}", self.monday, self.account_id),
        ))
    }
}

/// Minutes an approved week added to a bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Credit {
    pub bank: String,
    pub minutes: i64,
}

/// A bank of hours a manager defines (overtime, sick days…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HourBank {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub rule: BankRule,
    /// Leave of this type is taken from this bank.
    pub leave_type: Option<LeaveType>,
    pub created_at: jiff::Timestamp,
    /// Archived: no longer fed by approved weeks, offered for leave nor
    /// adjusted; its balances and their history are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<jiff::Timestamp>,
    pub version: u64,
}

impl HourBank {
    pub fn is_active(&self) -> bool {
        self.archived_at.is_none()
    }
}

/// What moved a bank balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// The balance the employee starts with (once per bank).
    Opening,
    /// A manager's correction, with its note.
    Adjustment,
    /// An approved week of hours (the bank's rule).
    Week,
    /// Approved leave taken from the bank.
    Leave,
}

/// One movement of one employee's balance in one bank: its own record
/// beside the counter it moved (in the same transaction), so the history
/// she sees adds up to her balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BankMovement {
    pub id: String,
    pub org_id: String,
    pub account_id: String,
    pub bank_id: String,
    pub movement: MovementKind,
    /// Signed: credited (positive) or taken (negative).
    pub minutes: i64,
    /// Why (an adjustment always says).
    pub note: Option<String>,
    /// Who: the manager, or who approved the week or the leave.
    pub by: String,
    pub by_name: Option<String>,
    /// The week's Monday or the leave request's id.
    pub source: Option<String>,
    pub at: jiff::Timestamp,
}

impl Record for BankMovement {
    const KIND: &'static str = "bank_movement";
    fn key(&self) -> Key {
        match self.movement {
            // One opening per employee and bank: its key says so (created
            // once: a second one is refused), and sorts it first.
            MovementKind::Opening => {
                keys::bank_opening(&self.org_id, &self.account_id, &self.bank_id)
            }
            _ => keys::bank_movement(&self.org_id, &self.account_id, self.at, &self.id),
        }
    }
}

/// The counter attribute of a bank balance item ([`keys::bank_balance`]):
/// minutes, added to atomically.
pub const BALANCE_MINUTES: &str = "balance_minutes";

/// The minutes of a bank balance item (0 when it has none).
pub fn balance_minutes(item: &crate::ports::Item) -> i64 {
    item.get(BALANCE_MINUTES)
        .and_then(|v| v.as_i64())
        .unwrap_or_default()
}

/// Every bank of hours of an organisation, in one item
/// ([`keys::hour_banks`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourBanks {
    pub org_id: String,
    pub banks: Vec<HourBank>,
    pub version: u64,
}

keyed_records! {
    HourBanks: "hour_banks" => |r| keys::hour_banks(&r.org_id);
    BankDetails: "bank_details" => |r| keys::bank_details(&r.org_id, &r.account_id);
    EmailChange: "email_change" => |r| keys::email_change(&r.token_hash);
}

/// An employee's bank details (full value: read only with the
/// sensitive-data permission, every such read audited).
///
/// The numbers are stored sealed, field by field, under the bank-details
/// KMS key ([`SealedAccount`], [`crate::ports::Cipher`]), each bound to the
/// organisation, the account and the field: whoever reads the table
/// without that key (every other function, a backup, an export) sees only
/// ciphertext, and a sealed value copied onto another person's item does
/// not open. What she is shown (the kind and the masked form) is kept in
/// clear beside them, so showing it needs no key.
///
/// Items written before the encryption hold the account in clear
/// (`account`, no `sealed`): they are still read as they are (shown
/// masked, revealed in full), never written back in that shape: the next
/// change of her bank details replaces the item with the sealed one, and
/// no item is written with both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankDetails {
    pub org_id: String,
    pub account_id: String,
    pub holder: String,
    /// `iban` or `canadian` (empty on an item from before the encryption;
    /// not `kind`, every item's record kind).
    #[serde(default)]
    pub account_type: String,
    /// E.g. `DE89 •••• 3000` (empty on an item from before the encryption).
    #[serde(default)]
    pub masked: String,
    /// The numbers, sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<SealedAccount>,
    /// The account in clear: only on items from before the encryption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<BankAccount>,
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

impl BankDetails {
    /// `iban` or `canadian`, whichever shape the item has.
    pub fn view_kind(&self) -> String {
        match &self.account {
            Some(BankAccount::Iban { .. }) => "iban".into(),
            Some(BankAccount::Canadian { .. }) => "canadian".into(),
            None => self.account_type.clone(),
        }
    }

    /// The masked form, whichever shape the item has.
    pub fn view_masked(&self) -> String {
        match &self.account {
            Some(account) => account.masked(),
            None => self.masked.clone(),
        }
    }
}

/// A bank account with its numbers sealed: the IBAN; the transit and the
/// account number (the institution, a bank's public three-digit number
/// shown in the masked form, stays in clear).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SealedAccount {
    Iban {
        iban: Sealed,
    },
    Canadian {
        transit: Sealed,
        institution: String,
        account: Sealed,
    },
}

/// A document a manager shares with one employee or with all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Document {
    pub id: String,
    pub org_id: String,
    pub title: String,
    /// The employee it is for; `None`: everyone in the organisation.
    pub recipient_id: Option<String>,
    pub file: Attachment,
    pub shared_by: String,
    pub created_at: jiff::Timestamp,
    pub version: u64,
}

impl Record for Document {
    const KIND: &'static str = "document";
    fn key(&self) -> Key {
        keys::document(&self.org_id, &self.id)
    }
    fn index_key(&self) -> Option<(String, String)> {
        Some((
            keys::documents_for(&self.org_id, self.recipient_id.as_deref()),
            self.id.clone(),
        ))
    }
}

/// A login-email change waiting for its link (stored beside the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChange {
    pub token_hash: String,
    pub account_id: String,
    pub org_id: String,
    pub new_email: String,
}
