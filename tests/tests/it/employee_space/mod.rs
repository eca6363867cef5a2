//! The employee space: leave, expenses, advances, weeks, bank details and documents.

mod features;
mod leave_banks;
mod rules;
