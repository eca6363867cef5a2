//! AWS call budgets per operation: every mutating operation makes at most
//! two DynamoDB read calls and one write call per request (Cognito and SES
//! calls counted apart), and nothing scans. The runner attributes every
//! SDK call to the operation serving the request
//! ([`sesame::adapters::calls::CallCounter::attribute`]).

use sesame::adapters::calls::{CallCounter, OperationCalls};
use sesame::operations::registry;
use std::collections::BTreeMap;
use std::io::Write;

pub const MAX_READS: u64 = 2;
pub const MAX_WRITES: u64 = 1;

/// Suffix of the operation name under which requests carrying an
/// `Idempotency-Key` are counted: the key costs one conditional write (the
/// claim) and one more (the stored answer), and a replay one read (the
/// stored answer) — AWS Powertools' idempotency design — on top of the
/// operation's own budget.
pub const WITH_KEY: &str = " +Idempotency-Key";

/// An operation over the budget somewhere in the integration suite: the
/// most reads and writes one of its requests made there (a regression past
/// these fails the test command), and why. Every sample request is within
/// the plain budget (`tests/it/budget.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ceiling {
    pub reads: u64,
    pub writes: u64,
    pub why: &'static str,
}

/// Operations allowed more than the budget in the suite (see [`Ceiling`]).
/// "+ identity" is the caller's identity link, read by the first request
/// of a caller in a container (then cached).
pub fn exemption(operation: &str) -> Option<Ceiling> {
    let c = |reads, writes, why| Some(Ceiling { reads, writes, why });
    match operation {
        "assign_worker" => c(
            3,
            1,
            "+ identity on a caller's first request in a container; otherwise within the budget: caller + replacement + worker + its offers' round in one batch, the worker's bookings (Query); the client and those whose offer closes are addressed by the outbox sender",
        ),
        "answer_offer" => c(
            3,
            1,
            "+ identity on a caller's first request in a container; otherwise within the budget: caller + request + its offers' round in one batch, her bookings (Query) so she is never booked twice, then one transaction (first acceptance wins) that also holds the notices the sender addresses to the client and the workers whose offers close",
        ),
        "offer_replacement" => c(
            6,
            1,
            "caller, the request, its round; matching reads the organisation's members, workers' profiles and requests (three Queries by sort-key prefix, no Scan); one transaction holds the round, each worker's pointer and email",
        ),
        "confirm_account" => c(
            3,
            3,
            "the link's token, then the organisation's members partition (Query: her membership and the active managers to tell, seed 003; one more page per 500 members), then her account, the organisation and the establishments of her roles (her summary) in one batch; a single-use link is claimed (one conditional write) before the password is set in Cognito, then the activation's transaction; a use that fails after its claim (wrong security keys: their counter is one more write) releases it",
        ),
        "confirm_login_email" | "reset_password" => c(
            2,
            2,
            "a single-use link is claimed (one conditional write) before Cognito is changed (password, sign-in email), then the change's transaction (a failed use releases the claim instead)",
        ),
        "confirm_registration" => c(
            4,
            2,
            "the registration's token read apart from the account's Query; each activated organisation's members partition (Query: the active managers to tell, seed 003; one per organisation, one more page per 500 members), then the organisations and her establishments (her summaries) in one batch; its single-use claim (one conditional write) before Cognito is enabled, then the activation's transaction",
        ),
        "submit_leave"
        | "submit_week"
        | "set_my_availability"
        | "create_calendar_feed"
        | "revoke_calendar_feed" => c(
            3,
            1,
            "+ identity on a caller's first request in a container, or one read apart from the caller's batch (the leave's bank balance, the week, the availability or the calendar feed as saved: its key names the caller, known only once she is resolved)",
        ),
        "resend_pending" => c(
            3,
            25,
            "one transaction per invitation of the page (up to 25), so one conflict does not hold back the others; the caller's batch, then the members partition, which one page can read in two Query pages (3 reads seen once in the suite after the issue-16 merges)",
        ),
        _ => None,
    }
}

/// The budget without exemptions: (reads, writes).
pub fn plain_budget(counted_as: &str) -> (u64, u64) {
    if counted_as.ends_with(WITH_KEY) {
        (MAX_READS + 1, MAX_WRITES + 2)
    } else {
        (MAX_READS, MAX_WRITES)
    }
}

