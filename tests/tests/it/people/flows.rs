//! Operation rules with the in-memory adapters: fast, and independent of
//! the emulator.

use crate::common::*;
use serde_json::json;
use sesame::domain::people::membership::MembershipStatus;
use sesame::domain::people::permission::{Grants, Permission};
use sesame::layout::keys;
use sesame::layout::records::{OutboxMessage, from_item};
use sesame::operations::{self, Context, OpError};
use sesame_tests::seed::{DEMO_ESTABLISHMENTS, DEMO_ORG_ID, seed, seed_demo};

use sesame_tests::ops::{EST_A, EST_B, call_op, grants, manager_sub, member};

/// The demo organisation with Zoé created and invited by its manager:
/// (manager sub, Zoé's id, the token of her link).
async fn invited(m: &Memory) -> (String, String, String) {
    seed_demo(&m.ctx).await.unwrap();
    let boss = manager_sub(&m.ctx).await;
    let created = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&boss),
        &[("org_id", DEMO_ORG_ID)],
        Some(employee("zoe@exemple.ca", EST_A)),
    )
    .await
    .unwrap();
    let id = created.body["id"].as_str().unwrap().to_string();
    call_op(
        &m.ctx,
        &operations::people::send_activation::SPEC,
        Some(&boss),
        &[("org_id", DEMO_ORG_ID), ("user_id", &id)],
        None,
    )
    .await
    .unwrap();
    operations::outbox::drain(&m.ctx).await.unwrap();
    let token = m
        .mailer
        .sent()
        .last()
        .and_then(|mail| mail.text.split("#token=").nth(1).map(str::to_string))
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_default();
    (boss, id, token)
}

async fn delivery_of(m: &Memory, boss: &str, id: &str) -> serde_json::Value {
    let shown = call_op(
        &m.ctx,
        &operations::people::get_user::SPEC,
        Some(boss),
        &[("org_id", DEMO_ORG_ID), ("user_id", id)],
        None,
    )
    .await
    .unwrap();
    shown.body["invitation"]["delivery"].clone()
}

async fn send_activation(m: &Memory, boss: &str, id: &str) {
    let sent = call_op(
        &m.ctx,
        &operations::people::send_activation::SPEC,
        Some(boss),
        &[("org_id", DEMO_ORG_ID), ("user_id", id)],
        None,
    )
    .await
    .unwrap();
    assert_eq!(sent.body["status"], "invited");
    // The change only queues the email: the sender delivers it.
    assert_eq!(sent.body["invitation"]["delivery"], "pending");
}

#[tokio::test]
async fn emails_survive_an_ses_outage_and_are_delivered_exactly_once() {
    use sesame::operations::outbox::{Sweep, drain};
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let boss = manager_sub(&m.ctx).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let created = call_op(
            &m.ctx,
            &operations::people::create_user::SPEC,
            Some(&boss),
            &[("org_id", DEMO_ORG_ID)],
            Some(employee(&format!("zoe{n}@exemple.ca"), EST_A)),
        )
        .await
        .unwrap();
        ids.push(created.body["id"].as_str().unwrap().to_string());
    }
    for id in &ids {
        send_activation(&m, &boss, id).await;
    }
    // SES is down: every message is kept for a retry, link and all.
    m.mailer.fail_next(usize::MAX);
    let down = drain(&m.ctx).await.unwrap();
    assert_eq!(
        down,
        Sweep {
            retrying: 5,
            ..Sweep::default()
        }
    );
    assert!(m.mailer.sent().is_empty());
    assert_eq!(delivery_of(&m, &boss, &ids[0]).await, "retrying");
    let page = m
        .ctx
        .store
        .query(sesame::ports::Query {
            index: Some(sesame::ports::GSI1),
            pk: keys::OUTBOX_DUE.into(),
            forward: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.items.len(), 5);
    let waiting: OutboxMessage = from_item(page.items[0].clone()).unwrap();
    assert_eq!(waiting.attempts, 1);
    assert!(
        waiting
            .html
            .as_deref()
            .unwrap_or_default()
            .contains("#token=")
    );
    // Nothing is tried again before its backoff.
    assert_eq!(drain(&m.ctx).await.unwrap(), Sweep::default());
    // SES recovers; after the backoff each message goes out once.
    m.mailer.fail_next(0);
    m.clock.advance(jiff::SignedDuration::from_secs(31));
    let up = drain(&m.ctx).await.unwrap();
    assert_eq!(
        up,
        Sweep {
            sent: 5,
            ..Sweep::default()
        }
    );
    assert_eq!(drain(&m.ctx).await.unwrap(), Sweep::default());
    let sent = m.mailer.sent();
    for n in 0..5 {
        let to = format!("zoe{n}@exemple.ca");
        assert_eq!(sent.iter().filter(|e| e.to == to).count(), 1, "{to}");
    }
    assert_eq!(delivery_of(&m, &boss, &ids[0]).await, "sent");
    println!(
        "outbox: 5 messages through an SES outage, {} deliveries, none twice",
        sent.len()
    );
}

