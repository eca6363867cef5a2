//! Replacement workers' profiles, availability and matching (issue 21).

pub mod get_worker_profile;
pub mod my_worker_profile;
pub mod replacement_matches;
pub mod set_my_availability;
pub mod set_worker_profile;
