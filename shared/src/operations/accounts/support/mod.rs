//! What several accounts operations share.

pub(crate) mod activated;
pub(crate) mod bodies;
pub(crate) mod factors;
#[cfg(test)]
pub(crate) mod fixtures;
pub(crate) mod identity;
pub(crate) mod pending;
pub(crate) mod plans;
pub(crate) mod session;