#[tokio::test]
async fn a_message_that_keeps_failing_is_marked_failed_and_can_be_resent() {
    use sesame::domain::delivery::{MAX_ATTEMPTS, retry_delay};
    use sesame::operations::outbox::drain;
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let boss = manager_sub(&m.ctx).await;
    let created = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&boss),
        &[("org_id", DEMO_ORG_ID)],
        Some(employee("zoe@exemple.ca", EST_A)),
    )
    .await
    .unwrap();
    let id = created.body["id"].as_str().unwrap().to_string();
    send_activation(&m, &boss, &id).await;
    m.mailer.fail_next(usize::MAX);
    for attempt in 1..=MAX_ATTEMPTS {
        let sweep = drain(&m.ctx).await.unwrap();
        assert_eq!(sweep.retrying + sweep.failed, 1, "attempt {attempt}");
        if let Some(wait) = retry_delay(attempt) {
            m.clock.advance(wait + jiff::SignedDuration::from_secs(1));
        }
    }
    // Visible to the manager, and nothing is tried any more.
    assert_eq!(delivery_of(&m, &boss, &id).await, "failed");
    m.clock.advance(jiff::SignedDuration::from_hours(1));
    m.mailer.fail_next(0);
    assert_eq!(drain(&m.ctx).await.unwrap().sent, 0);
    // The manager resends: a fresh link goes out.
    send_activation(&m, &boss, &id).await;
    assert_eq!(drain(&m.ctx).await.unwrap().sent, 1);
    assert_eq!(delivery_of(&m, &boss, &id).await, "sent");
    assert_eq!(m.mailer.sent().len(), 1);
}

#[tokio::test]
async fn two_senders_at_once_send_each_message_once() {
    use sesame::operations::outbox::drain;
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let boss = manager_sub(&m.ctx).await;
    for n in 0..20 {
        let created = call_op(
            &m.ctx,
            &operations::people::create_user::SPEC,
            Some(&boss),
            &[("org_id", DEMO_ORG_ID)],
            Some(employee(&format!("zoe{n}@exemple.ca"), EST_A)),
        )
        .await
        .unwrap();
        send_activation(&m, &boss, created.body["id"].as_str().unwrap()).await;
    }
    let (a, b) = tokio::join!(drain(&m.ctx), drain(&m.ctx));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 20);
    let sent = m.mailer.sent();
    assert_eq!(sent.len(), 20);
    let mut to: Vec<&str> = sent.iter().map(|e| e.to.as_str()).collect();
    to.sort_unstable();
    to.dedup();
    assert_eq!(to.len(), 20, "a message went out twice");
}

