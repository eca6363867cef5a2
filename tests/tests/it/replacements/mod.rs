//! Replacements: requests, schedules, assignments, timesheets and the payroll export.

mod requests;
mod rules;
mod workers;
