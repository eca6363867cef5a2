//! What several employee_space operations share.

pub(crate) mod bodies;
pub(crate) mod employee_space;
pub(crate) mod plans;
