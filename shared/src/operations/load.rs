//! The load phase's view of the store (DESIGN §8): the keys an operation
//! plans ([`super::phases`]) are read in the caller's own `BatchGetItem`
//! ([`super::caller::member_of`]), and the operation reads them from a
//! [`Loaded`] store that answers those keys from what was read, so resolving
//! the caller and loading the target cost one call instead of two or three.
//!
//! The items are as consistent as a read made a moment later: every read is
//! strongly consistent, and every write that depends on what was read is
//! conditioned on it (versions, existence). A key the request writes is
//! forgotten, so a read after a write goes to the store.

use crate::ports::store::{Page, Query, Store, StoreError, Write};
use crate::ports::{Item, Key};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A store that answers the keys read ahead from what was read, and passes
/// everything else through; a written key is forgotten.
pub(crate) struct Loaded {
    inner: Arc<dyn Store>,
    read: Mutex<HashMap<Key, Option<Item>>>,
}

impl Loaded {
    pub(crate) fn new(inner: Arc<dyn Store>, read: Vec<(Key, Option<Item>)>) -> Loaded {
        Loaded {
            inner,
            read: Mutex::new(read.into_iter().collect()),
        }
    }

    fn known(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Option<Item>>> {
        self.read
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl Store for Loaded {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        if let Some(found) = self.known().get(key) {
            return Ok(found.clone());
        }
        self.inner.get(key).await
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let missing: Vec<Key> = {
            let known = self.known();
            keys.iter()
                .filter(|k| !known.contains_key(k))
                .cloned()
                .collect()
        };
        let mut fetched: HashMap<Key, Option<Item>> = HashMap::new();
        if !missing.is_empty() {
            let found = self.inner.get_many(&missing).await?;
            fetched.extend(missing.into_iter().zip(found));
        }
        let known = self.known();
        Ok(keys
            .iter()
            .map(|k| known.get(k).or_else(|| fetched.get(k)).cloned().flatten())
            .collect())
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        self.inner.query(query).await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        {
            let mut known = self.known();
            for key in writes.iter().filter_map(Write::key) {
                known.remove(&key);
            }
        }
        self.inner.transact(writes).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::MemoryStore;
    use crate::ports::Condition;
    use serde_json::json;

    fn item(pk: &str, sk: &str, n: i64) -> Item {
        let mut item = Item::new();
        item.insert(crate::ports::store::PK.into(), json!(pk));
        item.insert(crate::ports::store::SK.into(), json!(sk));
        item.insert("n".into(), json!(n));
        item
    }

    #[tokio::test]
    async fn answers_what_was_read_and_forgets_what_is_written() {
        let inner = Arc::new(MemoryStore::default());
        let a = Key::new("P", "a");
        let b = Key::new("P", "b");
        inner
            .transact(vec![Write::Put {
                item: item("P", "a", 1),
                condition: None,
            }])
            .await
            .unwrap();
        // What the caller's read saw: `a` at 1 and no `b`.
        let store = Loaded::new(
            inner.clone(),
            vec![(a.clone(), Some(item("P", "a", 1))), (b.clone(), None)],
        );
        // Someone else writes both behind our back: the request still sees
        // its own read (as if it had read a moment earlier)…
        inner
            .transact(vec![
                Write::Put {
                    item: item("P", "a", 2),
                    condition: None,
                },
                Write::Put {
                    item: item("P", "b", 2),
                    condition: None,
                },
            ])
            .await
            .unwrap();
        assert_eq!(store.get(&a).await.unwrap(), Some(item("P", "a", 1)));
        assert_eq!(store.get(&b).await.unwrap(), None);
        // …and an unknown key goes to the store, alone or in a batch.
        let c = Key::new("P", "c");
        assert_eq!(
            store.get_many(&[a.clone(), c.clone()]).await.unwrap(),
            vec![Some(item("P", "a", 1)), None]
        );
        // Once the request writes `a`, reading `a` reads the store.
        store
            .transact(vec![Write::Add {
                key: a.clone(),
                add: vec![("n".into(), 10)],
                condition: Some(Condition::Exists),
            }])
            .await
            .unwrap();
        let after = store.get(&a).await.unwrap().unwrap();
        assert_eq!(after.get("n"), Some(&json!(12)));
        // `b` was not written by the request: still its own read.
        assert_eq!(store.get_many(&[b]).await.unwrap(), vec![None]);
    }
}
