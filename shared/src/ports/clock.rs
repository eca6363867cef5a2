/// What time it is. The in-memory clock can be moved, to test expiry.
pub trait Clock: Send + Sync {
    fn now(&self) -> jiff::Timestamp;
}
