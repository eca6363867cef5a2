//! The store port: a small, typed slice of DynamoDB's data model (one table,
//! a base key, one global secondary index, conditional writes and
//! transactions). The DynamoDB adapter maps it one to one; the in-memory
//! adapter implements the same semantics for fast tests.

use async_trait::async_trait;
use thiserror::Error;

/// An item: attribute name → JSON value. Key attributes are `PK`, `SK` and,
/// for items in the index, `GSI1PK`/`GSI1SK`; `version` is the optimistic
/// lock counter of mutable items.
pub type Item = serde_json::Map<String, serde_json::Value>;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
pub const GSI1PK: &str = "GSI1PK";
pub const GSI1SK: &str = "GSI1SK";
pub const GSI2PK: &str = "GSI2PK";
pub const GSI2SK: &str = "GSI2SK";
pub const VERSION: &str = "version";
/// The global secondary indexes.
pub const GSI1: &str = "GSI1";
pub const GSI2: &str = "GSI2";

/// The key attributes (partition, sort) of an index, or of the table for
/// `None`.
pub fn index_attributes(index: Option<&str>) -> Option<(&'static str, &'static str)> {
    match index {
        None => Some((PK, SK)),
        Some(GSI1) => Some((GSI1PK, GSI1SK)),
        Some(GSI2) => Some((GSI2PK, GSI2SK)),
        Some(_) => None,
    }
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Key {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    /// The key of an item, when it has one.
    pub fn of(item: &Item) -> Option<Key> {
        Some(Key::new(item.get(PK)?.as_str()?, item.get(SK)?.as_str()?))
    }
}

/// A condition on the current state of one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The item exists.
    Exists,
    /// No item has this key.
    NotExists,
    /// The item exists and its `version` equals this (optimistic locking).
    VersionIs(u64),
    /// The item exists and lacks this attribute (e.g. a token's `used_at`).
    Lacks(&'static str),
    /// The item exists and this numeric attribute is at least the value
    /// (e.g. the active managers an organisation must keep).
    AtLeast(&'static str, i64),
    /// The item exists and this text attribute equals the value (e.g. the
    /// claim a single-use link holds, or the live reset link of an account).
    Equals(&'static str, String),
    /// The item exists, lacks `lacks`, and its numeric `lease` is absent or
    /// below `now`: nobody else holds it (a single-use link's claim).
    Free {
        lacks: &'static str,
        lease: &'static str,
        now: i64,
    },
}

/// One write, alone or in a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Replaces the whole item.
    Put {
        item: Item,
        condition: Option<Condition>,
    },
    /// Sets these attributes, leaving the others as they are.
    Update {
        key: Key,
        set: Item,
        condition: Option<Condition>,
    },
    Delete {
        key: Key,
        condition: Option<Condition>,
    },
    /// Adds to numeric attributes (missing ones count as 0): counters.
    Add {
        key: Key,
        add: Vec<(String, i64)>,
        condition: Option<Condition>,
    },
    /// Only checks a condition (part of a transaction).
    Check { key: Key, condition: Condition },
}

impl Write {
    /// The key of the item this write touches (`None` for a put whose item
    /// lacks one, which the store refuses anyway).
    pub fn key(&self) -> Option<Key> {
        match self {
            Write::Put { item, .. } => Key::of(item),
            Write::Update { key, .. }
            | Write::Add { key, .. }
            | Write::Delete { key, .. }
            | Write::Check { key, .. } => Some(key.clone()),
        }
    }
}

/// A query of one partition of the table or of the index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// `None` for the table, `Some(GSI1)` or `Some(GSI2)` for an index.
    pub index: Option<&'static str>,
    pub pk: String,
    pub sk_prefix: Option<String>,
    pub limit: Option<u32>,
    /// Where the previous page stopped (its `next`).
    pub start: Option<Item>,
    /// Ascending sort-key order when true.
    pub forward: bool,
}

/// One page of a query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// The key to continue from, when more may follow.
    pub next: Option<Item>,
    /// Items the store read to answer (DynamoDB's `ScannedCount`).
    pub scanned: u64,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum StoreError {
    /// A condition failed: `index` is the position of the failed write in
    /// the transaction (0 for a single write). Nothing was written.
    #[error("condition failed on write {index}")]
    ConditionFailed { index: usize },
    /// Another transaction touched the same items at the same moment, or the
    /// store is throttling / unreachable. Nothing was written; retry later.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// The request itself was wrong (a bug, not bad input).
    #[error("store request refused: {0}")]
    Invalid(String),
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Reads one item, strongly consistent.
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;
    /// Reads several items at once, strongly consistent, in the given order.
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError>;
    /// Queries one partition (never a scan).
    async fn query(&self, query: Query) -> Result<Page, StoreError>;
    /// All of these writes or none (at most 100).
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError>;
}
