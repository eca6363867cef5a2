//! The organisation context's rules.

pub mod model;
