//! In-memory adapters with the same semantics as the AWS ones (checked by
//! the contract suite): for unit tests and the events/ samples.

use crate::domain::accounts::mfa::Method;
use crate::domain::accounts::password;
use crate::ports::store::{PK, SK, VERSION, index_attributes};
use crate::ports::{
    Clock, Condition, Directory, DirectoryError, Item, Key, MailError, Mailer, OutgoingEmail, Page,
    Principal, Query, Random, SessionTokens, SessionVerifier, SignedIn, Store, StoreError,
    VerifyError, Write,
};
use async_trait::async_trait;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A table in memory.
#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<BTreeMap<Key, Item>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Every item, for snapshots in tests.
    pub fn dump(&self) -> Vec<Item> {
        lock(&self.items).values().cloned().collect()
    }
}

fn holds(condition: &Condition, current: Option<&Item>) -> bool {
    match condition {
        Condition::Exists => current.is_some(),
        Condition::NotExists => current.is_none(),
        Condition::VersionIs(v) => {
            current
                .and_then(|i| i.get(VERSION))
                .and_then(|x| x.as_u64())
                == Some(*v)
        }
        Condition::Lacks(attr) => current.is_some_and(|i| !i.contains_key(*attr)),
        Condition::Equals(attr, value) => current
            .and_then(|i| i.get(*attr))
            .and_then(|v| v.as_str())
            .is_some_and(|v| v == value),
        Condition::Free { lacks, lease, now } => current.is_some_and(|i| {
            !i.contains_key(*lacks)
                && i.get(*lease)
                    .and_then(|v| v.as_i64())
                    .is_none_or(|until| until < *now)
        }),
        Condition::AtLeast(attr, n) => current
            .and_then(|i| i.get(*attr))
            .and_then(|v| v.as_i64())
            .is_some_and(|v| v >= *n),
    }
}

fn write_key(write: &Write) -> Result<Key, StoreError> {
    match write {
        Write::Put { item, .. } => {
            Key::of(item).ok_or_else(|| StoreError::Invalid("item without PK/SK".into()))
        }
        Write::Update { key, .. }
        | Write::Add { key, .. }
        | Write::Delete { key, .. }
        | Write::Check { key, .. } => Ok(key.clone()),
    }
}

fn write_condition(write: &Write) -> Option<&Condition> {
    match write {
        Write::Put { condition, .. }
        | Write::Update { condition, .. }
        | Write::Add { condition, .. }
        | Write::Delete { condition, .. } => condition.as_ref(),
        Write::Check { condition, .. } => Some(condition),
    }
}

fn index_position(item: &Item, pk: &str, sk: &str) -> Option<(String, String, Key)> {
    Some((
        item.get(pk)?.as_str()?.to_string(),
        item.get(sk)?.as_str()?.to_string(),
        Key::of(item)?,
    ))
}

