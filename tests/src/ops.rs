//! The operations run on the in-memory ports, without the emulator and
//! without HTTP: the demo organisation seeded, members added straight into
//! the store, each call through `sesame::operations::execute` (so access is
//! checked as in production). For the fast rule tests of each context.

use crate::samples::{Memory, memory};
use crate::seed::{DEMO_ESTABLISHMENTS, DEMO_MANAGER_EMAIL, DEMO_ORG_ID, Demo, seed_demo};
use serde_json::Value;
use sesame::domain::accounts::account::Account;
use sesame::domain::locale::Locale;
use sesame::domain::people::membership::{Civility, Membership, MembershipStatus};
use sesame::domain::people::permission::{Grants, Permission};
use sesame::layout::records::{EmailClaim, IdentityLink, create};
use sesame::operations::{self, Context, OperationSpec, Outcome, Request};
use sesame::ports::Principal;
use std::collections::BTreeMap;

pub const EST_A: &str = DEMO_ESTABLISHMENTS[0].0;
pub const EST_B: &str = DEMO_ESTABLISHMENTS[1].0;

/// Runs `spec` as the directory subject `sub` (none: anonymous) with these
/// path parameters and JSON body.
pub async fn call_op(
    ctx: &Context,
    spec: &OperationSpec,
    sub: Option<&str>,
    params: &[(&str, &str)],
    body: Option<Value>,
) -> Outcome {
    call_query(ctx, spec, sub, params, &[], body).await
}

/// [`call_op`] with query-string parameters.
pub async fn call_query(
    ctx: &Context,
    spec: &OperationSpec,
    sub: Option<&str>,
    params: &[(&str, &str)],
    query: &[(&str, &str)],
    body: Option<Value>,
) -> Outcome {
    let pairs = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>()
    };
    let request = Request {
        params: pairs(params),
        query: pairs(query),
        body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
        principal: sub.map(|s| Principal { sub: s.to_string() }),
        locale: Locale::Fr,
        ..Request::default()
    };
    operations::execute(ctx, spec, request).await
}

/// Adds a member with these grants and status straight into the store;
/// returns her directory subject.
pub async fn member(
    ctx: &Context,
    org: &str,
    email: &str,
    manager: bool,
    grants: Grants,
    status: MembershipStatus,
) -> String {
    member_account(ctx, org, email, manager, grants, status)
        .await
        .0
}

