//! The employee_space context's rules.

pub mod bank_details;
pub mod emails;
pub mod employee;