#[async_trait]
impl Store for MemoryStore {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        Ok(lock(&self.items).get(key).cloned())
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let items = lock(&self.items);
        Ok(keys.iter().map(|k| items.get(k).cloned()).collect())
    }

    async fn query(&self, query: Query) -> Result<Page, StoreError> {
        let items = lock(&self.items);
        let prefix = query.sk_prefix.clone().unwrap_or_default();
        // (sort key, primary key) of every matching item, in index order.
        let (pk_attr, sk_attr) = index_attributes(query.index)
            .ok_or_else(|| StoreError::Invalid(format!("no index {:?}", query.index)))?;
        let mut rows: Vec<(String, Key)> = match query.index {
            None => items
                .keys()
                .filter(|k| k.pk == query.pk && k.sk.starts_with(&prefix))
                .map(|k| (k.sk.clone(), k.clone()))
                .collect(),
            Some(_) => items
                .values()
                .filter_map(|item| index_position(item, pk_attr, sk_attr))
                .filter(|(pk, sk, _)| *pk == query.pk && sk.starts_with(&prefix))
                .map(|(_, sk, key)| (sk, key))
                .collect(),
        };
        rows.sort();
        if !query.forward {
            rows.reverse();
        }
        if let Some(start) = &query.start {
            let start_key =
                Key::of(start).ok_or_else(|| StoreError::Invalid("start without PK/SK".into()))?;
            let start_sort = match query.index {
                None => start_key.sk.clone(),
                Some(_) => start
                    .get(sk_attr)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
            };
            let position = (start_sort, start_key);
            rows.retain(|row| {
                if query.forward {
                    *row > position
                } else {
                    *row < position
                }
            });
        }
        let limit = query.limit.map(|l| l as usize).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let page_items: Vec<Item> = rows
            .iter()
            .filter_map(|(_, k)| items.get(k).cloned())
            .collect();
        let next = if more {
            page_items.last().map(|last| {
                let mut key = Item::new();
                for attr in [PK, SK, pk_attr, sk_attr] {
                    if (query.index.is_some() || attr == PK || attr == SK)
                        && let Some(v) = last.get(attr)
                    {
                        key.insert(attr.into(), v.clone());
                    }
                }
                key
            })
        } else {
            None
        };
        Ok(Page {
            scanned: page_items.len() as u64,
            items: page_items,
            next,
        })
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        if writes.is_empty() || writes.len() > 100 {
            return Err(StoreError::Invalid(
                "a transaction holds 1 to 100 writes".into(),
            ));
        }
        let mut items = lock(&self.items);
        let mut seen = HashSet::new();
        for (index, write) in writes.iter().enumerate() {
            let key = write_key(write)?;
            if !seen.insert(key.clone()) {
                return Err(StoreError::Invalid("two writes on one item".into()));
            }
            if let Some(condition) = write_condition(write)
                && !holds(condition, items.get(&key))
            {
                return Err(StoreError::ConditionFailed { index });
            }
        }
        for write in writes {
            match write {
                Write::Put { item, .. } => {
                    if let Some(key) = Key::of(&item) {
                        items.insert(key, item);
                    }
                }
                Write::Update { key, set, .. } => {
                    let entry = items.entry(key.clone()).or_insert_with(|| {
                        let mut item = Item::new();
                        item.insert(PK.into(), key.pk.clone().into());
                        item.insert(SK.into(), key.sk.clone().into());
                        item
                    });
                    entry.extend(set);
                }
                Write::Add { key, add, .. } => {
                    let entry = items.entry(key.clone()).or_insert_with(|| {
                        let mut item = Item::new();
                        item.insert(PK.into(), key.pk.clone().into());
                        item.insert(SK.into(), key.sk.clone().into());
                        item
                    });
                    for (attr, by) in add {
                        let current = entry.get(&attr).and_then(|v| v.as_i64()).unwrap_or(0);
                        entry.insert(attr, (current + by).into());
                    }
                }
                Write::Delete { key, .. } => {
                    items.remove(&key);
                }
                Write::Check { .. } => {}
            }
        }
        Ok(())
    }
}

/// Collects sent emails; can be told to fail.
#[derive(Default)]
pub struct MemoryMailer {
    sent: Mutex<Vec<OutgoingEmail>>,
    fail_next: AtomicUsize,
    counter: AtomicU64,
}

impl MemoryMailer {
    pub fn new() -> MemoryMailer {
        MemoryMailer::default()
    }

    pub fn sent(&self) -> Vec<OutgoingEmail> {
        lock(&self.sent).clone()
    }

    /// The next `n` sends fail as if the service were down.
    pub fn fail_next(&self, n: usize) {
        self.fail_next.store(n, Ordering::SeqCst);
    }
}

/// Texts kept in memory; a number that is not E.164 is refused for good,
/// as SNS does.
#[derive(Default)]
pub struct MemoryTexter {
    sent: Mutex<Vec<crate::ports::OutgoingText>>,
    fail_next: AtomicUsize,
    counter: AtomicU64,
}

impl MemoryTexter {
    pub fn new() -> MemoryTexter {
        MemoryTexter::default()
    }

    pub fn sent(&self) -> Vec<crate::ports::OutgoingText> {
        lock(&self.sent).clone()
    }

