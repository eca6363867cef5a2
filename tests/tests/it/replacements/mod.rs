//! Replacements: requests, schedules, assignments, timesheets and the payroll export.

mod calendar;
mod matching_scale;
mod requests;
mod rules;
mod workers;
