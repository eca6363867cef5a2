//! People: members invited, activated, edited, disabled, deleted, and their grants.

mod access_requests;
mod bounces;
mod companies;
mod e2e;
mod flows;
mod grants;
mod lifecycle;
mod rules;
