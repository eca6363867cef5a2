//! The real clock and the operating system's CSPRNG.

use crate::ports::{Clock, Random};

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// The OS CSPRNG (`getrandom`).
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        // The OS generator does not fail on supported platforms; if it ever
        // did, serving predictable tokens would be worse than stopping.
        if let Err(error) = getrandom::fill(buf) {
            panic!("operating system random generator failed: {error}");
        }
    }
}
