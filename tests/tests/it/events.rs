//! Each events/ sample, fed to its function's handler (in-memory adapters
//! seeded with the demo organisation).

use crate::common::*;
use sesame::domain::membership::{Civility, Membership, MembershipStatus};
use sesame::domain::permission::Permission;
use sesame::layout::records::create;
use sesame::operations::registry;
use sesame_tests::seed::{DEMO_ESTABLISHMENTS, seed_demo};
use sesame_tests::template::root;

const SAMPLE_USER: &str = "019a0000-0000-7000-8000-00000000b001";

#[tokio::test]
async fn every_sample_event_reaches_its_handler() {
    let memory = memory();
    let ctx = &memory.ctx;
    let demo = seed_demo(ctx).await.unwrap();
    let sub = ctx
        .directory
        .ensure_identity(&demo.manager_email)
        .await
        .unwrap();
    memory
        .directory
        .register_session("sample-manager-session", &sub);
    let now = ctx.clock.now();
    let draft = Membership {
        org_id: demo.org_id.clone(),
        account_id: SAMPLE_USER.into(),
        civility: Civility::M,
        last_name: "Roy".into(),
        first_name: "Julien".into(),
        email: "julien.roy@exemple.ca".into(),
        phone: "438 555-0123".into(),
        function: None,
        birth_date: None,
        main_establishment: Some(DEMO_ESTABLISHMENTS[0].0.into()),
        manager: false,
        grants: [(
            DEMO_ESTABLISHMENTS[0].0.to_string(),
            [Permission::Leave].into(),
        )]
        .into(),
        status: MembershipStatus::Draft,
        locale: None,
        invitation: None,
        last_login_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    ctx.store.transact(vec![create(&draft)]).await.unwrap();

    let expected = [
        ("create_user", 201),
        ("send_activation", 200),
        ("confirm_account", 400),
        ("sign_in", 200),
        ("me", 200),
        ("get_user", 200),
        ("list_users", 200),
    ];
    for spec in registry() {
        let path = root().join("events").join(format!("{}.json", spec.id));
        let text = std::fs::read_to_string(&path).unwrap();
        let request = lambda_http::request::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not an HTTP API v2 event: {e}", path.display()));
        let response = sesame::http::handle(ctx, spec, request).await;
        let want = expected
            .iter()
            .find(|(id, _)| *id == spec.id)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| panic!("no expectation for {}", spec.id));
        let body = match response.body() {
            lambda_http::Body::Text(t) => t.clone(),
            _ => String::new(),
        };
        assert_eq!(response.status().as_u16(), want, "{}: {body}", spec.id);
    }
    // The sample activation was delivered through the mailer.
    assert!(
        memory
            .mailer
            .sent()
            .iter()
            .any(|m| m.to == "julien.roy@exemple.ca")
    );
}
