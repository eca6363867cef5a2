//! Counts AWS SDK calls by service and operation (an SDK interceptor): the
//! tests use it to prove that nothing scans and that every change stays in
//! its call budget, the benchmark to report calls per operation. Calls made
//! inside [`CallCounter::attribute`] are also counted for that portal
//! operation, request by request; DynamoDB `Query` answers add their
//! `ScannedCount` (items read) to the same tallies.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// What one call is, for budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CallKind {
    /// A DynamoDB read call (`GetItem`, `BatchGetItem`, `Query`, `Scan`, …).
    Read,
    /// A DynamoDB write call (`PutItem`, `UpdateItem`, `DeleteItem`, …)
    /// other than a transaction.
    Write,
    /// A DynamoDB `TransactWriteItems` (also a write call).
    Transaction,
    Cognito,
    Ses,
    /// The bank-details key (`GenerateDataKey`, `Decrypt`).
    Kms,
    Other,
}

/// The kind of a `"Service.Operation"` call name.
pub fn kind(call: &str) -> CallKind {
    let (service, name) = call.split_once('.').unwrap_or(("", call));
    let service = service.to_ascii_lowercase();
    if service.contains("dynamo") {
        match name {
            "TransactWriteItems" => CallKind::Transaction,
            "GetItem" | "BatchGetItem" | "Query" | "Scan" | "TransactGetItems" => CallKind::Read,
            _ => CallKind::Write,
        }
    } else if service.contains("cognito") {
        CallKind::Cognito
    } else if service.contains("ses") {
        CallKind::Ses
    } else if service == "kms" {
        CallKind::Kms
    } else {
        CallKind::Other
    }
}

/// The calls of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestCalls {
    /// `"DynamoDB.Query"` → calls.
    pub calls: BTreeMap<String, u64>,
    /// Items DynamoDB read for `Query` calls (sum of `ScannedCount`).
    pub scanned: u64,
}

impl RequestCalls {
    /// Calls of one kind.
    pub fn of(&self, wanted: CallKind) -> u64 {
        self.calls
            .iter()
            .filter(|(k, _)| kind(k) == wanted)
            .map(|(_, v)| v)
            .sum()
    }

    /// DynamoDB write calls, transactions included.
    pub fn writes(&self) -> u64 {
        self.of(CallKind::Write) + self.of(CallKind::Transaction)
    }
}

/// Every request of one portal operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationCalls {
    pub requests: u64,
    /// Calls summed over the requests.
    pub total: RequestCalls,
    /// The most of each kind one request made.
    pub max_reads: u64,
    pub max_writes: u64,
    pub max_transactions: u64,
    pub max_cognito: u64,
    pub max_ses: u64,
    pub max_scanned: u64,
}

#[derive(Debug, Default)]
struct Tallies {
    total: RequestCalls,
    operations: BTreeMap<String, OperationCalls>,
}

/// Shared counts: `"DynamoDB.Query"` → calls, and the same per operation.
#[derive(Debug, Clone, Default)]
pub struct CallCounter {
    tallies: Arc<Mutex<Tallies>>,
}

tokio::task_local! {
    static REQUEST: Arc<Mutex<RequestCalls>>;
}

impl CallCounter {
    pub fn new() -> CallCounter {
        CallCounter::default()
    }

