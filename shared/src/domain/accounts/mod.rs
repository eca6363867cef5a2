//! The accounts context's rules.

pub mod account;
pub mod invitation;
pub mod password;
pub mod secrets;
