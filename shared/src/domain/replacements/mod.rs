//! The replacements context's rules.

pub mod replacement;
