//! Reads made ahead: the records an operation's path names (the target
//! user, the establishment, the request…) are read in the caller's own
//! `BatchGetItem` ([`crate::operations::caller::member_of`]), and the operation reads
//! them from a [`Prefetched`] store that answers those keys from what was
//! read, so resolving the caller and loading the target cost one call
//! instead of two or three.
//!
//! The items are as consistent as a read made a moment later: every read is
//! strongly consistent, and every write that depends on what was read is
//! conditioned on it (versions, existence), as before. A key the request
//! writes is forgotten, so a read after a write goes to the store.

use crate::domain::employee_space::employee::RequestKind;
use crate::domain::ids;
use crate::layout::keys;
use crate::operations::{Context, Request};
use crate::ports::store::{Page, Query, Store, StoreError, Write};
use crate::ports::{Item, Key};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The keys an operation reads ahead, from its path parameters (and, where
/// useful, its body). For member operations they are read with the
/// caller's membership (and only once the organisation's id is known to be
/// well-formed); for public ones, in one `BatchGetItem` before the handler.
/// Junk parameters name nothing: the operation answers 404 as before.
pub type Ahead = fn(ctx: &Context, request: &Request) -> Vec<Key>;

fn org(request: &Request) -> &str {
    request.params.get("org_id").map_or("", String::as_str)
}

/// The key `key(org, id)` of the record the path parameter `name` names,
/// when the parameter is a well-formed id.
fn named(request: &Request, name: &str, key: impl Fn(&str, &str) -> Key) -> Vec<Key> {
    request
        .params
        .get(name)
        .map(String::as_str)
        .filter(|id| ids::is_id(id))
        .map(|id| key(org(request), id))
        .into_iter()
        .collect()
}

/// The membership of `{user_id}`.
pub fn target_user(_: &Context, request: &Request) -> Vec<Key> {
    named(request, "user_id", keys::membership)
}

/// The membership and the account of `{user_id}`.
pub fn target_user_and_account(ctx: &Context, request: &Request) -> Vec<Key> {
    let mut keys = target_user(ctx, request);
    keys.extend(named(request, "user_id", |_, user| keys::account(user)));
    keys
}

/// The organisation's banks of hours (one item).
pub fn hour_banks(_: &Context, request: &Request) -> Vec<Key> {
    vec![keys::hour_banks(org(request))]
}

/// The week `{week}` of `{user_id}`, the membership of `{user_id}` and the
/// banks of hours (what deciding a week of hours reads).
pub fn week_of_target_user_and_hour_banks(ctx: &Context, request: &Request) -> Vec<Key> {
    let monday = request
        .params
        .get("week")
        .and_then(|raw| crate::domain::employee_space::employee::week_start(raw).ok());
    let mut keys = match monday {
        Some(monday) => named(request, "user_id", |org, user| {
            keys::week(org, user, monday)
        }),
        None => Vec::new(),
    };
    keys.extend(target_user(ctx, request));
    keys.extend(hour_banks(ctx, request));
    keys
}

/// The establishment `{establishment_id}`.
pub fn establishment(_: &Context, request: &Request) -> Vec<Key> {
    named(request, "establishment_id", keys::establishment)
}

/// The access request `{request_id}`.
pub fn access_request(_: &Context, request: &Request) -> Vec<Key> {
    named(request, "request_id", keys::access_request)
}

/// The replacement `{replacement_id}`.
pub fn replacement(_: &Context, request: &Request) -> Vec<Key> {
    named(request, "replacement_id", keys::replacement)
}

/// The replacement `{replacement_id}` and the membership of the worker the
/// body names (`worker_id`).
pub fn replacement_and_worker(ctx: &Context, request: &Request) -> Vec<Key> {
    let mut keys = replacement(ctx, request);
    let body = body(request);
    let worker = body
        .get("worker_id")
        .and_then(serde_json::Value::as_str)
        .filter(|id| ids::is_id(id));
    keys.extend(worker.map(|id| keys::membership(org(request), id)));
    keys
}

/// The shared document `{document_id}`.
pub fn document(_: &Context, request: &Request) -> Vec<Key> {
    named(request, "document_id", keys::document)
}

fn employee_request(kind: RequestKind, request: &Request) -> Vec<Key> {
    named(request, "request_id", |org, id| {
        keys::employee_request(org, kind.slug(), id)
    })
}

/// The leave request `{request_id}`.
pub fn leave(_: &Context, request: &Request) -> Vec<Key> {
    employee_request(RequestKind::Leave, request)
}

/// The expense note `{request_id}`.
pub fn expense(_: &Context, request: &Request) -> Vec<Key> {
    employee_request(RequestKind::Expense, request)
}

/// The advance request `{request_id}`.
pub fn advance(_: &Context, request: &Request) -> Vec<Key> {
    employee_request(RequestKind::Advance, request)
}

fn body(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).unwrap_or_default()
}

fn establishments_named(org_id: &str, body: &serde_json::Value) -> Vec<Key> {
    crate::operations::organisation::support::establishments::named_in(body)
        .iter()
        .map(|id| keys::establishment(org_id, id))
        .collect()
}

