//! What several accounts operations share.

pub(crate) mod bodies;
pub(crate) mod plans;
