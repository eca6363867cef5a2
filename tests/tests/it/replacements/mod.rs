//! Replacements: requests, schedules, assignments, timesheets and the payroll export.

mod calendar;
mod requests;
mod rules;
mod workers;