    /// The counts so far.
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.tallies
            .lock()
            .map(|t| t.total.calls.clone())
            .unwrap_or_default()
    }

    /// Items read by `Query` calls so far (sum of `ScannedCount`).
    pub fn scanned(&self) -> u64 {
        self.tallies.lock().map(|t| t.total.scanned).unwrap_or(0)
    }

    /// Calls of one operation name (any service), e.g. `Scan`.
    pub fn count(&self, operation: &str) -> u64 {
        self.snapshot()
            .iter()
            .filter(|(k, _)| k.rsplit('.').next() == Some(operation))
            .map(|(_, v)| v)
            .sum()
    }

    /// Runs one request of portal operation `operation`, its calls counted
    /// for it as well; returns the request's result and its calls.
    pub async fn attribute<F: Future>(
        &self,
        operation: &str,
        request: F,
    ) -> (F::Output, RequestCalls) {
        let scope = Arc::new(Mutex::new(RequestCalls::default()));
        let output = REQUEST.scope(Arc::clone(&scope), request).await;
        let calls = scope.lock().map(|c| c.clone()).unwrap_or_default();
        if let Ok(mut tallies) = self.tallies.lock() {
            let op = tallies.operations.entry(operation.to_string()).or_default();
            op.requests += 1;
            for (name, n) in &calls.calls {
                *op.total.calls.entry(name.clone()).or_default() += n;
            }
            op.total.scanned += calls.scanned;
            op.max_reads = op.max_reads.max(calls.of(CallKind::Read));
            op.max_writes = op.max_writes.max(calls.writes());
            op.max_transactions = op.max_transactions.max(calls.of(CallKind::Transaction));
            op.max_cognito = op.max_cognito.max(calls.of(CallKind::Cognito));
            op.max_ses = op.max_ses.max(calls.of(CallKind::Ses));
            op.max_scanned = op.max_scanned.max(calls.scanned);
        }
        (output, calls)
    }

    /// The calls of every operation seen by [`CallCounter::attribute`].
    pub fn by_operation(&self) -> BTreeMap<String, OperationCalls> {
        self.tallies
            .lock()
            .map(|t| t.operations.clone())
            .unwrap_or_default()
    }

    fn record(&self, call: Option<String>, scanned: u64) {
        let apply = |calls: &mut RequestCalls| {
            if let Some(call) = &call {
                *calls.calls.entry(call.clone()).or_default() += 1;
            }
            calls.scanned += scanned;
        };
        if let Ok(mut tallies) = self.tallies.lock() {
            apply(&mut tallies.total);
        }
        let _ = REQUEST.try_with(|scope| {
            if let Ok(mut calls) = scope.lock() {
                apply(&mut calls);
            }
        });
    }
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "CallCounter"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(meta) = cfg.load::<Metadata>() {
            self.record(Some(format!("{}.{}", meta.service(), meta.name())), 0);
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Ok(output) = context.output_or_error()
            && let Some(query) =
                output.downcast_ref::<aws_sdk_dynamodb::operation::query::QueryOutput>()
        {
            self.record(None, query.scanned_count().max(0) as u64);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_names_are_classified() {
        assert_eq!(kind("DynamoDB.GetItem"), CallKind::Read);
        assert_eq!(kind("DynamoDB.Query"), CallKind::Read);
        assert_eq!(kind("DynamoDB.Scan"), CallKind::Read);
        assert_eq!(kind("DynamoDB.PutItem"), CallKind::Write);
        assert_eq!(kind("DynamoDB.TransactWriteItems"), CallKind::Transaction);
        assert_eq!(
            kind("CognitoIdentityProvider.InitiateAuth"),
            CallKind::Cognito
        );
        assert_eq!(kind("SESv2.SendEmail"), CallKind::Ses);
        assert_eq!(kind("KMS.GenerateDataKey"), CallKind::Kms);
        assert_eq!(kind("KMS.Decrypt"), CallKind::Kms);
    }

    #[tokio::test]
    async fn calls_inside_a_request_are_attributed_to_its_operation() {
        let counter = CallCounter::new();
        let (value, calls) = counter
            .attribute("me", async {
                counter.record(Some("DynamoDB.GetItem".into()), 0);
                counter.record(Some("DynamoDB.Query".into()), 0);
                counter.record(None, 7);
                42
            })
            .await;
        counter.record(Some("DynamoDB.Scan".into()), 0);
        assert_eq!(value, 42);
        assert_eq!(calls.of(CallKind::Read), 2);
        assert_eq!(calls.scanned, 7);
        let ops = counter.by_operation();
        assert_eq!(ops["me"].requests, 1);
        assert_eq!(ops["me"].max_reads, 2);
        assert_eq!(ops["me"].max_scanned, 7);
        assert_eq!(counter.count("Scan"), 1);
        assert_eq!(counter.scanned(), 7);
    }
}
