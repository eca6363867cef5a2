//! The demo organisation: two establishments and one active manager.

use serde_json::json;
use sesame::domain::accounts::account::Account;
use sesame::domain::locale::Locale;
use sesame::domain::organisation::model::{Establishment, OrgSettings, Organisation};
use sesame::domain::people::membership::{Civility, Membership, MembershipStatus};
use sesame::layout::records::{
    AuditEvent, EmailClaim, IdentityLink, Operator, OrgIdentifier, create,
};
use sesame::operations::{Context, OpError};
use sesame::ports::Write;

/// What was seeded, with the manager's credentials.
#[derive(Debug, Clone)]
pub struct Demo {
    pub org_id: String,
    pub org_name: String,
    pub establishments: Vec<(String, String)>,
    pub manager_id: String,
    pub manager_email: String,
    pub manager_password: String,
}

pub const DEMO_PASSWORD: &str = "Sesame-Demo-2026";
pub const DEMO_MANAGER_EMAIL: &str = "gestionnaire@demo.sesame.ca";
/// Fixed ids, so the README's commands work as written.
/// The demo organisation's identifier (the access-request form asks for it).
pub const DEMO_IDENTIFIER: &str = "CPE-LUCIOLES";
pub const DEMO_OPERATOR_EMAIL: &str = "operateur@demo.sesame.ca";
pub const DEMO_OPERATOR_ID: &str = "019a0000-0000-7000-8000-00000000f0f0";
pub const DEMO_MANAGER_ID: &str = "019a0000-0000-7000-8000-00000000a001";
pub const DEMO_ORG_ID: &str = "019a0000-0000-7000-8000-00000000d001";
pub const DEMO_ESTABLISHMENTS: [(&str, &str); 2] = [
    (
        "019a0000-0000-7000-8000-00000000e001",
        "Installation Rosemont",
    ),
    (
        "019a0000-0000-7000-8000-00000000e002",
        "Installation Villeray",
    ),
];

/// Seeds the demo organisation: its active manager signs in with
/// [`DEMO_MANAGER_EMAIL`] and [`DEMO_PASSWORD`].
pub async fn seed_demo(ctx: &Context) -> Result<Demo, OpError> {
    seed(
        ctx,
        DEMO_ORG_ID,
        "Services de garde Les Lucioles (démo)",
        &DEMO_ESTABLISHMENTS,
        DEMO_MANAGER_ID,
        DEMO_MANAGER_EMAIL,
    )
    .await
}

