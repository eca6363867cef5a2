//! Typed key builders.
//!
//! | item | PK | SK | GSI1PK | GSI1SK |
//! |---|---|---|---|---|
//! | organisation | `ORG#<org>` | `ORG` | | |
//! | establishment | `ORG#<org>` | `EST#<est>` | | |
//! | membership | `ORG#<org>` | `MEMBER#<account>` | `ACCOUNT#<account>` | `ORG#<org>` |
//!
//! Memberships (not deleted) are also in `GSI2`: `MEMBERS#<org>` /
//! `<folded last name>␁<folded first name>␁<account>`, the user list's
//! default order.
//! | audit event | `ORG#<org>` | `AUDIT#<time>#<id>` | | |
//! | account | `ACCOUNT#<account>` | `ACCOUNT` | `ACCOUNT#<account>` | `ACCOUNT` |
//!
//! An account and its memberships share one `GSI1` partition: one Query
//! reads both (memberships alone: the `ORG#` prefix).
//! | email claim | `EMAIL#<normalised email>` | `EMAIL` | | |
//! | identity link | `IDENTITY#<sub>` | `IDENTITY` | | |
//! | link token | `TOKEN#<sha-256 hex>` | `TOKEN` | | |
//! | live reset link of an account | `RESETLINK#<account>` | `RESETLINK` | | |
//! | access request | `ORG#<org>` | `ACCESSREQ#<id>` | | |
//! | organisation identifier | `ORGID#<IDENTIFIER>` | `ORGID` | | |
//! | calendar feed (by its token's hash) | `CALFEED#<sha-256 hex>` | `CALFEED` | | |
//! | a member's calendar feed | `ORG#<org>` | `CALENDAR#<account>` | | |
//! | offer round | `ORG#<org>` | `OFFERS#<replacement>` | `OFFERS#due` (a step scheduled) | `<due>#<org>#<replacement>` |
//! | outbox message | `OUTBOX#<id>` | `OUTBOX` | `OUTBOX#<status>` | `<created>#<id>` |

use crate::ports::Key;

pub fn org_pk(org: &str) -> String {
    format!("ORG#{org}")
}

pub fn org(org: &str) -> Key {
    Key::new(org_pk(org), "ORG")
}

pub const ESTABLISHMENT_PREFIX: &str = "EST#";

pub fn establishment(org: &str, est: &str) -> Key {
    Key::new(org_pk(org), format!("{ESTABLISHMENT_PREFIX}{est}"))
}

pub const MEMBER_PREFIX: &str = "MEMBER#";

pub fn membership(org: &str, account: &str) -> Key {
    Key::new(org_pk(org), format!("{MEMBER_PREFIX}{account}"))
}

/// Index key of a membership: an account's memberships, by organisation
/// (and the account itself, sort key [`ACCOUNT_SORT`]).
pub fn account_memberships(account: &str) -> String {
    format!("ACCOUNT#{account}")
}

/// Index sort key of the account in its memberships' partition.
pub const ACCOUNT_SORT: &str = "ACCOUNT";

/// Index sort-key prefix of the memberships in an account's partition.
pub const MEMBERSHIPS_SORT_PREFIX: &str = "ORG#";

/// Index (`GSI2`) partition of an organisation's members sorted by name.
pub fn members_by_name(org: &str) -> String {
    format!("MEMBERS#{org}")
}

/// Index (`GSI2`) sort key: folded last and first names, then the id.
pub fn member_name_sort(last_name: &str, first_name: &str, account: &str) -> String {
    use crate::domain::people::user_list::fold;
    format!("{}\u{1}{}\u{1}{account}", fold(last_name), fold(first_name))
}

pub fn account(account: &str) -> Key {
    Key::new(format!("ACCOUNT#{account}"), "ACCOUNT")
}

pub fn email_claim(normalised_email: &str) -> Key {
    Key::new(format!("EMAIL#{normalised_email}"), "EMAIL")
}

/// The SMS challenge a sign-in of this email opened (beside its claim).
pub fn sms_challenge(normalised_email: &str) -> Key {
    Key::new(format!("EMAIL#{normalised_email}"), "SMS-CHALLENGE")
}

pub fn identity(sub: &str) -> Key {
    Key::new(format!("IDENTITY#{sub}"), "IDENTITY")
}

