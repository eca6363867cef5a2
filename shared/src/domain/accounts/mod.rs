//! The accounts context's rules.

pub mod account;
pub mod emails;
pub mod invitation;
pub mod password;
pub mod secrets;