/// A store whose transactions on outbox messages fail `failures` times
/// (unavailable) once the message was claimed: the outcome write after
/// the email went out.
struct LosesOutcomes {
    inner: std::sync::Arc<dyn sesame::ports::Store>,
    failures: std::sync::atomic::AtomicU32,
    claimed: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl sesame::ports::Store for LosesOutcomes {
    async fn get(
        &self,
        key: &sesame::ports::Key,
    ) -> Result<Option<sesame::ports::Item>, sesame::ports::StoreError> {
        self.inner.get(key).await
    }
    async fn get_many(
        &self,
        keys: &[sesame::ports::Key],
    ) -> Result<Vec<Option<sesame::ports::Item>>, sesame::ports::StoreError> {
        self.inner.get_many(keys).await
    }
    async fn query(
        &self,
        query: sesame::ports::Query,
    ) -> Result<sesame::ports::store::Page, sesame::ports::StoreError> {
        self.inner.query(query).await
    }
    async fn transact(
        &self,
        writes: Vec<sesame::ports::Write>,
    ) -> Result<(), sesame::ports::StoreError> {
        use std::sync::atomic::Ordering;
        let outbox = writes
            .iter()
            .filter_map(sesame::ports::Write::key)
            .any(|k| k.pk.starts_with("OUTBOX#"));
        if outbox && self.claimed.swap(true, Ordering::SeqCst) {
            let left = self.failures.load(Ordering::SeqCst);
            if left > 0 {
                self.failures.store(left - 1, Ordering::SeqCst);
                return Err(sesame::ports::StoreError::Unavailable("throttled".into()));
            }
        }
        self.inner.transact(writes).await
    }
}

#[tokio::test]
async fn a_sent_email_is_recorded_through_a_brief_store_outage_and_not_sent_again() {
    use sesame::operations::outbox::drain;
    let m = memory();
    let (boss, id, _) = invited(&m).await;
    send_activation(&m, &boss, &id).await;
    // The claim goes through; the write recording the delivery fails three
    // times in a row (each time after the SDK's own retries, in AWS).
    let flaky = Context {
        store: std::sync::Arc::new(LosesOutcomes {
            inner: m.ctx.store.clone(),
            failures: std::sync::atomic::AtomicU32::new(3),
            claimed: std::sync::atomic::AtomicBool::new(false),
        }),
        ..m.ctx.clone()
    };
    let before = m.mailer.sent().len();
    assert_eq!(drain(&flaky).await.unwrap().sent, 1);
    assert_eq!(delivery_of(&m, &boss, &id).await, "sent");
    // Long after the claim's lease, nothing is due and nothing goes again.
    m.clock.advance(jiff::SignedDuration::from_mins(30));
    assert_eq!(drain(&m.ctx).await.unwrap(), Default::default());
    assert_eq!(m.mailer.sent().len(), before + 1);
}

#[tokio::test]
async fn a_delivered_email_keeps_no_link_in_the_outbox() {
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let boss = manager_sub(&m.ctx).await;
    let created = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&boss),
        &[("org_id", DEMO_ORG_ID)],
        Some(employee("zoe@exemple.ca", EST_A)),
    )
    .await
    .unwrap();
    let id = created.body["id"].as_str().unwrap().to_string();
    call_op(
        &m.ctx,
        &operations::people::send_activation::SPEC,
        Some(&boss),
        &[("org_id", DEMO_ORG_ID), ("user_id", &id)],
        None,
    )
    .await
    .unwrap();
    sesame::operations::outbox::drain(&m.ctx).await.unwrap();
    let sent = m.mailer.sent();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]
            .text
            .contains("https://portail.exemple.ca/activate#token=")
    );
    for item in m.store.dump() {
        let text = serde_json::Value::Object(item).to_string();
        assert!(!text.contains("#token="), "a link is stored: {text}");
    }
}

