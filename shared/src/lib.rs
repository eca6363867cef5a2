//! Sésame's shared library.
//!
//! Data flows one way: [`http`] → [`operations`] → [`domain`], and
//! [`operations`] → [`ports`] ← [`adapters`]. The [`layout`] module is the
//! single-table layout (typed keys and records) that operations use over the
//! store port. Nothing in [`domain`] knows AWS, HTTP or tokio.

pub mod adapters;
pub mod compose;
pub mod config;
pub mod domain;
pub mod http;
pub mod layout;
pub mod operations;
pub mod ports;
pub mod telemetry;