/// The budget of an operation name as counted, its [`exemption`] standing
/// in where it has one: (reads, writes).
pub fn budget(counted_as: &str) -> (u64, u64) {
    exemption(counted_as).map_or_else(|| plain_budget(counted_as), |e| (e.reads, e.writes))
}

/// Whether an operation changes anything (its method is not GET).
pub fn mutating(operation: &str) -> bool {
    let operation = operation.strip_suffix(WITH_KEY).unwrap_or(operation);
    registry()
        .iter()
        .find(|s| s.id == operation)
        .is_some_and(|s| s.method != "GET")
}

/// One line per operation: the most reads / writes (transactions) /
/// Cognito / SES calls one of its requests made.
pub fn table(calls: &BTreeMap<String, OperationCalls>) -> String {
    let mut out = String::new();
    for (op, c) in calls {
        let (reads, writes) = plain_budget(op);
        let over = match exemption(op) {
            _ if !mutating(op) || (c.max_reads <= reads && c.max_writes <= writes) => "",
            Some(_) => " (over: exempted)",
            None => " (over)",
        };
        out.push_str(&format!(
            "{op:<28} {}/{}({})/{}/{}{over}\n",
            c.max_reads, c.max_writes, c.max_transactions, c.max_cognito, c.max_ses
        ));
    }
    out
}

/// Every breach of the budget in `calls`, one line each; with `exempt`,
/// the [`exemption`] ceilings stand in for the budget.
pub fn breaches(calls: &BTreeMap<String, OperationCalls>, exempt: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (op, c) in calls {
        let scans = c.total.calls.get("DynamoDB.Scan").copied().unwrap_or(0);
        if scans > 0 {
            out.push(format!("{op}: {scans} Scan"));
        }
        if !mutating(op) {
            continue;
        }
        let (reads, writes) = if exempt { budget(op) } else { plain_budget(op) };
        if c.max_reads > reads || c.max_writes > writes {
            out.push(format!(
                "{op}: {} reads and {} writes in one request (at most {reads} and {writes}); {} requests made {:?}",
                c.max_reads, c.max_writes, c.requests, c.total.calls
            ));
        }
    }
    out
}

/// The calls as one JSON object per operation.
pub fn to_json(op: &str, c: &OperationCalls) -> serde_json::Value {
    serde_json::json!({
        "operation": op,
        "requests": c.requests,
        "calls": c.total.calls,
        "scanned": c.total.scanned,
        "max_reads": c.max_reads,
        "max_writes": c.max_writes,
        "max_transactions": c.max_transactions,
        "max_cognito": c.max_cognito,
        "max_ses": c.max_ses,
        "max_scanned": c.max_scanned,
    })
}

/// Appends the counter's per-operation calls to a JSON-lines file.
pub fn append_report(path: &str, calls: &CallCounter) {
    let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    else {
        return;
    };
    let mut text = String::new();
    for (op, c) in calls.by_operation() {
        text.push_str(&to_json(&op, &c).to_string());
        text.push('\n');
    }
    let _ = file.write_all(text.as_bytes());
}

/// Reads back and merges a report written by [`append_report`].
pub fn read_report(path: &str) -> BTreeMap<String, OperationCalls> {
    let mut merged: BTreeMap<String, OperationCalls> = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return merged;
    };
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(op) = v["operation"].as_str() else {
            continue;
        };
        let n = |k: &str| v[k].as_u64().unwrap_or(0);
        let m = merged.entry(op.to_string()).or_default();
        m.requests += n("requests");
        m.total.scanned += n("scanned");
        if let Some(calls) = v["calls"].as_object() {
            for (name, count) in calls {
                *m.total.calls.entry(name.clone()).or_default() += count.as_u64().unwrap_or(0);
            }
        }
        m.max_reads = m.max_reads.max(n("max_reads"));
        m.max_writes = m.max_writes.max(n("max_writes"));
        m.max_transactions = m.max_transactions.max(n("max_transactions"));
        m.max_cognito = m.max_cognito.max(n("max_cognito"));
        m.max_ses = m.max_ses.max(n("max_ses"));
        m.max_scanned = m.max_scanned.max(n("max_scanned"));
    }
    merged
}
