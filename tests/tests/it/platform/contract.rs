//! One contract suite for each port, run against the in-memory adapters and
//! against the AWS adapters on the emulator.

use crate::common::*;
use serde_json::json;
use sesame::adapters::cognito::CognitoDirectory;
use sesame::adapters::dynamo::DynamoStore;
use sesame::adapters::jwks::JwksVerifier;
use sesame::adapters::memory::{MemoryDirectory, MemoryMailer, MemoryStore};
use sesame::adapters::ses::SesMailer;
use sesame::ports::store::GSI1;
use sesame::ports::{
    Condition, Directory, DirectoryError, Item, Key, Mailer, OutgoingEmail, Query, SessionVerifier,
    Store, StoreError, Write,
};
use sesame_tests::provision::{self, LocalStack};
use sesame_tests::template::Template;
use std::sync::Arc;

async fn aws_stack() -> LocalStack {
    sesame_tests::emulator::use_fake_credentials();
    provision::provision(&emulator_url(), &unique("c"))
        .await
        .expect("provisioned")
}

async fn dynamo() -> Arc<dyn Store> {
    let stack = aws_stack().await;
    let config = sesame::adapters::aws::sdk_config(&stack.settings).await;
    Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::new(&config),
        stack.settings.table,
    ))
}

fn item(pk: &str, sk: &str, extra: serde_json::Value) -> Item {
    let mut map = Item::new();
    map.insert("PK".into(), pk.into());
    map.insert("SK".into(), sk.into());
    if let serde_json::Value::Object(extra) = extra {
        map.extend(extra);
    }
    map
}

fn put_new(i: Item) -> Write {
    Write::Put {
        item: i,
        condition: Some(Condition::NotExists),
    }
}

