//! Private calendar feeds (issue 21): a worker's assignments and a
//! client's requests, subscribed to from a calendar application by a
//! secret address she can replace or revoke.

pub mod calendar_feed;
pub mod create_calendar_feed;
pub mod get_calendar_feed;
pub mod revoke_calendar_feed;