    /// The next `n` texts fail as if the service were down.
    pub fn fail_next(&self, n: usize) {
        self.fail_next.store(n, Ordering::SeqCst);
    }
}

#[async_trait]
impl crate::ports::Texter for MemoryTexter {
    async fn text(&self, sms: &crate::ports::OutgoingText) -> Result<String, MailError> {
        if self
            .fail_next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(MailError::Unavailable("injected failure".into()));
        }
        let digits = sms.to.strip_prefix('+').unwrap_or("");
        if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MailError::Rejected("invalid phone number".into()));
        }
        lock(&self.sent).push(sms.clone());
        Ok(format!(
            "sms-{}",
            self.counter.fetch_add(1, Ordering::SeqCst)
        ))
    }
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        if self
            .fail_next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(MailError::Unavailable("injected failure".into()));
        }
        if !email.to.contains('@') {
            return Err(MailError::Rejected("invalid recipient".into()));
        }
        lock(&self.sent).push(email.clone());
        Ok(format!(
            "mem-{}",
            self.counter.fetch_add(1, Ordering::SeqCst)
        ))
    }
}

struct Identity {
    sub: String,
    password: Option<String>,
    enabled: bool,
    /// An authenticator app: enrolled (started, confirmed), switched on.
    totp: (bool, bool, bool),
    /// The authentication phone: its number, verified, codes by SMS on.
    sms: (Option<String>, bool, bool),
}

/// The one code the memory twin's authenticator apps show.
pub const MEMORY_TOTP_CODE: &str = "246810";

/// The one code the memory twin texts.
pub const MEMORY_SMS_CODE: &str = "135790";

/// A credential directory and session verifier in memory. Issued access
/// tokens are opaque strings it remembers.
#[derive(Default)]
pub struct MemoryDirectory {
    identities: Mutex<HashMap<String, Identity>>,
    sessions: Mutex<HashMap<String, String>>,
    /// Refresh token → subject.
    refresh_tokens: Mutex<HashMap<String, String>>,
    counter: AtomicU64,
}

impl MemoryDirectory {
    pub fn new() -> MemoryDirectory {
        MemoryDirectory::default()
    }

    /// Registers a session token for a subject (for fixtures and samples).
    pub fn register_session(&self, token: &str, sub: &str) {
        lock(&self.sessions).insert(token.to_string(), sub.to_string());
    }

    /// A new access token and refresh token for a subject.
    fn issue(&self, sub: &str) -> SessionTokens {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let token = format!("mem-access-{n}");
        self.register_session(&token, sub);
        let refresh = format!("mem-refresh-{n}");
        lock(&self.refresh_tokens).insert(refresh.clone(), sub.to_string());
        SessionTokens {
            access_token: token,
            id_token: None,
            refresh_token: Some(refresh),
            expires_in: 3600,
            token_type: "Bearer".into(),
        }
    }

    /// Changes the identity an access token was issued to.
    fn with_session_identity(
        &self,
        access_token: &str,
        change: impl FnOnce(&mut Identity),
    ) -> Result<(), DirectoryError> {
        let sub = lock(&self.sessions)
            .get(access_token)
            .cloned()
            .ok_or(DirectoryError::InvalidCredentials)?;
        let mut identities = lock(&self.identities);
        let identity = identities
            .values_mut()
            .find(|i| i.sub == sub)
            .ok_or(DirectoryError::InvalidCredentials)?;
        change(identity);
        Ok(())
    }

    /// Revokes every session of a subject.
    pub fn revoke(&self, sub: &str) {
        lock(&self.sessions).retain(|_, s| s != sub);
    }
}

#[async_trait]
impl Directory for MemoryDirectory {
    async fn ensure_identity(&self, email: &str) -> Result<String, DirectoryError> {
        let mut identities = lock(&self.identities);
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let identity = identities
            .entry(email.to_string())
            .or_insert_with(|| Identity {
                sub: format!("00000000-0000-4000-8000-{n:012}"),
                password: None,
                enabled: true,
                totp: (false, false, false),
                sms: (None, false, false),
            });
        Ok(identity.sub.clone())
    }

