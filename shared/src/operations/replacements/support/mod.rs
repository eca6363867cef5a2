//! What several replacements operations share.

pub(crate) mod change_replacement;
pub(crate) mod replacements;
