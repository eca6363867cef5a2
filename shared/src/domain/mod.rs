//! Pure types and rules: validation, state machines, permissions, email
//! content. No I/O, no AWS, no HTTP, no async runtime.

pub mod account;
pub mod bank_details;
pub mod delivery;
pub mod emails;
pub mod employee;
pub mod errors;
pub mod ids;
pub mod invitation;
pub mod locale;
pub mod membership;
pub mod organisation;
pub mod password;
pub mod permission;
pub mod replacement;
pub mod secrets;
pub mod user;
pub mod user_list;
pub mod validate;
