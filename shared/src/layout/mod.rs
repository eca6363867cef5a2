//! The single-table layout: every key builder and every record's mapping to
//! an item, in one place. Operations use these over the store port; no
//! other module spells a key.

pub mod employee;
pub mod keys;
pub mod records;

pub use records::{AuditEvent, OutboxMessage, Record, from_item, to_item};
