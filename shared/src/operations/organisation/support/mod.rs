//! What several organisation operations share.

pub(crate) mod establishments;
#[cfg(test)]
pub(crate) mod fixtures;
pub(crate) mod organisations;
pub(crate) mod plans;
