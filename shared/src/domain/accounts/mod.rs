//! The accounts context's rules.

pub mod account;
pub mod emails;
pub mod invitation;
pub mod mfa;
pub mod password;
pub mod secrets;