async fn store_round_trips_and_conditions(store: Arc<dyn Store>) {
    let key = Key::new("T#1", "A");
    assert_eq!(store.get(&key).await.unwrap(), None);
    let value = item(
        "T#1",
        "A",
        json!({"name": "Éloïse 李", "n": 3, "flag": true, "list": ["x"], "nested": {"a": 1}, "version": 1}),
    );
    store.transact(vec![put_new(value.clone())]).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), Some(value.clone()));
    // A second create of the same key fails on its condition.
    assert_eq!(
        store.transact(vec![put_new(value.clone())]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    // Optimistic locking.
    let mut v2 = value.clone();
    v2.insert("version".into(), json!(2));
    let stale = Write::Put {
        item: v2.clone(),
        condition: Some(Condition::VersionIs(7)),
    };
    assert_eq!(
        store.transact(vec![stale]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    let fresh = Write::Put {
        item: v2.clone(),
        condition: Some(Condition::VersionIs(1)),
    };
    store.transact(vec![fresh]).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), Some(v2));
    // Update sets attributes and keeps the others; Lacks guards single use.
    let mut set = Item::new();
    set.insert("used_at".into(), json!("2026-01-01T00:00:00Z"));
    let once = Write::Update {
        key: key.clone(),
        set: set.clone(),
        condition: Some(Condition::Lacks("used_at")),
    };
    store.transact(vec![once.clone()]).await.unwrap();
    assert_eq!(
        store.transact(vec![once]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    let got = store.get(&key).await.unwrap().unwrap();
    assert_eq!(got["used_at"], "2026-01-01T00:00:00Z");
    assert_eq!(got["name"], "Éloïse 李");
    // Free: a claim with a lease is taken by one, refused while it runs,
    // free again once it has run out; Equals checks who holds it.
    let lease_key = Key::new("T#lease", "A");
    store
        .transact(vec![put_new(item("T#lease", "A", json!({})))])
        .await
        .unwrap();
    let take = |by: &str, now: i64| {
        let mut set = Item::new();
        set.insert("claim".into(), json!(by));
        set.insert("claim_until".into(), json!(now + 30));
        Write::Update {
            key: lease_key.clone(),
            set,
            condition: Some(Condition::Free {
                lacks: "used_at",
                lease: "claim_until",
                now,
            }),
        }
    };
    store.transact(vec![take("a", 100)]).await.unwrap();
    assert_eq!(
        store.transact(vec![take("b", 110)]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    let held_by = |who: &str| Write::Check {
        key: lease_key.clone(),
        condition: Condition::Equals("claim", who.into()),
    };
    store.transact(vec![held_by("a")]).await.unwrap();
    assert_eq!(
        store.transact(vec![held_by("b")]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    store.transact(vec![take("b", 131)]).await.unwrap();
    store.transact(vec![held_by("b")]).await.unwrap();
    // Delete with a condition.
    let gone = Write::Delete {
        key: Key::new("T#none", "A"),
        condition: Some(Condition::Exists),
    };
    assert_eq!(
        store.transact(vec![gone]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    store
        .transact(vec![Write::Delete {
            key: key.clone(),
            condition: Some(Condition::Exists),
        }])
        .await
        .unwrap();
    assert_eq!(store.get(&key).await.unwrap(), None);
}

async fn store_counters_add_under_conditions(store: Arc<dyn Store>) {
    let key = Key::new("C#1", "ORG");
    store
        .transact(vec![put_new(item("C#1", "ORG", json!({"managers": 1})))])
        .await
        .unwrap();
    let add = |by: i64, least: Option<i64>| Write::Add {
        key: key.clone(),
        add: vec![("managers".into(), by), ("members".into(), 1)],
        condition: Some(least.map_or(Condition::Exists, |n| Condition::AtLeast("managers", n))),
    };
    store.transact(vec![add(1, None)]).await.unwrap();
    let got = store.get(&key).await.unwrap().unwrap();
    assert_eq!(
        (got["managers"].as_i64(), got["members"].as_i64()),
        (Some(2), Some(1))
    );
    // Keep at least one: going from 2 to 1 passes, from 1 to 0 is refused.
    store.transact(vec![add(-1, Some(2))]).await.unwrap();
    assert_eq!(
        store.transact(vec![add(-1, Some(2))]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    let got = store.get(&key).await.unwrap().unwrap();
    assert_eq!(got["managers"].as_i64(), Some(1));
    let missing = Write::Add {
        key: Key::new("C#none", "ORG"),
        add: vec![("n".into(), 1)],
        condition: Some(Condition::Exists),
    };
    assert_eq!(
        store.transact(vec![missing]).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
}

async fn store_transactions_are_all_or_nothing(store: Arc<dyn Store>) {
    store
        .transact(vec![put_new(item("X#1", "A", json!({})))])
        .await
        .unwrap();
    let writes = vec![
        put_new(item("X#2", "A", json!({}))),
        Write::Check {
            key: Key::new("X#1", "A"),
            condition: Condition::Exists,
        },
        Write::Check {
            key: Key::new("X#missing", "A"),
            condition: Condition::Exists,
        },
    ];
    assert_eq!(
        store.transact(writes).await,
        Err(StoreError::ConditionFailed { index: 2 })
    );
    assert_eq!(
        store.get(&Key::new("X#2", "A")).await.unwrap(),
        None,
        "half a transaction was written"
    );
    let writes = vec![
        put_new(item("X#2", "A", json!({}))),
        Write::Check {
            key: Key::new("X#1", "A"),
            condition: Condition::Exists,
        },
    ];
    store.transact(writes).await.unwrap();
    assert!(store.get(&Key::new("X#2", "A")).await.unwrap().is_some());
    // Optimistic locking inside a transaction.
    store
        .transact(vec![put_new(item("X#5", "A", json!({"version": 1})))])
        .await
        .unwrap();
    let stale = vec![
        Write::Put {
            item: item("X#5", "A", json!({"version": 2})),
            condition: Some(Condition::VersionIs(7)),
        },
        put_new(item("X#6", "A", json!({}))),
    ];
    assert_eq!(
        store.transact(stale).await,
        Err(StoreError::ConditionFailed { index: 0 })
    );
    // Two writes on one item are refused outright.
    let twice = vec![
        put_new(item("X#3", "A", json!({}))),
        Write::Delete {
            key: Key::new("X#3", "A"),
            condition: None,
        },
    ];
    assert!(matches!(
        store.transact(twice).await,
        Err(StoreError::Invalid(_))
    ));
}

async fn store_reads_many_and_queries(store: Arc<dyn Store>) {
    let mut writes = Vec::new();
    for i in 0..5 {
        let mut it = item("Q#1", &format!("E#{i}"), json!({"i": i}));
        it.insert("GSI1PK".into(), json!("G#1"));
        it.insert("GSI1SK".into(), json!(format!("S#{}", 4 - i)));
        writes.push(put_new(it));
    }
    writes.push(put_new(item("Q#1", "OTHER", json!({}))));
    store.transact(writes).await.unwrap();

    let many = store
        .get_many(&[
            Key::new("Q#1", "E#3"),
            Key::new("Q#1", "missing"),
            Key::new("Q#1", "E#0"),
        ])
        .await
        .unwrap();
    assert_eq!(many[0].as_ref().unwrap()["i"], 3);
    assert!(many[1].is_none());
    assert_eq!(many[2].as_ref().unwrap()["i"], 0);

    // Pages of two, forward, by sort-key prefix.
    let mut seen = Vec::new();
    let mut start = None;
    loop {
        let page = store
            .query(Query {
                pk: "Q#1".into(),
                sk_prefix: Some("E#".into()),
                limit: Some(2),
                start,
                forward: true,
                ..Query::default()
            })
            .await
            .unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|i| i["i"].as_i64().unwrap()));
        match page.next {
            Some(next) => start = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, vec![0, 1, 2, 3, 4]);

    let backwards = store
        .query(Query {
            pk: "Q#1".into(),
            sk_prefix: Some("E#".into()),
            forward: false,
            ..Query::default()
        })
        .await
        .unwrap();
    let order: Vec<i64> = backwards
        .items
        .iter()
        .map(|i| i["i"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![4, 3, 2, 1, 0]);

    let index = store
        .query(Query {
            index: Some(GSI1),
            pk: "G#1".into(),
            forward: true,
            limit: Some(3),
            ..Query::default()
        })
        .await
        .unwrap();
    let order: Vec<i64> = index
        .items
        .iter()
        .map(|i| i["i"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![4, 3, 2]);
    let rest = store
        .query(Query {
            index: Some(GSI1),
            pk: "G#1".into(),
            forward: true,
            start: index.next,
            ..Query::default()
        })
        .await
        .unwrap();
    let order: Vec<i64> = rest
        .items
        .iter()
        .map(|i| i["i"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![1, 0]);
}

macro_rules! store_contract {
    ($($case:ident),*) => {
        mod store_memory {
            $(#[tokio::test] async fn $case() { super::$case(std::sync::Arc::new(super::MemoryStore::new())).await; })*
        }
        mod store_dynamodb {
            $(#[tokio::test] async fn $case() { super::$case(super::dynamo().await).await; })*
        }
    };
}

store_contract!(
    store_counters_add_under_conditions,
    store_round_trips_and_conditions,
    store_transactions_are_all_or_nothing,
    store_reads_many_and_queries
);

fn email(to: &str) -> OutgoingEmail {
    OutgoingEmail {
        to: to.into(),
        subject: "Sujet é".into(),
        text: "texte".into(),
        html: "<p>html</p>".into(),
        outbox_id: Some("019a0000-0000-7000-8000-0000000000aa".into()),
    }
}

async fn mailer_contract(mailer: Arc<dyn Mailer>) {
    let id = mailer
        .send(&email("quelqu.un@exemple.ca"))
        .await
        .expect("sent");
    assert!(!id.is_empty());
    let other = mailer.send(&email("autre@exemple.ca")).await.expect("sent");
    assert_ne!(id, other);
}

#[tokio::test]
async fn mailer_memory() {
    let mailer = Arc::new(MemoryMailer::new());
    mailer_contract(mailer.clone()).await;
    assert_eq!(mailer.sent().len(), 2);
    mailer.fail_next(1);
    assert!(mailer.send(&email("x@exemple.ca")).await.is_err());
}

#[tokio::test]
async fn mailer_ses() {
    let stack = aws_stack().await;
    let config = sesame::adapters::aws::sdk_config(&stack.settings).await;
    let client = aws_sdk_sesv2::Client::new(&config);
    mailer_contract(Arc::new(SesMailer::new(
        client.clone(),
        &stack.settings.sender,
    )))
    .await;
    // SES refuses a sender that is not a verified identity.
    let unverified = SesMailer::new(client, "inconnu@nulle-part.ca");
    assert!(matches!(
        unverified.send(&email("x@exemple.ca")).await,
        Err(sesame::ports::MailError::Rejected(_))
    ));
}

/// A texter sends to an E.164 number, each text its own id, and refuses
/// for good a number that is not one (retrying would change nothing).
async fn texter_contract(texter: Arc<dyn sesame::ports::Texter>) {
    use sesame::ports::{MailError, OutgoingText};
    let text = |to: &str| OutgoingText {
        to: to.into(),
        text: "Sésame : remplacement offert, « Groupe des Lucioles ».".into(),
    };
    let id = texter.text(&text("+15145550142")).await.expect("sent");
    assert!(!id.is_empty());
    let other = texter.text(&text("+33612345678")).await.expect("sent");
    assert_ne!(id, other);
    for bad in ["514 555-0142", "+1", "courriel@exemple.ca"] {
        assert!(
            matches!(texter.text(&text(bad)).await, Err(MailError::Rejected(_))),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn texter_memory() {
    use sesame::ports::Texter;
    let texter = Arc::new(sesame::adapters::memory::MemoryTexter::new());
    texter_contract(texter.clone()).await;
    assert_eq!(texter.sent().len(), 2);
    texter.fail_next(1);
    assert!(matches!(
        texter
            .text(&sesame::ports::OutgoingText {
                to: "+15145550142".into(),
                text: "x".into()
            })
            .await,
        Err(sesame::ports::MailError::Unavailable(_))
    ));
}

#[tokio::test]
async fn texter_sns() {
    let stack = aws_stack().await;
    let config = sesame::adapters::aws::sdk_config(&stack.settings).await;
    let client = aws_sdk_sns::Client::new(&config);
    texter_contract(Arc::new(sesame::adapters::sns::SnsTexter::new(client))).await;
    // What SNS took is what the emulator lists for that number.
    let texts = sesame_tests::emulator::Emulator::at(&crate::common::emulator_url())
        .sent_texts()
        .await
        .unwrap();
    assert!(
        texts
            .iter()
            .any(|t| t.to == "+33612345678" && t.message.contains("Groupe des Lucioles")),
        "{texts:?}"
    );
}

async fn directory_contract(directory: Arc<dyn Directory>, verifier: Arc<dyn SessionVerifier>) {
    let email = format!("{}@exemple.ca", unique("dir."));
    let sub = directory.ensure_identity(&email).await.unwrap();
    assert_eq!(
        directory.ensure_identity(&email).await.unwrap(),
        sub,
        "ensure is idempotent"
    );
    assert_eq!(
        directory.set_password(&email, "faible").await,
        Err(DirectoryError::PasswordPolicy)
    );
    // Not yet able to sign in: no password set.
    assert_eq!(
        directory.sign_in(&email, "Bonjour-2026x").await,
        Err(DirectoryError::InvalidCredentials)
    );
    directory
        .set_password(&email, "Bonjour-2026x")
        .await
        .unwrap();
    assert_eq!(
        directory.sign_in(&email, "Mauvais-2026x").await,
        Err(DirectoryError::InvalidCredentials)
    );
    assert_eq!(
        directory
            .sign_in("personne@exemple.ca", "Mauvais-2026x")
            .await,
        Err(DirectoryError::InvalidCredentials)
    );
    let sesame::ports::SignedIn::Tokens(tokens) =
        directory.sign_in(&email, "Bonjour-2026x").await.unwrap()
    else {
        panic!("no second factor yet")
    };
    // The refresh token renews the session; revoked, it no longer does.
    let refresh = tokens.refresh_token.clone().expect("a refresh token");
    let renewed = directory.refresh(&refresh).await.unwrap();
    assert_eq!(
        verifier.verify(&renewed.access_token).await.unwrap().sub,
        sub
    );
    directory.revoke(&refresh).await.unwrap();
    assert_eq!(
        directory.refresh(&refresh).await.err(),
        Some(DirectoryError::InvalidCredentials)
    );
    directory.revoke(&refresh).await.unwrap();
    assert_eq!(
        verifier.verify(&tokens.access_token).await.unwrap().sub,
        sub
    );
    let mut tampered = tokens.access_token.clone();
    tampered.insert(tampered.len() / 2, 'x');
    assert!(verifier.verify(&tampered).await.is_err());
    if let Some(id_token) = &tokens.id_token {
        assert!(
            verifier.verify(id_token).await.is_err(),
            "an ID token is not a session token"
        );
    }
    // Disabled identities cannot sign in, and say so whatever the password
    // (Cognito checks the flag first); enabled again, they can.
    directory.set_enabled(&email, false).await.unwrap();
    assert_eq!(
        directory.sign_in(&email, "Bonjour-2026x").await,
        Err(DirectoryError::Disabled)
    );
    assert_eq!(
        directory.sign_in(&email, "Mauvais-2026x").await,
        Err(DirectoryError::Disabled)
    );
    directory.set_enabled(&email, false).await.unwrap();
    directory.set_enabled(&email, true).await.unwrap();
    directory.sign_in(&email, "Bonjour-2026x").await.unwrap();
    directory.sign_out_everywhere(&email).await.unwrap();
    // Deleted, the email is free: a new identity with another subject.
    directory.delete_identity(&email).await.unwrap();
    directory.delete_identity(&email).await.unwrap();
    assert_eq!(
        directory.sign_in(&email, "Bonjour-2026x").await,
        Err(DirectoryError::InvalidCredentials)
    );
    assert_ne!(directory.ensure_identity(&email).await.unwrap(), sub);
}

#[tokio::test]
async fn directory_memory() {
    let directory = Arc::new(MemoryDirectory::new());
    directory_contract(directory.clone(), directory).await;
}

#[tokio::test]
async fn directory_cognito() {
    let stack = aws_stack().await;
    let s = &stack.settings;
    let config = sesame::adapters::aws::sdk_config(s).await;
    let client = aws_sdk_cognitoidentityprovider::Client::new(&config);
    let directory = Arc::new(CognitoDirectory::new(client, &s.user_pool_id, &s.client_id));
    let verifier = Arc::new(JwksVerifier::new(&s.jwks_url, &s.issuer, &s.client_id).unwrap());
    directory_contract(directory.clone(), verifier).await;
    // A token for another client of the same pool is refused.
    let other_client = JwksVerifier::new(&s.jwks_url, &s.issuer, "another-client").unwrap();
    let email = format!("{}@exemple.ca", unique("dir2."));
    directory.ensure_identity(&email).await.unwrap();
    directory
        .set_password(&email, "Bonjour-2026x")
        .await
        .unwrap();
    let sesame::ports::SignedIn::Tokens(tokens) =
        directory.sign_in(&email, "Bonjour-2026x").await.unwrap()
    else {
        panic!("no second factor")
    };
    // Cold (no keys yet): the subject the token claims is offered, so the
    // caller's identity can be read while the keys are fetched; once the
    // keys are loaded, nothing is offered before verification.
    let cold = JwksVerifier::new(&s.jwks_url, &s.issuer, &s.client_id).unwrap();
    assert_eq!(cold.claimed_before_fetch("not.a.token"), None);
    let claimed = cold.claimed_before_fetch(&tokens.access_token);
    let verified = cold.verify(&tokens.access_token).await.unwrap();
    assert_eq!(claimed.as_deref(), Some(verified.sub.as_str()));
    assert_eq!(cold.claimed_before_fetch(&tokens.access_token), None);
    assert!(other_client.verify(&tokens.access_token).await.is_err());
    let wrong_issuer =
        JwksVerifier::new(&s.jwks_url, "https://issuer.invalid", &s.client_id).unwrap();
    assert!(wrong_issuer.verify(&tokens.access_token).await.is_err());
}

#[test]
fn the_template_declares_what_the_store_contract_uses() {
    let template = Template::load().unwrap();
    let table = template.properties("Table").unwrap();
    let names: Vec<&str> = table["GlobalSecondaryIndexes"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|g| g["IndexName"].as_str())
        .collect();
    assert_eq!(names, vec![GSI1, sesame::ports::store::GSI2]);
}

fn random_contract(random: &dyn sesame::ports::Random) {
    let a = random.bytes::<32>();
    let b = random.bytes::<32>();
    assert_ne!(a, b, "two draws repeat");
    assert_ne!(a, [0u8; 32]);
    let mut odd = [0u8; 45];
    random.fill(&mut odd);
    assert!(
        odd[32..].iter().any(|x| *x != 0),
        "a partial block is left empty"
    );
}

#[test]
fn random_os() {
    random_contract(&sesame::adapters::system::OsRandom);
}

#[test]
fn random_seeded() {
    random_contract(&sesame::adapters::memory::SeededRandom::new(1));
}

#[test]
fn clocks_tell_the_time() {
    use sesame::ports::Clock;
    let system = sesame::adapters::system::SystemClock;
    let before = jiff::Timestamp::now();
    assert!(system.now() >= before);
    let manual = sesame::adapters::memory::ManualClock::new(before);
    assert_eq!(manual.now(), before);
    manual.advance(jiff::SignedDuration::from_hours(1));
    assert_eq!(manual.now(), before + jiff::SignedDuration::from_hours(1));
}

/// The file-storage contract: nothing before the upload, an upload URL
/// bound to the declared type, the file described after the upload, a
/// download URL. `upload` does what the browser does with the URL.
async fn files_contract<F, Fut>(files: Arc<dyn sesame::ports::FileStorage>, upload: F)
where
    F: Fn(sesame::ports::PresignedUrl, Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let key = format!("receipts/{}/recu", unique("files"));
    assert_eq!(files.stat(&key).await.unwrap(), None);
    let ttl = std::time::Duration::from_secs(60);
    let put = files
        .upload_url(&key, "application/pdf", 9, ttl)
        .await
        .unwrap();
    assert_eq!(put.method, "PUT");
    assert_eq!(put.expires_in_seconds, 60);
    assert!(put.url.contains(&key), "{}", put.url);
    assert_eq!(
        put.headers.get("content-type").map(String::as_str),
        Some("application/pdf"),
        "the content type is part of the signed request: {:?}",
        put.headers
    );
    upload(put, b"%PDF-1.4\n".to_vec()).await;
    let stored = files.stat(&key).await.unwrap().expect("uploaded");
    assert_eq!(stored.size_bytes, 9);
    assert_eq!(stored.content_type.as_deref(), Some("application/pdf"));
    let get = files.download_url(&key, "reçu.pdf", ttl).await.unwrap();
    assert_eq!(get.method, "GET");
    assert!(get.url.contains(&key));
}

#[tokio::test]
async fn files_memory() {
    let memory = memory();
    let twin = memory.files.clone();
    files_contract(memory.ctx.files.clone(), |url, bytes| {
        let twin = twin.clone();
        async move {
            let key = url
                .url
                .trim_start_matches("memory://files/")
                .split('?')
                .next()
                .unwrap()
                .to_string();
            twin.put(&key, &url.headers["content-type"], bytes.len() as i64);
        }
    })
    .await;
}

#[tokio::test]
async fn files_s3() {
    let stack = aws_stack().await;
    let config = sesame::adapters::aws::sdk_config(&stack.settings).await;
    let client = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let files: Arc<dyn sesame::ports::FileStorage> = Arc::new(sesame::adapters::s3::S3Files::new(
        client,
        stack.settings.bucket.clone(),
    ));
    files_contract(files.clone(), |url, bytes| async move {
        let headers: Vec<(&str, &str)> = url
            .headers
            .iter()
            .filter(|(k, _)| k.as_str() != "host")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = sesame_tests::client::send("PUT", &url.url, &headers, Some(bytes))
            .await
            .unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
    })
    .await;
    // Through S3, the download URL serves the bytes back.
    let key = format!("documents/{}/doc", unique("files"));
    let ttl = std::time::Duration::from_secs(60);
    let put = files.upload_url(&key, "image/png", 4, ttl).await.unwrap();
    let headers: Vec<(&str, &str)> = put
        .headers
        .iter()
        .filter(|(k, _)| k.as_str() != "host")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sesame_tests::client::send("PUT", &put.url, &headers, Some(b"PNG!".to_vec()))
        .await
        .unwrap();
    let get = files.download_url(&key, "doc.png", ttl).await.unwrap();
    let reply = sesame_tests::client::send("GET", &get.url, &[], None)
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body.as_bytes(), b"PNG!".as_slice());
    assert!(
        reply
            .header("content-disposition")
            .is_some_and(|d| d.contains("doc.png")),
        "{:?}",
        reply.headers
    );
}

/// The cipher contract: a sealed value opens with its context only (in
/// any order of its pairs), holds no plaintext, is fresh each time (its
/// own data key and nonce), and refuses another context, an altered
/// ciphertext or an altered data key as `Refused`, never as data.
async fn cipher_contract(cipher: Arc<dyn sesame::ports::Cipher>) {
    use sesame::ports::CipherError;
    let secret = b"DE89370400440532013000";
    let mine = [("org", "o-1"), ("account", "a-1"), ("field", "iban")];
    let sealed = cipher.seal(secret, &mine).await.unwrap();
    assert!(!sealed.key.is_empty() && sealed.nonce.len() == 12);
    // AES-256-GCM: the value's length and a 16-byte tag.
    assert_eq!(sealed.ciphertext.len(), secret.len() + 16);
    let stored = serde_json::to_string(&sealed).unwrap();
    assert!(!stored.contains("0532"), "{stored}");
    assert_eq!(cipher.open(&sealed, &mine).await.unwrap(), secret);
    let reordered = [("field", "iban"), ("account", "a-1"), ("org", "o-1")];
    assert_eq!(cipher.open(&sealed, &reordered).await.unwrap(), secret);
    // Stored and read back (base64 in the item): the same value.
    let back: sesame::ports::Sealed = serde_json::from_str(&stored).unwrap();
    assert_eq!(cipher.open(&back, &mine).await.unwrap(), secret);
    let again = cipher.seal(secret, &mine).await.unwrap();
    assert_ne!(again.key, sealed.key);
    assert_ne!(again.ciphertext, sealed.ciphertext);
    for other in [
        [("org", "o-1"), ("account", "a-2"), ("field", "iban")],
        [("org", "o-2"), ("account", "a-1"), ("field", "iban")],
        [("org", "o-1"), ("account", "a-1"), ("field", "account")],
    ] {
        assert!(
            matches!(
                cipher.open(&sealed, &other).await,
                Err(CipherError::Refused(_))
            ),
            "opened with {other:?}"
        );
    }
    let mut altered = sealed.clone();
    altered.ciphertext[3] ^= 1;
    assert!(matches!(
        cipher.open(&altered, &mine).await,
        Err(CipherError::Refused(_))
    ));
    let mut altered = sealed.clone();
    let last = altered.key.len() - 1;
    altered.key[last] ^= 1;
    assert!(matches!(
        cipher.open(&altered, &mine).await,
        Err(CipherError::Refused(_))
    ));
    // Another value's data key does not open this one.
    let swapped = sesame::ports::Sealed {
        key: again.key.clone(),
        ..sealed.clone()
    };
    assert!(cipher.open(&swapped, &mine).await.is_err());
    // An empty value seals too.
    let empty = cipher.seal(b"", &mine).await.unwrap();
    assert_eq!(cipher.open(&empty, &mine).await.unwrap(), b"");
}

#[tokio::test]
async fn cipher_memory() {
    let cipher = Arc::new(sesame::adapters::memory::MemoryCipher::new());
    cipher_contract(cipher.clone()).await;
    assert!(cipher.calls.load(std::sync::atomic::Ordering::SeqCst) > 0);
}

#[tokio::test]
async fn cipher_kms() {
    use sesame::ports::Cipher;
    let stack = aws_stack().await;
    let key = stack.settings.bank_details_key.clone().expect("the key");
    let counter = sesame::adapters::calls::CallCounter::new();
    let config = sesame::adapters::aws::lambda_sdk_config(&stack.settings);
    let client = aws_sdk_kms::Client::from_conf(
        aws_sdk_kms::config::Builder::from(&config)
            .interceptor(counter.clone())
            .build(),
    );
    let cipher = Arc::new(sesame::adapters::kms::KmsCipher::new(client.clone(), &key));
    cipher_contract(cipher.clone()).await;
    // Through the functions' SDK config, counted as KMS calls: one data
    // key per seal, one decrypt per open.
    let calls = counter.snapshot();
    assert_eq!(calls.get("KMS.GenerateDataKey"), Some(&3), "{calls:?}");
    assert!(
        calls.get("KMS.Decrypt").is_some_and(|n| *n >= 8),
        "{calls:?}"
    );
    // The data key is KMS's own ciphertext: KMS opens it with the context only.
    let mine = [("org", "o-1"), ("account", "a-1"), ("field", "iban")];
    let sealed = cipher.seal(b"12345", &mine).await.unwrap();
    let plain = client
        .decrypt()
        .ciphertext_blob(aws_sdk_kms::primitives::Blob::new(sealed.key.clone()))
        .set_encryption_context(Some(
            mine.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
        .send()
        .await
        .expect("KMS decrypts its data key with the context");
    assert_eq!(plain.plaintext.map(|b| b.into_inner().len()), Some(32));
    assert!(
        client
            .decrypt()
            .ciphertext_blob(aws_sdk_kms::primitives::Blob::new(sealed.key))
            .send()
            .await
            .is_err(),
        "without the context KMS refuses"
    );
    // Another key: the key service, not the value, is at fault.
    let missing = sesame::adapters::kms::KmsCipher::new(client, "alias/absent");
    assert!(matches!(
        missing.seal(b"x", &mine).await,
        Err(sesame::ports::CipherError::Unavailable(_))
    ));
}
