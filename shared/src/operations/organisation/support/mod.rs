//! What several organisation operations share.

pub(crate) mod establishments;
