//! The rules of the account operations (sign-in, activation, password
//! reset), on the in-memory ports (no emulator): one rule per test.

use crate::common::{PASSWORD, employee};
use serde_json::json;
use sesame::domain::people::membership::MembershipStatus;
use sesame::domain::people::permission::Permission;
use sesame::operations::accounts::{confirm_account, me, request_password_reset, sign_in};
use sesame::operations::people::{create_user, send_activation};
use sesame::operations::{Outcome, outbox};
use sesame_tests::ops::{EST_A, Ops, assert_refused, call_op, id_of};
use sesame_tests::seed::{DEMO_MANAGER_EMAIL, DEMO_PASSWORD};

async fn sign_in_as(ops: &Ops, email: &str, password: &str) -> Outcome {
    let body = json!({"email": email, "password": password});
    call_op(ops.ctx(), &sign_in::SPEC, None, &[], Some(body)).await
}

async fn activate(ops: &Ops, token: &str, password: &str) -> Outcome {
    let body = json!({"token": token, "password": password});
    call_op(ops.ctx(), &confirm_account::SPEC, None, &[], Some(body)).await
}

/// Zoé created and invited by the demo manager, her email delivered: the
/// token of her activation link.
async fn invited(ops: &Ops) -> String {
    let created = ops
        .as_manager(
            &create_user::SPEC,
            &[],
            Some(employee("zoe@exemple.ca", EST_A)),
        )
        .await;
    let id = id_of(&created);
    ops.as_manager(&send_activation::SPEC, &[("user_id", &id)], None)
        .await
        .unwrap();
    outbox::drain(ops.ctx()).await.unwrap();
    ops.token_to("zoe@exemple.ca")
}

#[tokio::test]
async fn the_demo_manager_signs_in_with_her_password() {
    let ops = Ops::demo().await;
    let signed = sign_in_as(&ops, DEMO_MANAGER_EMAIL, DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(signed.status, 200);
    assert!(signed.body["access_token"].is_string(), "{}", signed.body);
}

#[tokio::test]
async fn a_wrong_password_is_refused_as_invalid_credentials() {
    let ops = Ops::demo().await;
    let refused = sign_in_as(&ops, DEMO_MANAGER_EMAIL, "Mauvais-Passe-2026").await;
    assert_refused(&refused, 401, "invalid-credentials");
}

#[tokio::test]
async fn an_unknown_email_is_refused_like_a_wrong_password() {
    let ops = Ops::demo().await;
    let refused = sign_in_as(&ops, "personne@exemple.ca", DEMO_PASSWORD).await;
    assert_refused(&refused, 401, "invalid-credentials");
}

#[tokio::test]
async fn a_member_disabled_everywhere_is_told_so_at_sign_in() {
    let ops = Ops::demo().await;
    let email = "partie@exemple.ca";
    ops.member_with(email, &[Permission::Leave], MembershipStatus::Disabled)
        .await;
    ops.ctx()
        .directory
        .set_password(email, PASSWORD)
        .await
        .unwrap();
    let refused = sign_in_as(&ops, email, PASSWORD).await;
    assert_refused(&refused, 403, "account-disabled");
}

#[tokio::test]
async fn me_needs_a_session() {
    let ops = Ops::demo().await;
    let refused = call_op(ops.ctx(), &me::SPEC, None, &[], None).await;
    assert_refused(&refused, 401, "unauthenticated");
}

#[tokio::test]
async fn an_activation_link_activates_the_account_once() {
    let ops = Ops::demo().await;
    let token = invited(&ops).await;
    let done = activate(&ops, &token, PASSWORD).await.unwrap();
    assert_eq!(done.body["status"], "active");
    let reused = activate(&ops, &token, PASSWORD).await;
    assert_refused(&reused, 410, "link-used");
    assert_eq!(
        sign_in_as(&ops, "zoe@exemple.ca", PASSWORD)
            .await
            .unwrap()
            .status,
        200
    );
}

#[tokio::test]
async fn a_token_never_sent_is_an_invalid_link() {
    let ops = Ops::demo().await;
    let refused = activate(&ops, &"A".repeat(43), PASSWORD).await;
    assert_refused(&refused, 400, "link-invalid");
}

#[tokio::test]
async fn a_weak_password_breaks_the_policy_and_leaves_the_link_usable() {
    let ops = Ops::demo().await;
    let token = invited(&ops).await;
    let weak = activate(&ops, &token, "court").await;
    assert_refused(&weak, 422, "password-policy");
    assert_eq!(activate(&ops, &token, PASSWORD).await.unwrap().status, 200);
}

#[tokio::test]
async fn an_activation_link_expires_after_seven_days() {
    let ops = Ops::demo().await;
    let token = invited(&ops).await;
    ops.m
        .clock
        .advance(jiff::SignedDuration::from_hours(7 * 24 + 1));
    let late = activate(&ops, &token, PASSWORD).await;
    assert_refused(&late, 410, "link-expired");
}

#[tokio::test]
async fn a_reset_request_is_accepted_alike_for_known_and_unknown_emails() {
    let ops = Ops::demo().await;
    for email in [DEMO_MANAGER_EMAIL, "personne@exemple.ca"] {
        let body = json!({ "email": email });
        let asked = call_op(
            ops.ctx(),
            &request_password_reset::SPEC,
            None,
            &[],
            Some(body),
        )
        .await
        .unwrap();
        assert_eq!(asked.status, 202, "{email}");
    }
}

/// A clock that moves a quarter of an hour each time it is read, so each
/// reading falls in another attempt window.
struct Racing(std::sync::Mutex<jiff::Timestamp>);

impl sesame::ports::Clock for Racing {
    fn now(&self) -> jiff::Timestamp {
        let mut now = self.0.lock().unwrap();
        *now += jiff::SignedDuration::from_mins(15);
        *now
    }
}

/// The store's own single-key reads, counted (what the read-ahead missed).
struct CountsGets {
    inner: std::sync::Arc<dyn sesame::ports::Store>,
    gets: std::sync::atomic::AtomicUsize,
}

#[async_trait::async_trait]
impl sesame::ports::Store for CountsGets {
    async fn get(
        &self,
        key: &sesame::ports::Key,
    ) -> Result<Option<sesame::ports::Item>, sesame::ports::StoreError> {
        self.gets.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
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
        self.inner.transact(writes).await
    }
}

#[tokio::test]
async fn a_request_reads_the_clock_once_so_its_attempt_window_is_the_one_read_ahead() {
    let ops = Ops::demo().await;
    let store = std::sync::Arc::new(CountsGets {
        inner: ops.ctx().store.clone(),
        gets: Default::default(),
    });
    let ctx = sesame::operations::Context {
        store: store.clone(),
        clock: std::sync::Arc::new(Racing(std::sync::Mutex::new(jiff::Timestamp::now()))),
        ..ops.ctx().clone()
    };
    for password in ["Pas-le-bon-2026", DEMO_PASSWORD] {
        let body = json!({"email": DEMO_MANAGER_EMAIL, "password": password});
        let _ = call_op(&ctx, &sign_in::SPEC, None, &[], Some(body)).await;
    }
    // The tally and the email claim come from the read-ahead; a window
    // turned between the plan and the run would be read again.
    assert_eq!(
        store.gets.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "single-key reads"
    );
}
