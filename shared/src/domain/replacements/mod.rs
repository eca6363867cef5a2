//! The replacements context's rules.

pub mod calendar;
pub mod emails;
pub mod fill;
pub mod offers;
pub mod replacement;
pub mod worker;
