//! The single-table layout: every key builder and every record's mapping to
//! an item, in one place. Operations use these over the store port; no
//! other module spells a key.

/// `Record` for records keyed by one key builder of their own fields, in no
/// index: `Type: "kind" => |r| keys::builder(&r.field);`.
macro_rules! keyed_records {
    ($($record:ty: $kind:literal => |$r:ident| $key:expr;)*) => {
        $(
            impl Record for $record {
                const KIND: &'static str = $kind;
                fn key(&self) -> Key {
                    let $r = self;
                    $key
                }
            }
        )*
    };
}

pub mod employee;
pub mod keys;
pub mod records;

pub use records::{AuditEvent, OutboxMessage, Record, from_item, to_item};
