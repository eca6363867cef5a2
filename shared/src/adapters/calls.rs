//! Counts AWS SDK calls by service and operation (an SDK interceptor): the
//! tests use it to prove that nothing scans, and the benchmarks to report
//! calls per operation.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Shared counts: `"DynamoDB.Query"` → calls.
#[derive(Debug, Clone, Default)]
pub struct CallCounter {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
}

impl CallCounter {
    pub fn new() -> CallCounter {
        CallCounter::default()
    }

    /// The counts so far.
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Calls of one operation name (any service), e.g. `Scan`.
    pub fn count(&self, operation: &str) -> u64 {
        self.snapshot()
            .iter()
            .filter(|(k, _)| k.rsplit('.').next() == Some(operation))
            .map(|(_, v)| v)
            .sum()
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
        if let Some(meta) = cfg.load::<Metadata>()
            && let Ok(mut counts) = self.counts.lock()
        {
            *counts
                .entry(format!("{}.{}", meta.service(), meta.name()))
                .or_default() += 1;
        }
        Ok(())
    }
}