#[tokio::test]
async fn user_managers_grant_only_where_they_manage() {
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let director = member(
        &m.ctx,
        DEMO_ORG_ID,
        "dir@exemple.ca",
        false,
        // She gives the employee preset: she must hold it (DESIGN §5.16).
        grants(
            EST_A,
            &[
                &[Permission::ManageUsers][..],
                sesame::domain::people::permission::RolePreset::Employee.permissions(),
            ]
            .concat(),
        ),
        MembershipStatus::Active,
    )
    .await;
    let org = [("org_id", DEMO_ORG_ID)];
    let ok = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&director),
        &org,
        Some(employee("a@exemple.ca", EST_A)),
    )
    .await;
    assert_eq!(ok.unwrap().status, 201);
    let elsewhere = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&director),
        &org,
        Some(employee("b@exemple.ca", EST_B)),
    )
    .await;
    assert!(matches!(
        elsewhere
            .as_ref()
            .err()
            .and_then(|e| e.refusal::<sesame::operations::people::errors::PeopleError>()),
        Some(
            sesame::operations::people::errors::PeopleError::GrantRefused(
                sesame::domain::people::permission::GrantRefusal::NotManagingAt { .. }
            )
        )
    ));
    let mut boss = employee("c@exemple.ca", EST_A);
    boss["manager"] = json!(true);
    let promote = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&director),
        &org,
        Some(boss),
    )
    .await;
    assert!(matches!(
        promote
            .as_ref()
            .err()
            .and_then(|e| e.refusal::<sesame::operations::people::errors::PeopleError>()),
        Some(
            sesame::operations::people::errors::PeopleError::GrantRefused(
                sesame::domain::people::permission::GrantRefusal::ManagerFlag
            )
        )
    ));
}

#[tokio::test]
async fn no_roles_no_access_and_disabled_is_refused_at_once() {
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let bare = member(
        &m.ctx,
        DEMO_ORG_ID,
        "bare@exemple.ca",
        false,
        Grants::new(),
        MembershipStatus::Active,
    )
    .await;
    let me = call_op(
        &m.ctx,
        &operations::accounts::me::SPEC,
        Some(&bare),
        &[],
        None,
    )
    .await
    .unwrap();
    assert_eq!(me.body["memberships"][0]["status"], "active");
    assert_eq!(me.body["memberships"][0]["permissions"], json!({}));
    let create = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&bare),
        &[("org_id", DEMO_ORG_ID)],
        Some(employee("x@exemple.ca", EST_A)),
    )
    .await;
    assert!(matches!(create, Err(OpError::Forbidden)));

    let off = member(
        &m.ctx,
        DEMO_ORG_ID,
        "off@exemple.ca",
        true,
        Grants::new(),
        MembershipStatus::Disabled,
    )
    .await;
    let refused = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&off),
        &[("org_id", DEMO_ORG_ID)],
        Some(employee("y@exemple.ca", EST_A)),
    )
    .await;
    assert!(matches!(
        refused
            .as_ref()
            .err()
            .and_then(|e| e.refusal::<sesame::operations::people::errors::PeopleError>()),
        Some(sesame::operations::people::errors::PeopleError::MembershipDisabled)
    ));
    let me = call_op(
        &m.ctx,
        &operations::accounts::me::SPEC,
        Some(&off),
        &[],
        None,
    )
    .await
    .unwrap();
    assert_eq!(me.body["memberships"][0]["manager"], false);
    assert_eq!(me.body["memberships"][0]["permissions"], json!({}));
}

#[tokio::test]
async fn one_account_per_email_across_organisations() {
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let other = seed(
        &m.ctx,
        "019a0000-0000-7000-8000-0000000f0001",
        "Autre",
        &[("019a0000-0000-7000-8000-0000000f00e1", "Ailleurs")],
        "019a0000-0000-7000-8000-0000000f00a1",
        "gestion@autre.exemple.ca",
    )
    .await
    .unwrap();
    let boss_a = manager_sub(&m.ctx).await;
    let boss_b = m
        .ctx
        .directory
        .ensure_identity("gestion@autre.exemple.ca")
        .await
        .unwrap();
    let first = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&boss_a),
        &[("org_id", DEMO_ORG_ID)],
        Some(employee("Zoe@Exemple.ca", EST_A)),
    )
    .await
    .unwrap();
    let second = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&boss_b),
        &[("org_id", &other.org_id)],
        Some(employee(
            "zoe@exemple.ca",
            "019a0000-0000-7000-8000-0000000f00e1",
        )),
    )
    .await
    .unwrap();
    assert_eq!(
        first.body["id"], second.body["id"],
        "the second record joins the account"
    );
    let claim = m
        .ctx
        .store
        .get(&keys::email_claim("zoe@exemple.ca"))
        .await
        .unwrap();
    assert!(claim.is_some());
    let again = call_op(
        &m.ctx,
        &operations::people::create_user::SPEC,
        Some(&boss_a),
        &[("org_id", DEMO_ORG_ID)],
        Some(employee("zoe@exemple.ca", EST_B)),
    )
    .await;
    assert!(matches!(
        again
            .as_ref()
            .err()
            .and_then(|e| e.refusal::<sesame::operations::people::errors::PeopleError>()),
        Some(sesame::operations::people::errors::PeopleError::EmailTaken)
    ));
}

