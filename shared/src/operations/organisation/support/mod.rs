//! What several organisation operations share.

pub(crate) mod establishments;
pub(crate) mod organisations;
pub(crate) mod plans;
