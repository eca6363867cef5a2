/// What time it is. The in-memory clock can be moved, to test expiry.
pub trait Clock: Send + Sync {
    fn now(&self) -> jiff::Timestamp;
}

/// One instant: the moment a request came in. Every part of a request reads
/// the same time, so a key planned from the clock (an attempt window) is the
/// key the operation reads, even when the window turns meanwhile.
pub struct Instant(pub jiff::Timestamp);

impl Clock for Instant {
    fn now(&self) -> jiff::Timestamp {
        self.0
    }
}