/// [`member`], answering (directory subject, account id).
pub async fn member_account(
    ctx: &Context,
    org: &str,
    email: &str,
    manager: bool,
    grants: Grants,
    status: MembershipStatus,
) -> (String, String) {
    let now = ctx.clock.now();
    let sub = ctx.directory.ensure_identity(email).await.unwrap();
    let account = Account {
        id: ctx.new_id(),
        email: email.into(),
        identity: Some(sub.clone()),
        created_at: now,
        last_login_at: None,
        version: 1,
        mfa: Default::default(),
    };
    let membership = Membership {
        org_id: org.into(),
        account_id: account.id.clone(),
        civility: Civility::Mx,
        last_name: "Test".into(),
        first_name: "Membre".into(),
        email: email.into(),
        phone: "514 555-0000".into(),
        function: None,
        birth_date: None,
        main_establishment: None,
        manager,
        grants,
        status,
        locale: None,
        invitation: None,
        last_login_at: None,
        secret: None,
        mfa_mode: None,
        mfa_on: false,
        auth_phone: None,
        notifications: Default::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    ctx.store
        .transact(vec![
            create(&EmailClaim {
                email: email.into(),
                account_id: account.id.clone(),
            }),
            create(&account),
            create(&IdentityLink {
                sub: sub.clone(),
                account_id: account.id.clone(),
            }),
            create(&membership),
        ])
        .await
        .unwrap();
    (sub, account.id)
}

/// These permissions at one establishment.
pub fn grants(est: &str, perms: &[Permission]) -> Grants {
    [(est.to_string(), perms.iter().copied().collect())].into()
}

/// The demo manager's directory subject.
pub async fn manager_sub(ctx: &Context) -> String {
    ctx.directory
        .ensure_identity(DEMO_MANAGER_EMAIL)
        .await
        .unwrap()
}

/// The HTTP status and problem type slug an outcome answers (`Ok` is its
/// status and `""`).
pub fn answer(outcome: &Outcome) -> (u16, String) {
    match outcome {
        Ok(output) => (output.status, String::new()),
        Err(error) => {
            let (status, body) = sesame::http::problem::render(error, Locale::Fr);
            let slug = body["type"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches("urn:sesame:problem:")
                .to_string();
            (status, slug)
        }
    }
}

/// Asserts the outcome is a refusal of this status and problem type.
#[track_caller]
pub fn assert_refused(outcome: &Outcome, status: u16, slug: &str) {
    assert_eq!(
        answer(outcome),
        (status, slug.to_string()),
        "outcome: {outcome:?}"
    );
}

/// The demo organisation on the in-memory ports, with its manager.
pub struct Ops {
    pub m: Memory,
    pub demo: Demo,
    /// The demo manager's directory subject.
    pub manager: String,
}

impl Ops {
    pub async fn demo() -> Ops {
        Ops::seeded(memory()).await
    }

    /// The same with `store` instead of the in-memory one (the emulator's
    /// DynamoDB table): an operation's rules checked on the AWS adapter.
    pub async fn demo_on(store: std::sync::Arc<dyn sesame::ports::Store>) -> Ops {
        let mut m = memory();
        m.ctx.store = store;
        Ops::seeded(m).await
    }

    async fn seeded(m: Memory) -> Ops {
        let demo = seed_demo(&m.ctx).await.expect("demo seeded");
        let manager = manager_sub(&m.ctx).await;
        Ops { m, demo, manager }
    }

    pub fn ctx(&self) -> &Context {
        &self.m.ctx
    }

    pub fn org(&self) -> &str {
        DEMO_ORG_ID
    }

    /// Runs `spec` as `sub` in the demo organisation (`org_id` first, then
    /// `params`).
    pub async fn run(
        &self,
        spec: &OperationSpec,
        sub: Option<&str>,
        params: &[(&str, &str)],
        body: Option<Value>,
    ) -> Outcome {
        let mut all = vec![("org_id", DEMO_ORG_ID)];
        all.extend_from_slice(params);
        call_op(&self.m.ctx, spec, sub, &all, body).await
    }

    /// [`Ops::run`] as the demo manager.
    pub async fn as_manager(
        &self,
        spec: &OperationSpec,
        params: &[(&str, &str)],
        body: Option<Value>,
    ) -> Outcome {
        self.run(spec, Some(&self.manager.clone()), params, body)
            .await
    }

    /// An active member of the demo organisation with these permissions at
    /// the first establishment: her subject.
    pub async fn member(&self, email: &str, perms: &[Permission]) -> String {
        member(
            &self.m.ctx,
            DEMO_ORG_ID,
            email,
            false,
            grants(EST_A, perms),
            MembershipStatus::Active,
        )
        .await
    }

    /// [`Ops::member`], answering (subject, account id).
    pub async fn person(&self, email: &str, perms: &[Permission]) -> (String, String) {
        member_account(
            &self.m.ctx,
            DEMO_ORG_ID,
            email,
            false,
            grants(EST_A, perms),
            MembershipStatus::Active,
        )
        .await
    }

    /// A member of the demo organisation with this status and permissions
    /// at the first establishment: her subject.
    pub async fn member_with(
        &self,
        email: &str,
        perms: &[Permission],
        status: MembershipStatus,
    ) -> String {
        member(
            &self.m.ctx,
            DEMO_ORG_ID,
            email,
            false,
            grants(EST_A, perms),
            status,
        )
        .await
    }

    /// Delivers what the outbox holds (the sender's turn).
    pub async fn deliver(&self) {
        operations::outbox::drain(&self.m.ctx).await.unwrap();
    }

    /// The subjects of the emails delivered to `address`.
    pub fn subjects_to(&self, address: &str) -> Vec<String> {
        self.m
            .mailer
            .sent()
            .into_iter()
            .filter(|mail| mail.to == address)
            .map(|mail| mail.subject)
            .collect()
    }

    /// The token of the newest link delivered to `address`.
    pub fn token_to(&self, address: &str) -> String {
        self.m
            .mailer
            .sent()
            .into_iter()
            .rev()
            .filter(|mail| mail.to == address)
            .find_map(|mail| {
                mail.text
                    .split("#token=")
                    .nth(1)
                    .and_then(|rest| rest.split_whitespace().next())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| panic!("no link to {address}"))
    }
}

/// The JSON body of the `events/<id>.json` sample.
pub fn sample(id: &str) -> Value {
    let text = crate::samples::event_text(id).expect("sample event");
    let event: Value = serde_json::from_str(&text).expect("sample JSON");
    serde_json::from_str(event["body"].as_str().expect("sample body")).expect("body JSON")
}

/// The `id` of an operation's answer (or of its `request`).
pub fn id_of(outcome: &Outcome) -> String {
    let body = &outcome.as_ref().expect("operation succeeds").body;
    body["id"]
        .as_str()
        .or_else(|| body["request"]["id"].as_str())
        .expect("an id")
        .to_string()
}
