//! What several employee_space operations share.

pub(crate) mod employee_space;