#[tokio::test]
async fn activation_tokens_are_single_use() {
    let m = memory();
    let (boss, id, token) = invited(&m).await;
    let body = json!({"token": token, "password": "Bonjour-Zoe-2026"});
    let mut wins = 0;
    for _ in 0..3 {
        match call_op(
            &m.ctx,
            &operations::accounts::confirm_account::SPEC,
            None,
            &[],
            Some(body.clone()),
        )
        .await
        {
            Ok(_) => wins += 1,
            Err(e)
                if e.refusal::<sesame::operations::accounts::errors::AccountsError>()
                    == Some(&sesame::operations::accounts::errors::AccountsError::Token(
                        sesame::domain::accounts::invitation::TokenRefusal::Used,
                    )) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(wins, 1);
    // Activated: a manager's invitation can no longer be sent.
    let again = call_op(
        &m.ctx,
        &operations::people::send_activation::SPEC,
        Some(&boss),
        &[("org_id", DEMO_ORG_ID), ("user_id", &id)],
        None,
    )
    .await;
    assert!(matches!(
        again
            .as_ref()
            .err()
            .and_then(|e| e.refusal::<sesame::operations::people::errors::PeopleError>()),
        Some(sesame::operations::people::errors::PeopleError::InvalidTransition(_))
    ));
}

#[tokio::test]
async fn links_expire_after_seven_days_by_the_clock() {
    let m = memory();
    let (_, _, token) = invited(&m).await;
    let body = json!({"token": token, "password": "Bonjour-Zoe-2026"});
    m.clock
        .advance(jiff::SignedDuration::from_hours(24 * 7 - 1));
    m.ctx
        .directory
        .ensure_identity("probe@exemple.ca")
        .await
        .unwrap();
    m.clock.advance(jiff::SignedDuration::from_hours(1));
    let late = call_op(
        &m.ctx,
        &operations::accounts::confirm_account::SPEC,
        None,
        &[],
        Some(body),
    )
    .await;
    assert_eq!(
        late.as_ref()
            .err()
            .and_then(|e| e.refusal::<sesame::operations::accounts::errors::AccountsError>()),
        Some(&sesame::operations::accounts::errors::AccountsError::Token(
            sesame::domain::accounts::invitation::TokenRefusal::Expired
        ))
    );
}

/// Every permission but one, at every establishment.
fn all_but(missing: Option<&[Permission]>) -> Grants {
    DEMO_ESTABLISHMENTS
        .iter()
        .map(|(id, _)| {
            (
                id.to_string(),
                Permission::ALL
                    .iter()
                    .copied()
                    .filter(|p| !missing.is_some_and(|m| m.contains(p)))
                    .collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_published_matrix_is_what_the_operations_enforce() {
    use sesame::operations::{Access, registry};
    let matrix = sesame::operations::organisation::permission_matrix::matrix();
    let m = memory();
    seed_demo(&m.ctx).await.unwrap();
    let boss = manager_sub(&m.ctx).await;
    let params = [
        ("org_id", DEMO_ORG_ID),
        ("user_id", sesame_tests::seed::DEMO_MANAGER_ID),
    ];
    let mut checked = 0;
    for spec in registry() {
        let row = matrix
            .operations
            .iter()
            .find(|r| r.operation == spec.id)
            .expect("every operation is in the matrix");
        // Organisation routes always declare what they need.
        if spec.path.contains("{org_id}") {
            assert!(
                matches!(
                    spec.access,
                    Access::Member(_) | Access::MemberAny(_) | Access::Manager | Access::Operator
                ),
                "{} declares no permission",
                spec.id
            );
        }
        let missing: Option<&[Permission]> = match spec.access {
            Access::Member(ref p) => Some(std::slice::from_ref(p)),
            Access::MemberAny(any) => Some(any),
            Access::Manager => None,
            _ => continue,
        };
        let email = format!("{}@exemple.ca", spec.id.replace('_', "."));
        let sub = member(
            &m.ctx,
            DEMO_ORG_ID,
            &email,
            false,
            all_but(missing),
            MembershipStatus::Active,
        )
        .await;
        let refused = call_op(&m.ctx, spec, Some(&sub), &params, Some(json!({}))).await;
        assert!(
            matches!(refused, Err(OpError::Forbidden)),
            "{} let in a member without {:?}: {refused:?}",
            spec.id,
            row.requires
        );
        // The matrix says the same: only the required permissions open it.
        let open: Vec<&String> = row
            .allowed
            .iter()
            .filter(|(_, v)| **v)
            .map(|(k, _)| k)
            .collect();
        match missing {
            Some(ps) => {
                let mut names: Vec<String> = ps
                    .iter()
                    .map(|p| {
                        serde_json::to_value(p)
                            .unwrap()
                            .as_str()
                            .unwrap()
                            .to_string()
                    })
                    .collect();
                names.sort();
                let mut open: Vec<String> = open.into_iter().cloned().collect();
                open.sort();
                assert_eq!(open, names, "{}", spec.id);
            }
            None => assert!(open.is_empty(), "{}: manager only", spec.id),
        }
        // Each of several permissions that open it opens it alone.
        if let Access::MemberAny(any) = spec.access {
            for (i, p) in any.iter().enumerate() {
                let email = format!("{}.{i}@exemple.ca", spec.id.replace('_', "."));
                let only: Grants = DEMO_ESTABLISHMENTS
                    .iter()
                    .map(|(id, _)| (id.to_string(), [*p].into_iter().collect()))
                    .collect();
                let sub = member(
                    &m.ctx,
                    DEMO_ORG_ID,
                    &email,
                    false,
                    only,
                    MembershipStatus::Active,
                )
                .await;
                let by_holder = call_op(&m.ctx, spec, Some(&sub), &params, Some(json!({}))).await;
                assert!(
                    !matches!(by_holder, Err(OpError::Forbidden)),
                    "{} refused a holder of {p:?}: {by_holder:?}",
                    spec.id
                );
            }
        }
        // A manager passes authorisation.
        let by_manager = call_op(&m.ctx, spec, Some(&boss), &params, Some(json!({}))).await;
        assert!(
            !matches!(by_manager, Err(OpError::Forbidden)),
            "{}: {by_manager:?}",
            spec.id
        );
        checked += 1;
    }
    let organisation_ops = registry()
        .iter()
        .filter(|s| {
            matches!(
                s.access,
                Access::Member(_) | Access::MemberAny(_) | Access::Manager
            )
        })
        .count();
    assert_eq!(checked, organisation_ops);
    assert!(checked >= 13);
}

/// A directory that refuses the next `refusals` new passwords (as a pool
/// with a stricter policy would), and otherwise is the in-memory one.
struct Refusing {
    inner: std::sync::Arc<sesame::adapters::memory::MemoryDirectory>,
    refusals: std::sync::atomic::AtomicUsize,
}

#[async_trait::async_trait]
impl sesame::ports::Directory for Refusing {
    async fn ensure_identity(&self, email: &str) -> Result<String, sesame::ports::DirectoryError> {
        self.inner.ensure_identity(email).await
    }
    async fn set_password(
        &self,
        email: &str,
        password: &str,
    ) -> Result<(), sesame::ports::DirectoryError> {
        use std::sync::atomic::Ordering;
        if self
            .refusals
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(sesame::ports::DirectoryError::PasswordPolicy);
        }
        self.inner.set_password(email, password).await
    }
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
    ) -> Result<sesame::ports::SignedIn, sesame::ports::DirectoryError> {
        self.inner.sign_in(email, password).await
    }
    async fn answer_totp(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<sesame::ports::SessionTokens, sesame::ports::DirectoryError> {
        self.inner.answer_totp(email, session, code).await
    }
    async fn start_totp(&self, token: &str) -> Result<String, sesame::ports::DirectoryError> {
        self.inner.start_totp(token).await
    }
    async fn confirm_totp(
        &self,
        token: &str,
        code: &str,
    ) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.confirm_totp(token, code).await
    }
    async fn set_factor(
        &self,
        email: &str,
        method: sesame::domain::accounts::mfa::Method,
        on: bool,
    ) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.set_factor(email, method, on).await
    }
    async fn answer_sms(
        &self,
        email: &str,
        session: &str,
        code: &str,
    ) -> Result<sesame::ports::SessionTokens, sesame::ports::DirectoryError> {
        self.inner.answer_sms(email, session, code).await
    }
    async fn start_sms(
        &self,
        token: &str,
        email: &str,
        phone: &str,
    ) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.start_sms(token, email, phone).await
    }
    async fn confirm_sms(
        &self,
        token: &str,
        code: &str,
    ) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.confirm_sms(token, code).await
    }
    async fn refresh(
        &self,
        token: &str,
    ) -> Result<sesame::ports::SessionTokens, sesame::ports::DirectoryError> {
        self.inner.refresh(token).await
    }
    async fn revoke(&self, token: &str) -> Result<(), sesame::ports::DirectoryError> {
        sesame::ports::Directory::revoke(&*self.inner, token).await
    }
    async fn set_enabled(
        &self,
        email: &str,
        enabled: bool,
    ) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.set_enabled(email, enabled).await
    }
    async fn sign_out_everywhere(&self, email: &str) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.sign_out_everywhere(email).await
    }
    async fn change_email(
        &self,
        email: &str,
        new_email: &str,
    ) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.change_email(email, new_email).await
    }
    async fn delete_identity(&self, email: &str) -> Result<(), sesame::ports::DirectoryError> {
        self.inner.delete_identity(email).await
    }
}

