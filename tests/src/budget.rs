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

/// An operation over the budget today: the most reads and writes one of
/// its requests may make (a regression past these fails the tests), and
/// why (shown by the benchmark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ceiling {
    pub reads: u64,
    pub writes: u64,
    pub why: &'static str,
}

/// Operations allowed more than the budget (see [`Ceiling`]).
pub fn exemption(operation: &str) -> Option<Ceiling> {
    let c = |reads, writes, why| Some(Ceiling { reads, writes, why });
    // Measured on the samples (warm runner); the causes, from the calls.
    // No operation writes an email's delivery outcome any more: the outbox
    // sender does, outside the request.
    match operation {
        "approve_access_request" => c(
            5,
            2,
            "creates the user, then invites in a second transaction after re-reading the organisation; reads the request, establishments and email apart",
        ),
        "create_user" => c(
            4,
            1,
            "reads the establishments (Query) and the email claim apart from the caller",
        ),
        "change_email" => c(
            4,
            1,
            "reads the target, the new email's claim and the account apart",
        ),
        "delete_user" => c(
            4,
            1,
            "reads the target, then the person's other memberships (Query), then the account",
        ),
        "disable_user" | "set_grants" => c(
            3,
            1,
            "reads the target apart from the caller, then the other memberships or establishments (Query)",
        ),
        "archive_establishment" | "update_organisation" => c(
            3,
            1,
            "reads the establishment or the identifier claim apart from the caller's organisation",
        ),
        "refuse_access_request" | "resend_pending" => c(
            3,
            1,
            "reads the request or the pending page apart from the caller",
        ),
        "register" => c(
            4,
            1,
            "reads the brute-force counter, the email claim, the account and its memberships",
        ),
        "request_password_reset" => c(
            3,
            1,
            "reads the brute-force counter, the email claim and the account",
        ),
        "sign_in" => c(
            3,
            1,
            "reads the brute-force counter, then the email claim and the memberships to record the last login",
        ),
        "submit_replacement" => c(
            3,
            1,
            "reads the organisation and the establishment (to refuse an archived or unknown one) apart from the caller",
        ),
        _ => None,
    }
}

/// Whether an operation changes anything (its method is not GET).
pub fn mutating(operation: &str) -> bool {
    registry()
        .iter()
        .find(|s| s.id == operation)
        .is_some_and(|s| s.method != "GET")
}

/// Every breach of the budget in `calls`, one line each.
pub fn breaches(calls: &BTreeMap<String, OperationCalls>) -> Vec<String> {
    let mut out = Vec::new();
    for (op, c) in calls {
        let scans = c.total.calls.get("DynamoDB.Scan").copied().unwrap_or(0);
        if scans > 0 {
            out.push(format!("{op}: {scans} Scan"));
        }
        if !mutating(op) {
            continue;
        }
        let (reads, writes) =
            exemption(op).map_or((MAX_READS, MAX_WRITES), |e| (e.reads, e.writes));
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
