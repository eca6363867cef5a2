//! Replacement workers' profiles, availability, matching and offers (issue
//! 21).

pub mod answer_offer;
pub mod get_worker_profile;
pub mod list_my_offers;
pub mod my_worker_profile;
pub mod offer_replacement;
pub mod replacement_matches;
pub mod set_my_availability;
pub mod set_worker_profile;