    async fn set_password(&self, email: &str, password: &str) -> Result<(), DirectoryError> {
        if !password::meets_policy(password) {
            return Err(DirectoryError::PasswordPolicy);
        }
        let mut identities = lock(&self.identities);
        let identity = identities
            .get_mut(email)
            .ok_or(DirectoryError::InvalidCredentials)?;
        identity.password = Some(password.to_string());
        Ok(())
    }

    async fn sign_in(&self, email: &str, password: &str) -> Result<SignedIn, DirectoryError> {
        let sub = {
            let identities = lock(&self.identities);
            let identity = identities
                .get(email)
                .ok_or(DirectoryError::InvalidCredentials)?;
            // As Cognito: the disabled flag before the password.
            if !identity.enabled {
                return Err(DirectoryError::Disabled);
            }
            if identity.password.as_deref() != Some(password) {
                return Err(DirectoryError::InvalidCredentials);
            }
            if identity.totp.1 && identity.totp.2 {
                return Ok(SignedIn::TotpRequired {
                    session: format!("mem-mfa-{email}"),
                });
            }
            if let (Some(phone), true, true) = &identity.sms {
                return Ok(SignedIn::SmsRequired {
                    session: format!("mem-sms-{email}"),
                    destination: format!(
                        "+*******{}",
                        crate::domain::accounts::mfa::last_four(phone)
                    ),
                });
            }
            identity.sub.clone()
        };
        Ok(SignedIn::Tokens(self.issue(&sub)))
    }

