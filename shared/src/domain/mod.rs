//! Pure types and rules: validation, state machines, permissions, email
//! content. No I/O, no AWS, no HTTP, no async runtime.

pub mod delivery;
pub mod emails;
pub mod errors;
pub mod ids;
pub mod locale;
pub mod validate;

pub mod accounts;
pub mod employee_space;
pub mod organisation;
pub mod people;
pub mod replacements;
