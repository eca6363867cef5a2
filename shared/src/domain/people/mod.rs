//! The people context's rules.

pub mod access_request;
pub mod emails;
pub mod membership;
pub mod notifications;
pub mod permission;
pub mod user;
pub mod user_list;