#[tokio::test]
async fn a_link_whose_use_fails_after_its_claim_works_again_at_once() {
    use sesame::ports::Directory as _;
    let mut m = memory();
    let (_, _, token) = invited(&m).await;
    // The pool refuses the first password although it meets our policy.
    m.ctx.directory = std::sync::Arc::new(Refusing {
        inner: m.directory.clone(),
        refusals: std::sync::atomic::AtomicUsize::new(1),
    });
    let activate = |password: &str| json!({"token": token, "password": password});
    let refused = call_op(
        &m.ctx,
        &operations::accounts::confirm_account::SPEC,
        None,
        &[],
        Some(activate("Refuse-Par-Pool-2026")),
    )
    .await;
    assert!(
        refused
            .as_ref()
            .err()
            .and_then(|e| e.refusal::<sesame::operations::accounts::errors::AccountsError>())
            == Some(&sesame::operations::accounts::errors::AccountsError::PasswordPolicy),
        "{refused:?}"
    );
    // The claim was released: the same link works at once, not after the
    // claim's lease (the clock does not move here).
    let done = call_op(
        &m.ctx,
        &operations::accounts::confirm_account::SPEC,
        None,
        &[],
        Some(activate("Accepte-Par-Pool-2026")),
    )
    .await
    .expect("the retry activates");
    assert_eq!(done.body["status"], "active");
    assert!(
        m.directory
            .sign_in("zoe@exemple.ca", "Accepte-Par-Pool-2026")
            .await
            .is_ok()
    );
}
