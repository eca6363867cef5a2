//! JSON logs with `tracing`. Never log a password, a token, a key, a secret
//! answer, a full IBAN or a full email address: log ids and redacted forms.
//!
//! Each line is one JSON object whose event fields are under `fields`
//! (`{"timestamp":…,"level":"INFO","fields":{"message":"outbox sweep","failed":0,…}}`):
//! the stacks' metric filters read them there (`$.fields.failed`).

/// The subscriber every function logs with, writing each line to `writer`.
/// The level comes from `RUST_LOG` (default `info`).
pub fn subscriber<W>(writer: W) -> impl tracing::Subscriber + Send + Sync + 'static
where
    W: for<'a> tracing_subscriber::fmt::MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_target(false)
        .with_writer(writer)
        .finish()
}

/// Installs the JSON subscriber on stdout once (later calls do nothing).
pub fn init() {
    let _ = tracing::subscriber::set_global_default(subscriber(std::io::stdout));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Lines {
        type Writer = Lines;
        fn make_writer(&'a self) -> Lines {
            self.clone()
        }
    }

    fn logged(emit: impl FnOnce()) -> Vec<serde_json::Value> {
        let lines = Lines::default();
        tracing::subscriber::with_default(subscriber(lines.clone()), emit);
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The outbox's metric filters (infra/stacks/outbox.yaml) read these
    /// lines: `$.fields.message` picks the line, `$.fields.failed` and
    /// `$.fields.oldest_due_seconds` are the values, numbers.
    #[test]
    fn the_outbox_lines_carry_what_its_metric_filters_read() {
        use crate::operations::outbox::{DUE_LOG, SWEEP_LOG, Sweep, log_oldest_due, log_sweep};
        let lines = logged(|| {
            log_sweep(&Sweep {
                sent: 3,
                retrying: 1,
                failed: 2,
                skipped: 0,
                deferred: 0,
            });
            log_oldest_due(75);
        });
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0]["fields"]["message"], SWEEP_LOG);
        assert_eq!(lines[0]["fields"]["failed"], 2);
        assert_eq!(lines[0]["fields"]["sent"], 3);
        assert_eq!(lines[1]["fields"]["message"], DUE_LOG);
        assert_eq!(lines[1]["fields"]["oldest_due_seconds"], 75);
    }
}