/// Whether a key is an identity link's ([`identity`]).
pub fn is_identity(key: &Key) -> bool {
    key.pk.starts_with("IDENTITY#") && key.sk == "IDENTITY"
}

pub const ACCESS_REQUEST_PREFIX: &str = "ACCESSREQ#";

pub fn access_request(org: &str, id: &str) -> Key {
    Key::new(org_pk(org), format!("{ACCESS_REQUEST_PREFIX}{id}"))
}

/// The claim that makes an organisation identifier unique (upper-cased).
pub fn org_identifier(identifier: &str) -> Key {
    Key::new(
        format!("ORGID#{}", identifier.trim().to_uppercase()),
        "ORGID",
    )
}

pub const REPLACEMENT_PREFIX: &str = "REPL#";

pub fn replacement(org: &str, id: &str) -> Key {
    Key::new(org_pk(org), format!("{REPLACEMENT_PREFIX}{id}"))
}

pub const WORKER_PREFIX: &str = "WORKER#";

/// A replacement worker's profile and availability in one service.
pub fn worker_profile(org: &str, account: &str) -> Key {
    Key::new(org_pk(org), format!("{WORKER_PREFIX}{account}"))
}

pub const OFFER_ROUND_PREFIX: &str = "OFFERS#";

/// Every offer of one request (issue 21): one item.
pub fn offer_round(org: &str, replacement: &str) -> Key {
    Key::new(org_pk(org), format!("{OFFER_ROUND_PREFIX}{replacement}"))
}

/// Index (`GSI1`) partition of the offer rounds with a scheduled step
/// (second wave, dispatcher alert), by due time.
pub const OFFERS_DUE: &str = "OFFERS#due";

/// A worker's pointer to a request offered to her.
pub fn offer_pointer(org: &str, account: &str, replacement: &str) -> Key {
    Key::new(org_pk(org), format!("MYOFFER#{account}#{replacement}"))
}

/// Index (`GSI1`) partition of the requests offered to a worker, newest
/// last.
pub fn worker_offers(account: &str) -> String {
    format!("MYOFFERS#{account}")
}

/// Index (`GSI1`) partition of a worker's assigned replacements.
pub fn worker_bookings(account: &str) -> String {
    format!("BOOKED#{account}")
}

/// A creating request's first answer, by scope (operation and caller).
pub fn idempotency(scope: &str, key: &str) -> Key {
    Key::new(format!("IDEMP#{scope}#{key}"), "IDEMP")
}

/// Marks an account as a platform operator.
pub fn operator(account: &str) -> Key {
    Key::new(format!("OPERATOR#{account}"), "OPERATOR")
}

/// A private calendar feed, found by the hash of the token in its address.
pub fn calendar_feed(hash: &str) -> Key {
    Key::new(format!("CALFEED#{hash}"), "CALFEED")
}

/// A member's one calendar feed (its hash: a new one replaces it).
pub fn calendar_of(org: &str, account: &str) -> Key {
    Key::new(org_pk(org), format!("CALENDAR#{account}"))
}

pub fn token(hash: &str) -> Key {
    Key::new(format!("TOKEN#{hash}"), "TOKEN")
}

/// An account's live password-reset link (the hash of the only reset token
/// that still works); a newer link replaces it, a completed reset or a new
/// password removes it.
pub fn reset_link(account: &str) -> Key {
    Key::new(format!("RESETLINK#{account}"), "RESETLINK")
}

/// The index partition of the outbox messages waiting to be sent.
pub const OUTBOX_DUE: &str = "OUTBOX#due";

pub fn outbox(id: &str) -> Key {
    Key::new(format!("OUTBOX#{id}"), "OUTBOX")
}

pub const AUDIT_PREFIX: &str = "AUDIT#";

pub fn audit(org: &str, at: jiff::Timestamp, id: &str) -> Key {
    Key::new(org_pk(org), format!("{AUDIT_PREFIX}{at}#{id}"))
}

/// Failed attempts at `scope` (sign-in, reset request...) for one subject
/// (a hash, never the email itself) in one time window.
pub fn attempts(scope: &str, subject_hash: &str, window: i64) -> Key {
    Key::new(
        format!("ATTEMPTS#{scope}#{subject_hash}"),
        format!("W#{window}"),
    )
}

