//! The replacements context's rules.

pub mod emails;
pub mod replacement;
pub mod worker;