/// Seeds an organisation with these establishments and one active manager
/// who signs in with `manager_email` and [`DEMO_PASSWORD`].
pub async fn seed(
    ctx: &Context,
    org_id: &str,
    name: &str,
    establishments: &[(&str, &str)],
    manager_id: &str,
    manager_email: &str,
) -> Result<Demo, OpError> {
    let now = ctx.clock.now();
    let org = Organisation {
        id: org_id.into(),
        name: name.into(),
        category: Some("Service de garde".into()),
        identifier: Some(if org_id == DEMO_ORG_ID {
            DEMO_IDENTIFIER.to_string()
        } else {
            format!("ORG-{}", &org_id[org_id.len() - 6..]).to_uppercase()
        }),
        registry_numbers: vec![],
        settings: OrgSettings {
            locale: Locale::Fr,
            // Every employee-space feature switched on (seed 002).
            features: sesame::domain::employee_space::employee::Feature::ALL
                .into_iter()
                .collect(),
            ..OrgSettings::default()
        },
        active_managers: 1,
        members_draft: 0,
        members_invited: 0,
        members_active: 1,
        members_disabled: 0,
        archived_establishments: vec![],
        address: Some("1234, rue Beaubien Est, Montréal (Québec)".into()),
        contact_email: Some(manager_email.into()),
        contact_phone: Some("514 555-0100".into()),
        mail_key: None,
        created_at: now,
        version: 1,
    };
    let establishments: Vec<Establishment> = establishments
        .iter()
        .map(|(id, n)| Establishment {
            org_id: org.id.clone(),
            id: id.to_string(),
            name: n.to_string(),
            address: None,
            archived: false,
        })
        .collect();
    let sub = ctx.directory.ensure_identity(manager_email).await?;
    ctx.directory
        .set_password(manager_email, DEMO_PASSWORD)
        .await?;
    let account = Account {
        id: manager_id.into(),
        email: manager_email.into(),
        identity: Some(sub.clone()),
        created_at: now,
        last_login_at: None,
        version: 1,
        mfa: Default::default(),
    };
    let membership = Membership {
        org_id: org.id.clone(),
        account_id: account.id.clone(),
        civility: Civility::Mme,
        last_name: "Gagnon".into(),
        first_name: "Sophie".into(),
        email: manager_email.into(),
        phone: "514 555-0100".into(),
        function: Some("Directrice".into()),
        birth_date: None,
        main_establishment: establishments.first().map(|e| e.id.clone()),
        manager: true,
        grants: Default::default(),
        status: MembershipStatus::Active,
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
    let mut writes = vec![
        create(&OrgIdentifier {
            identifier: org.identifier.clone().unwrap_or_default(),
            org_id: org.id.clone(),
        }),
        create(&org),
        create(&EmailClaim {
            email: account.email.clone(),
            account_id: account.id.clone(),
        }),
        create(&account),
        create(&IdentityLink {
            sub,
            account_id: account.id.clone(),
        }),
        create(&membership),
        create(&AuditEvent {
            id: ctx.new_id(),
            org_id: org.id.clone(),
            at: now,
            actor: "system".into(),
            action: "organisation.seeded".into(),
            target: Some(account.id.clone()),
            establishment: None,
            changes: json!({"name": {"after": org.name}}),
        }),
    ];
    writes.extend(establishments.iter().map(create));
    ctx.store.transact(writes).await?;
    Ok(Demo {
        org_id: org.id,
        org_name: org.name,
        establishments: establishments.into_iter().map(|e| (e.id, e.name)).collect(),
        manager_id: account.id,
        manager_email: manager_email.into(),
        manager_password: DEMO_PASSWORD.into(),
    })
}

pub const DEMO_EMPLOYEE_EMAIL: &str = "employee@demo.sesame.ca";
pub const DEMO_EMPLOYEE_ID: &str = "019a0000-0000-7000-8000-00000000a002";
/// The demo's overtime bank ("Heures supplémentaires": hours beyond 40 a
/// week, taken back as personal leave).
pub const DEMO_BANK_ID: &str = "019a0000-0000-7000-8000-00000000b0b1";
/// The demo's vacation bank ("Vacances": vacation is taken from it).
pub const DEMO_VACATION_BANK_ID: &str = "019a0000-0000-7000-8000-00000000b0b2";
/// The demo employee's vacation balance: ten working days of 7 h.
pub const DEMO_VACATION_MINUTES: i64 = 10 * 420;

/// Adds to the demo organisation an active employee (the "employee" role
/// preset at Rosemont, signs in with [`DEMO_EMPLOYEE_EMAIL`] and
/// [`DEMO_PASSWORD`]), an overtime bank of hours (personal leave taken from
/// it) and a vacation bank where she has [`DEMO_VACATION_MINUTES`]: what the
/// employee space needs to be tried. The local runner adds it; tests that
/// count the demo's members do not.
pub async fn seed_demo_employee(ctx: &Context) -> Result<String, OpError> {
    use sesame::domain::employee_space::employee::{BankRule, LeaveType};
    use sesame::domain::people::permission::RolePreset;
    use sesame::layout::employee::{HourBank, HourBanks};
    let now = ctx.clock.now();
    let sub = ctx.directory.ensure_identity(DEMO_EMPLOYEE_EMAIL).await?;
    ctx.directory
        .set_password(DEMO_EMPLOYEE_EMAIL, DEMO_PASSWORD)
        .await?;
    let account = Account {
        id: DEMO_EMPLOYEE_ID.into(),
        email: DEMO_EMPLOYEE_EMAIL.into(),
        identity: Some(sub.clone()),
        created_at: now,
        last_login_at: None,
        version: 1,
        mfa: Default::default(),
    };
    let establishment = DEMO_ESTABLISHMENTS[0].0.to_string();
    let membership = Membership {
        org_id: DEMO_ORG_ID.into(),
        account_id: account.id.clone(),
        civility: Civility::Mme,
        last_name: "Tremblay".into(),
        first_name: "Zoé".into(),
        email: DEMO_EMPLOYEE_EMAIL.into(),
        phone: "514 555-0199".into(),
        function: Some("Éducatrice".into()),
        birth_date: None,
        main_establishment: Some(establishment.clone()),
        manager: false,
        grants: [(
            establishment,
            RolePreset::Employee.permissions().iter().copied().collect(),
        )]
        .into(),
        status: MembershipStatus::Active,
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
    let mut writes = vec![
        create(&EmailClaim {
            email: account.email.clone(),
            account_id: account.id.clone(),
        }),
        create(&account),
        create(&IdentityLink {
            sub,
            account_id: account.id.clone(),
        }),
        create(&membership),
        create(&HourBanks {
            org_id: DEMO_ORG_ID.into(),
            banks: vec![
                HourBank {
                    id: DEMO_BANK_ID.into(),
                    org_id: DEMO_ORG_ID.into(),
                    name: "Heures supplémentaires".into(),
                    rule: BankRule::Overtime {
                        weekly_threshold_minutes: 2400,
                    },
                    // Overtime is taken back as time off, never as vacation.
                    leave_type: Some(LeaveType::Personal),
                    created_at: now,
                    archived_at: None,
                    version: 1,
                },
                HourBank {
                    id: DEMO_VACATION_BANK_ID.into(),
                    org_id: DEMO_ORG_ID.into(),
                    name: "Vacances".into(),
                    rule: BankRule::None,
                    leave_type: Some(LeaveType::Vacation),
                    created_at: now,
                    archived_at: None,
                    version: 1,
                },
            ],
            version: 1,
        }),
        // Her vacation balance, as a manager's opening balance leaves it.
        Write::Add {
            key: sesame::layout::keys::bank_balance(
                DEMO_ORG_ID,
                &account.id,
                DEMO_VACATION_BANK_ID,
            ),
            add: vec![(
                sesame::layout::employee::BALANCE_MINUTES.into(),
                DEMO_VACATION_MINUTES,
            )],
            condition: None,
        },
        // Its movement: her opening balance, set by the demo's manager.
        create(&sesame::layout::employee::BankMovement {
            id: "019a0000-0000-7000-8000-00000000b0b3".into(),
            org_id: DEMO_ORG_ID.into(),
            account_id: account.id.clone(),
            bank_id: DEMO_VACATION_BANK_ID.into(),
            movement: sesame::layout::employee::MovementKind::Opening,
            minutes: DEMO_VACATION_MINUTES,
            note: Some("Solde reporté de l'année précédente".into()),
            by: DEMO_MANAGER_ID.into(),
            by_name: None,
            source: None,
            at: now,
        }),
    ];
    writes.extend(sesame::layout::records::count(
        DEMO_ORG_ID,
        vec![("members_active".into(), 1)],
    ));
    ctx.store.transact(writes).await?;
    Ok(account.id)
}

/// Seeds a platform operator who signs in with `email` and [`DEMO_PASSWORD`].
pub async fn seed_operator(ctx: &Context, account_id: &str, email: &str) -> Result<(), OpError> {
    let sub = ctx.directory.ensure_identity(email).await?;
    ctx.directory.set_password(email, DEMO_PASSWORD).await?;
    let account = Account {
        id: account_id.into(),
        email: email.into(),
        identity: Some(sub.clone()),
        created_at: ctx.clock.now(),
        last_login_at: None,
        version: 1,
        mfa: Default::default(),
    };
    ctx.store
        .transact(vec![
            create(&EmailClaim {
                email: email.into(),
                account_id: account.id.clone(),
            }),
            create(&account),
            create(&IdentityLink {
                sub,
                account_id: account.id.clone(),
            }),
            create(&Operator {
                account_id: account.id.clone(),
            }),
        ])
        .await?;
    Ok(())
}

/// The account id of generated member `i` of batch `tag` ([`seed_members`]).
pub fn generated_member_id(tag: usize, i: usize) -> String {
    format!("019a0002-{tag:04}-7000-8000-{i:012}")
}

/// Adds `members` generated members to `org` (test tooling: written in
/// batches straight to DynamoDB, with the organisation's counts): names
/// `Nom<k>`/`Prénom<i>`, emails `m<tag>x<i>@exemple.ca`, the `leave`
/// permission at the first demo establishment; every fifth invited, the
/// others drafts. Ids from [`generated_member_id`].
/// Writes `records` straight to the run's table in batches of 25 (seeding
/// only: moto is slow with large transactions, and the product never
/// batch-writes).
pub async fn batch_put<R: sesame::layout::records::Record>(
    run: &crate::stack::LocalRun,
    records: &[R],
) -> Result<(), String> {
    let config = sesame::adapters::aws::sdk_config(&run.stack.settings).await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    for chunk in records.chunks(25) {
        let mut requests = Vec::new();
        for r in chunk {
            let item = serde_dynamo::to_item(serde_json::Value::Object(
                sesame::layout::records::to_item(r),
            ))
            .map_err(|e| e.to_string())?;
            let put = aws_sdk_dynamodb::types::PutRequest::builder()
                .set_item(Some(item))
                .build()
                .map_err(|e| e.to_string())?;
            requests.push(
                aws_sdk_dynamodb::types::WriteRequest::builder()
                    .put_request(put)
                    .build(),
            );
        }
        let out = client
            .batch_write_item()
            .request_items(&run.stack.settings.table, requests)
            .send()
            .await
            .map_err(|e| format!("seeding: {e:?}"))?;
        if !out.unprocessed_items.unwrap_or_default().is_empty() {
            return Err("seeding: items left unprocessed".into());
        }
    }
    Ok(())
}

pub async fn seed_members(
    run: &crate::stack::LocalRun,
    org: &str,
    tag: usize,
    members: usize,
) -> Result<(), String> {
    use sesame::domain::people::permission::Permission;
    use sesame::layout::records::count;
    let now = run.ctx.clock.now();
    let generated: Vec<Membership> = (0..members)
        .map(|i| Membership {
            org_id: org.to_string(),
            account_id: generated_member_id(tag, i),
            civility: Civility::Mx,
            last_name: format!("Nom{:05}", (i * 7919) % members.max(1)),
            first_name: format!("Prénom{i}"),
            email: format!("m{tag}x{i}@exemple.ca"),
            phone: "514 555-0100".into(),
            function: None,
            birth_date: None,
            main_establishment: Some(DEMO_ESTABLISHMENTS[0].0.into()),
            manager: false,
            grants: [(
                DEMO_ESTABLISHMENTS[0].0.to_string(),
                [Permission::Leave].into(),
            )]
            .into(),
            status: if i % 5 == 0 {
                MembershipStatus::Invited
            } else {
                MembershipStatus::Draft
            },
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
        })
        .collect();
    batch_put(run, &generated).await?;
    let delta = vec![
        (
            "members_draft".to_string(),
            (members - members.div_ceil(5)) as i64,
        ),
        ("members_invited".to_string(), members.div_ceil(5) as i64),
    ];
    if let Some(write) = count(org, delta) {
        run.ctx
            .store
            .transact(vec![write])
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
