//! The user list on a large organisation, over HTTP against the emulator.

use crate::common::*;
use sesame::domain::people::membership::{Civility, Membership, MembershipStatus};
use sesame::domain::people::permission::{Grants, Permission};
use sesame::domain::people::user_list::fold;
use sesame::layout::records::count;
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use std::collections::BTreeSet;

const MEMBERS: usize = 2000;
const LAST_NAMES: [&str; 8] = [
    "Côté",
    "Tremblay",
    "Gagnon",
    "Bélanger",
    "lévesque",
    "Roy",
    "Ouellet",
    "Émond",
];

fn generated(org: &str, i: usize, now: jiff::Timestamp) -> Membership {
    let grants: Grants = if i.is_multiple_of(2) {
        [(
            DEMO_ESTABLISHMENTS[0].0.to_string(),
            [Permission::Leave].into(),
        )]
        .into()
    } else {
        [(
            DEMO_ESTABLISHMENTS[1].0.to_string(),
            [Permission::OwnTimesheet].into(),
        )]
        .into()
    };
    Membership {
        org_id: org.into(),
        account_id: format!("019a0001-0000-7000-8000-{i:012}"),
        civility: Civility::Mx,
        last_name: format!(
            "{} {:04}",
            LAST_NAMES[i % LAST_NAMES.len()],
            (i * 7919) % MEMBERS
        ),
        first_name: format!("Prénom{i}"),
        email: format!("membre{i}@exemple.ca"),
        phone: "514 555-0100".into(),
        function: Some(
            if i.is_multiple_of(3) {
                "Éducatrice"
            } else {
                "Cuisinier"
            }
            .into(),
        ),
        birth_date: None,
        main_establishment: grants.keys().next().cloned(),
        manager: false,
        grants,
        status: if i.is_multiple_of(5) {
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
    }
}

#[tokio::test]
async fn two_thousand_members_page_count_sort_and_filter_without_scanning() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let now = run.ctx.clock.now();
    let members: Vec<Membership> = (0..MEMBERS).map(|i| generated(&org, i, now)).collect();
    // Seeding goes straight to DynamoDB in batches.
    sesame_tests::seed::batch_put(&run, &members).await.unwrap();
    // …and the counters create_user would have kept.
    run.ctx
        .store
        .transact(vec![
            count(
                &org,
                vec![
                    ("members_draft".into(), (MEMBERS - MEMBERS / 5) as i64),
                    ("members_invited".into(), (MEMBERS / 5) as i64),
                ],
            )
            .unwrap(),
        ])
        .await
        .unwrap();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let list = |query: String| {
        let base = base.clone();
        let org = org.clone();
        let manager = manager.clone();
        async move {
            let reply = call(
                "GET",
                &format!("{base}/orgs/{org}/users?{query}"),
                Some(&manager),
                None,
            )
            .await;
            assert_eq!(reply.status, 200, "{}", reply.body);
            reply.json()
        }
    };

    // Every page, sorted by last name: 2,001 rows (the manager too), each once, in order.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let page = list(format!("sort=last_name&limit=100{cursor}")).await;
        assert_eq!(page["total"], MEMBERS + 1);
        pages += 1;
        for row in page["items"].as_array().unwrap() {
            seen.push((
                fold(&format!(
                    "{}\u{0}{}",
                    row["last_name"].as_str().unwrap(),
                    row["first_name"].as_str().unwrap()
                )),
                row["id"].as_str().unwrap().to_string(),
            ));
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(pages, 21);
    assert_eq!(seen.len(), MEMBERS + 1);
    assert_eq!(
        seen.iter().map(|(_, id)| id).collect::<BTreeSet<_>>().len(),
        MEMBERS + 1
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "not sorted by last name"
    );

    // Descending first names.
    let page = list("sort=first_name&order=desc&limit=50".into()).await;
    let firsts: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| fold(r["first_name"].as_str().unwrap()))
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] >= w[1]));

    // Filters, with their totals.
    let invited = list("status=invited&limit=1".into()).await;
    assert_eq!(invited["total"], MEMBERS / 5);
    let cote = list("name=COTE&limit=100".into()).await;
    assert_eq!(cote["total"], MEMBERS / LAST_NAMES.len());
    let emond = list("name=%C3%A9mond".into()).await;
    assert_eq!(emond["total"], MEMBERS / LAST_NAMES.len());
    let leave_at_a = list(format!(
        "permission=leave&establishment={}&limit=1",
        DEMO_ESTABLISHMENTS[0].0
    ))
    .await;
    assert_eq!(
        leave_at_a["total"],
        MEMBERS / 2 + 1,
        "half the members and the manager"
    );
    let at_b = list(format!(
        "establishment={}&limit=1",
        DEMO_ESTABLISHMENTS[1].0
    ))
    .await;
    assert_eq!(at_b["total"], MEMBERS / 2 + 1);

    // Bad parameters are named.
    let bad = call(
        "GET",
        &format!("{base}/orgs/{org}/users?sort=shoe_size&limit=0"),
        Some(&manager),
        None,
    )
    .await;
    assert_problem(&bad, 422, "validation");
    assert_eq!(bad.json()["errors"].as_array().unwrap().len(), 2);

    // The default view reads one index page per page, whatever the size.
    let before = run.calls.count("Query");
    list("limit=25".into()).await;
    assert_eq!(
        run.calls.count("Query") - before,
        1,
        "{:?}",
        run.calls.snapshot()
    );

    assert_eq!(
        run.calls.count("Scan"),
        0,
        "calls: {:?}",
        run.calls.snapshot()
    );
    assert!(run.calls.count("Query") > 0);
}
