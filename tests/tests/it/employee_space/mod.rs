//! The employee space: leave, expenses, advances, weeks, bank details and documents.

mod features;
mod hour_banks;
mod leave_banks;
mod rules;
