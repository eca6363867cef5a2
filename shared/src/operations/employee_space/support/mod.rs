//! What several employee_space operations share.

pub(crate) mod bank;
pub(crate) mod bodies;
pub(crate) mod employee_space;
#[cfg(test)]
pub(crate) mod fixtures;
pub(crate) mod movements;
pub(crate) mod plans;