// Employee space (seed 002). Everything lives in the organisation's
// partition; the employee's own lists go through GSI1.
//
// | item | PK | SK | GSI1PK | GSI1SK |
// |---|---|---|---|---|
// | leave / expense / advance | `ORG#<org>` | `EREQ#<kind>#<id>` | `EREQ#<org>#<account>` | `<kind>#<id>` |
// | week of hours | `ORG#<org>` | `WEEK#<account>#<monday>` | `WEEKS#<org>#<state>` | `<monday>#<account>` |
// | banks of hours (all of them, one item) | `ORG#<org>` | `HBANKS` | | |
// | bank balance (ADD counter) | `ORG#<org>` | `HBAL#<account>#<bank>` | | |
// | bank movement | `ORG#<org>` | `HMOV#<account>#<millis>#<id>` (opening: `HMOV#<account>#0#<bank>`) | | |
// | bank details | `ORG#<org>` | `BANKDETAILS#<account>` | | |
// | shared document | `ORG#<org>` | `DOC#<id>` | `DOCS#<org>#<account or ALL>` | `<id>` |

pub const EMPLOYEE_REQUEST_PREFIX: &str = "EREQ#";

pub fn employee_request(org: &str, kind: &str, id: &str) -> Key {
    Key::new(org_pk(org), format!("{EMPLOYEE_REQUEST_PREFIX}{kind}#{id}"))
}

/// Index (`GSI1`) partition of one employee's requests.
pub fn employee_requests_of(org: &str, account: &str) -> String {
    format!("EREQ#{org}#{account}")
}

pub fn week(org: &str, account: &str, monday: jiff::civil::Date) -> Key {
    Key::new(org_pk(org), format!("WEEK#{account}#{monday}"))
}

/// Sort-key prefix of one employee's weeks.
pub fn weeks_of(account: &str) -> String {
    format!("WEEK#{account}#")
}

/// Index (`GSI1`) partition of the organisation's weeks in one state.
pub fn weeks_in_state(org: &str, state: &str) -> String {
    format!("WEEKS#{org}#{state}")
}

/// The organisation's banks of hours, all in one item: an organisation has
/// a handful, and every operation that needs one needs the list (to find
/// the bank a leave type is taken from, or those an approved week feeds),
/// so it is read ahead with the caller instead of queried apart.
pub fn hour_banks(org: &str) -> Key {
    Key::new(org_pk(org), "HBANKS")
}

pub fn bank_balance(org: &str, account: &str, bank: &str) -> Key {
    Key::new(org_pk(org), format!("HBAL#{account}#{bank}"))
}

/// One movement of an employee's balances, in time order.
pub fn bank_movement(org: &str, account: &str, at: jiff::Timestamp, id: &str) -> Key {
    Key::new(
        org_pk(org),
        format!(
            "{}{:015}#{id}",
            movements_of(account),
            at.as_millisecond().max(1)
        ),
    )
}

/// The opening balance of an employee in one bank: one such key each, the
/// first of her movements.
pub fn bank_opening(org: &str, account: &str, bank: &str) -> Key {
    Key::new(
        org_pk(org),
        format!("{}{:015}#{bank}", movements_of(account), 0),
    )
}

/// Sort-key prefix of one employee's bank movements.
pub fn movements_of(account: &str) -> String {
    format!("HMOV#{account}#")
}

/// Sort-key prefix of one employee's balances.
pub fn balances_of(account: &str) -> String {
    format!("HBAL#{account}#")
}

pub fn bank_details(org: &str, account: &str) -> Key {
    Key::new(org_pk(org), format!("BANKDETAILS#{account}"))
}

pub fn document(org: &str, id: &str) -> Key {
    Key::new(org_pk(org), format!("DOC#{id}"))
}

/// Index (`GSI1`) partition of the documents shared with one employee
/// (`None`: with everyone).
pub fn documents_for(org: &str, account: Option<&str>) -> String {
    format!("DOCS#{org}#{}", account.unwrap_or("ALL"))
}

/// Object keys in the file bucket.
pub fn receipt_object(org: &str, account: &str, expense: &str) -> String {
    format!("receipts/{org}/{account}/{expense}")
}

pub fn document_object(org: &str, id: &str) -> String {
    format!("documents/{org}/{id}")
}

/// The new address a pending email change verifies (by its token's hash).
pub fn email_change(token_hash: &str) -> Key {
    Key::new(format!("EMAILCHANGE#{token_hash}"), "EMAILCHANGE")
}
