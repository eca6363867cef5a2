//! The replacements context's operations.

pub(crate) mod support;

mod errors;
pub use errors::ReplacementsError;

pub mod approve_hours;
pub mod assign_worker;
pub mod calendar;
pub mod cancel_replacement;
pub mod delete_replacement;
pub mod fill_metrics;
pub mod get_reports;
pub mod list_assignments;
pub mod list_replacements;
pub mod list_workers;
pub mod mark_unfilled;
pub mod payroll_export;
pub mod replacement_lists;
pub mod set_schedule;
pub mod submit_replacement;
pub mod submit_timesheet;
pub mod update_replacement;
pub mod waves;
pub mod workers;
pub use calendar::{calendar_feed, create_calendar_feed, get_calendar_feed, revoke_calendar_feed};
pub use workers::{
    answer_offer, get_worker_profile, list_my_offers, my_worker_profile, offer_replacement,
    replacement_matches, set_my_availability, set_worker_profile,
};