/// A new user's email claim and the establishments the form names.
pub fn new_user(_: &Context, request: &Request) -> Vec<Key> {
    let org_id = org(request);
    let body = body(request);
    let claim = email_claim(&body);
    claim
        .into_iter()
        .chain(establishments_named(org_id, &body))
        .collect()
}

/// The establishment a form names (`establishment_id`).
pub fn named_establishment(_: &Context, request: &Request) -> Vec<Key> {
    establishments_named(org(request), &body(request))
}

/// The trimmed text of the body's `field`, when `valid`.
fn body_text(request: &Request, field: &str, valid: fn(&str) -> bool) -> Option<String> {
    body(request)
        .get(field)
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|text| valid(text))
        .map(str::to_string)
}

/// The member a form names as recipient (`recipient_id`).
pub fn recipient(_: &Context, request: &Request) -> Vec<Key> {
    body_text(request, "recipient_id", ids::is_id)
        .map(|id| keys::membership(org(request), &id))
        .into_iter()
        .collect()
}

/// The access request `{request_id}` and the establishment chosen.
pub fn approval(ctx: &Context, request: &Request) -> Vec<Key> {
    let org_id = org(request);
    let mut keys = access_request(ctx, request);
    keys.extend(establishments_named(org_id, &body(request)));
    keys
}

/// The membership of `{user_id}` and the establishments the form names.
pub fn target_user_and_establishments(ctx: &Context, request: &Request) -> Vec<Key> {
    let org_id = org(request);
    let mut keys = target_user(ctx, request);
    keys.extend(establishments_named(org_id, &body(request)));
    keys
}

/// The well-formed email in `email` of `body`, normalised.
fn email_of(body: &serde_json::Value) -> Option<crate::domain::validate::Email> {
    body.get("email")
        .and_then(serde_json::Value::as_str)
        .and_then(|raw| crate::domain::validate::Email::parse(raw).ok())
}

fn tally_and_claim(
    ctx: &Context,
    request: &Request,
    limit: crate::operations::attempts::Limit,
) -> Vec<Key> {
    email_of(&body(request))
        .map(|email| {
            vec![
                crate::operations::attempts::key(ctx, limit, email.as_str()),
                keys::email_claim(email.as_str()),
            ]
        })
        .unwrap_or_default()
}

/// The wrong-password tally and the email claim of the address.
pub fn sign_in(ctx: &Context, request: &Request) -> Vec<Key> {
    tally_and_claim(ctx, request, crate::operations::attempts::SIGN_IN)
}

/// The reset-email tally of the address (the account is looked up by the
/// outbox sender, after the answer).
pub fn password_reset(ctx: &Context, request: &Request) -> Vec<Key> {
    email_of(&body(request))
        .map(|email| {
            vec![crate::operations::attempts::key(
                ctx,
                crate::operations::attempts::RESET,
                email.as_str(),
            )]
        })
        .unwrap_or_default()
}

/// The registration-email tally and the email claim of the address.
pub fn registration(ctx: &Context, request: &Request) -> Vec<Key> {
    tally_and_claim(ctx, request, crate::operations::attempts::REGISTER)
}

/// The link token of the body (`token`) and the email change it confirms.
pub fn email_change(_: &Context, request: &Request) -> Vec<Key> {
    body_text(request, "token", ids::token_well_formed)
        .map(|raw| {
            let hash = ids::token_hash(&raw);
            vec![keys::token(&hash), keys::email_change(&hash)]
        })
        .unwrap_or_default()
}

/// The claim of an organisation identifier given in `field`.
fn identifier_claim(body: &serde_json::Value, field: &str) -> Option<Key> {
    body.get(field)
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.len() <= 50)
        .map(keys::org_identifier)
}

/// The claim of an email given in `email` of `body`.
fn email_claim(body: &serde_json::Value) -> Option<Key> {
    email_of(body).map(|email| keys::email_claim(email.as_str()))
}

/// A new organisation's identifier claim and its first manager's email
/// claim.
pub fn new_organisation(_: &Context, request: &Request) -> Vec<Key> {
    let body = body(request);
    let manager = body.get("manager").and_then(email_claim);
    identifier_claim(&body, "identifier")
        .into_iter()
        .chain(manager)
        .collect()
}

/// The organisation `{org_id}` and the email claim of the manager the body
/// names (an operator restoring a manager).
pub fn restored_manager(_: &Context, request: &Request) -> Vec<Key> {
    let org = Some(org(request))
        .filter(|id| ids::is_id(id))
        .map(keys::org);
    org.into_iter().chain(email_claim(&body(request))).collect()
}

/// A store that answers the keys read ahead from what was read, and passes
/// everything else through; a written key is forgotten.
pub(crate) struct Prefetched {
    inner: Arc<dyn Store>,
    read: Mutex<HashMap<Key, Option<Item>>>,
}

impl Prefetched {
    pub(crate) fn new(inner: Arc<dyn Store>, read: Vec<(Key, Option<Item>)>) -> Prefetched {
        Prefetched {
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
impl Store for Prefetched {
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
        let store = Prefetched::new(
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