    async fn answer_totp(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<SessionTokens, DirectoryError> {
        if session != format!("mem-mfa-{email}") {
            return Err(DirectoryError::InvalidCredentials);
        }
        let sub = lock(&self.identities)
            .get(email)
            .map(|i| i.sub.clone())
            .ok_or(DirectoryError::InvalidCredentials)?;
        if code != MEMORY_TOTP_CODE {
            return Err(DirectoryError::WrongCode);
        }
        Ok(self.issue(&sub))
    }

    async fn answer_sms(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<SessionTokens, DirectoryError> {
        if session != format!("mem-sms-{email}") {
            return Err(DirectoryError::InvalidCredentials);
        }
        let sub = lock(&self.identities)
            .get(email)
            .map(|i| i.sub.clone())
            .ok_or(DirectoryError::InvalidCredentials)?;
        if code != MEMORY_SMS_CODE {
            return Err(DirectoryError::WrongCode);
        }
        Ok(self.issue(&sub))
    }

    async fn start_sms(
        &self,
        access_token: &str,
        _email: &str,
        phone: &str,
    ) -> Result<(), DirectoryError> {
        self.with_session_identity(access_token, |identity| {
            identity.sms = (Some(phone.to_string()), false, identity.sms.2);
        })
    }

    async fn confirm_sms(&self, access_token: &str, code: &str) -> Result<(), DirectoryError> {
        if code != MEMORY_SMS_CODE {
            return Err(DirectoryError::WrongCode);
        }
        self.with_session_identity(access_token, |identity| {
            if identity.sms.0.is_some() {
                identity.sms.1 = true;
                identity.sms.2 = true;
            }
        })
    }

    async fn start_totp(&self, access_token: &str) -> Result<String, DirectoryError> {
        self.with_session_identity(access_token, |identity| identity.totp.0 = true)?;
        Ok("MEMORYTOTPSECRET".into())
    }

    async fn confirm_totp(&self, access_token: &str, code: &str) -> Result<(), DirectoryError> {
        if code != MEMORY_TOTP_CODE {
            return Err(DirectoryError::WrongCode);
        }
        self.with_session_identity(access_token, |identity| {
            if identity.totp.0 {
                identity.totp = (true, true, true);
            }
        })
    }

    async fn set_factor(
        &self,
        email: &str,
        method: Method,
        enabled: bool,
    ) -> Result<(), DirectoryError> {
        let mut identities = lock(&self.identities);
        let identity = identities
            .get_mut(email)
            .ok_or(DirectoryError::InvalidCredentials)?;
        match method {
            Method::Totp => identity.totp.2 = enabled && identity.totp.1,
            // As Cognito: SMS may be switched on before the phone is verified.
            Method::Sms => identity.sms.2 = enabled,
        }
        Ok(())
    }

    async fn refresh(&self, refresh_token: &str) -> Result<SessionTokens, DirectoryError> {
        let sub = lock(&self.refresh_tokens)
            .get(refresh_token)
            .cloned()
            .ok_or(DirectoryError::InvalidCredentials)?;
        let mut tokens = self.issue(&sub);
        // Not rotated (Cognito's REFRESH_TOKEN_AUTH keeps it).
        lock(&self.refresh_tokens).remove(tokens.refresh_token.as_deref().unwrap_or(""));
        tokens.refresh_token = None;
        Ok(tokens)
    }

    async fn revoke(&self, refresh_token: &str) -> Result<(), DirectoryError> {
        lock(&self.refresh_tokens).remove(refresh_token);
        Ok(())
    }

    async fn set_enabled(&self, email: &str, enabled: bool) -> Result<(), DirectoryError> {
        let mut identities = lock(&self.identities);
        let identity = identities
            .get_mut(email)
            .ok_or(DirectoryError::InvalidCredentials)?;
        identity.enabled = enabled;
        Ok(())
    }

    async fn sign_out_everywhere(&self, email: &str) -> Result<(), DirectoryError> {
        // Cognito's access tokens stay valid until they expire (for a
        // verifier of their signature); the refresh tokens die.
        let sub = lock(&self.identities)
            .get(email)
            .map(|i| i.sub.clone())
            .ok_or(DirectoryError::InvalidCredentials)?;
        lock(&self.refresh_tokens).retain(|_, s| *s != sub);
        Ok(())
    }

    async fn change_email(&self, email: &str, new_email: &str) -> Result<(), DirectoryError> {
        let mut identities = lock(&self.identities);
        if identities.contains_key(new_email) {
            return Err(DirectoryError::Unavailable("email taken".into()));
        }
        let identity = identities
            .remove(email)
            .ok_or(DirectoryError::InvalidCredentials)?;
        identities.insert(new_email.to_string(), identity);
        Ok(())
    }

    async fn delete_identity(&self, email: &str) -> Result<(), DirectoryError> {
        let removed = lock(&self.identities).remove(email);
        if let Some(identity) = removed {
            self.revoke(&identity.sub);
        }
        Ok(())
    }
}

#[async_trait]
impl SessionVerifier for MemoryDirectory {
    async fn verify(&self, token: &str) -> Result<Principal, VerifyError> {
        lock(&self.sessions)
            .get(token)
            .map(|sub| Principal { sub: sub.clone() })
            .ok_or(VerifyError::Invalid("unknown token"))
    }
}

/// A clock that stands still until moved.
pub struct ManualClock {
    now: Mutex<jiff::Timestamp>,
}

impl ManualClock {
    pub fn new(now: jiff::Timestamp) -> ManualClock {
        ManualClock {
            now: Mutex::new(now),
        }
    }

    pub fn advance(&self, by: jiff::SignedDuration) {
        let mut now = lock(&self.now);
        *now = now.checked_add(by).unwrap_or(*now);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> jiff::Timestamp {
        *lock(&self.now)
    }
}

/// Deterministic, never-repeating bytes (SHA-256 of a seed and a counter):
/// reproducible tests, not secrets.
pub struct SeededRandom {
    seed: u64,
    counter: AtomicU64,
}

impl SeededRandom {
    pub fn new(seed: u64) -> SeededRandom {
        SeededRandom {
            seed,
            counter: AtomicU64::new(0),
        }
    }
}

impl Random for SeededRandom {
    fn fill(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(32) {
            let n = self.counter.fetch_add(1, Ordering::SeqCst);
            let mut hasher = Sha256::new();
            hasher.update(self.seed.to_le_bytes());
            hasher.update(n.to_le_bytes());
            let digest = hasher.finalize();
            chunk.copy_from_slice(&digest[..chunk.len()]);
        }
    }
}

/// File storage in memory: URLs name the key; `put` stands for the
/// browser's upload through the URL.
#[derive(Default)]
pub struct MemoryFiles {
    files: Mutex<HashMap<String, crate::ports::StoredFile>>,
}

impl MemoryFiles {
    pub fn new() -> MemoryFiles {
        MemoryFiles::default()
    }

    /// What an upload through an upload URL leaves behind.
    pub fn put(&self, key: &str, content_type: &str, size_bytes: i64) {
        lock(&self.files).insert(
            key.to_string(),
            crate::ports::StoredFile {
                size_bytes,
                content_type: Some(content_type.to_string()),
            },
        );
    }
}

#[async_trait]
impl crate::ports::FileStorage for MemoryFiles {
    async fn presign(
        &self,
        request: crate::ports::Presign<'_>,
        valid_for: std::time::Duration,
    ) -> Result<crate::ports::PresignedUrl, crate::ports::FileError> {
        let expires = valid_for.as_secs();
        let (method, url, headers) = match request {
            crate::ports::Presign::Upload {
                key,
                content_type,
                size_bytes,
            } => (
                "PUT",
                format!("memory://files/{key}?expires={expires}"),
                [
                    ("content-type".to_string(), content_type.to_string()),
                    ("content-length".to_string(), size_bytes.to_string()),
                ]
                .into(),
            ),
            crate::ports::Presign::Download { key, file_name } => (
                "GET",
                format!("memory://files/{key}?name={file_name}&expires={expires}"),
                BTreeMap::new(),
            ),
        };
        Ok(crate::ports::PresignedUrl {
            method: method.into(),
            url,
            headers,
            expires_in_seconds: expires,
        })
    }

    async fn stat(
        &self,
        key: &str,
    ) -> Result<Option<crate::ports::StoredFile>, crate::ports::FileError> {
        Ok(lock(&self.files).get(key).cloned())
    }
}

/// The cipher in memory, with the same envelope as KMS's: a fresh data key
/// per seal, "encrypted" under a fixed local master key (AES-256-GCM, the
/// context as associated data, as KMS binds it), beside the value's nonce
/// and ciphertext. Only for tests and samples: the master key is public.
#[derive(Default)]
pub struct MemoryCipher {
    /// Seals and opens so far (as KMS's `GenerateDataKey` and `Decrypt`).
    pub calls: AtomicUsize,
}

/// The in-memory master key (not a secret: tests only).
const MEMORY_MASTER_KEY: [u8; 32] = *b"sesame-memory-cipher-master-key!";

impl MemoryCipher {
    pub fn new() -> MemoryCipher {
        MemoryCipher::default()
    }
}

#[async_trait]
impl crate::ports::Cipher for MemoryCipher {
    async fn seal(
        &self,
        plaintext: &[u8],
        context: &[(&str, &str)],
    ) -> Result<crate::ports::Sealed, crate::ports::CipherError> {
        use crate::adapters::envelope;
        self.calls.fetch_add(1, Ordering::SeqCst);
        let data_key = envelope::random_data_key()?;
        let (key_nonce, wrapped) = envelope::seal(&MEMORY_MASTER_KEY, &data_key, context)?;
        let (nonce, ciphertext) = envelope::seal(&data_key, plaintext, context)?;
        Ok(crate::ports::Sealed {
            key: [key_nonce, wrapped].concat(),
            nonce,
            ciphertext,
        })
    }

    async fn open(
        &self,
        sealed: &crate::ports::Sealed,
        context: &[(&str, &str)],
    ) -> Result<Vec<u8>, crate::ports::CipherError> {
        use crate::adapters::envelope;
        self.calls.fetch_add(1, Ordering::SeqCst);
        if sealed.key.len() < 12 {
            return Err(crate::ports::CipherError::Refused(
                "malformed data key".into(),
            ));
        }
        let (key_nonce, wrapped) = sealed.key.split_at(12);
        let data_key = envelope::open(&MEMORY_MASTER_KEY, key_nonce, wrapped, context)?;
        envelope::open(&data_key, &sealed.nonce, &sealed.ciphertext, context)
    }
}
