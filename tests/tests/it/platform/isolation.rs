//! Tenant isolation, generated from the route table: for every route of an
//! organisation, the manager of another organisation — holding every
//! permission there — gets 404, and the table does not change.

use crate::common::*;
use sesame::operations::{Access, registry};
use sesame_tests::seed::{self, DEMO_ESTABLISHMENTS};
use sesame_tests::template::root;

#[tokio::test]
async fn another_organisations_manager_gets_404_on_every_organisation_route() {
    let run = local().await;
    let base = run.base_url.clone();
    let other = seed::seed(
        &run.ctx,
        "019a0000-0000-7000-8000-0000000f0002",
        "Organisation voisine",
        &[("019a0000-0000-7000-8000-0000000f00e2", "Ailleurs")],
        "019a0000-0000-7000-8000-0000000f00a2",
        "gestion@voisine.exemple.ca",
    )
    .await
    .expect("second organisation");
    let intruder = sign_in(&base, &other.manager_email, &other.manager_password).await;
    let before = snapshot(&run).await;
    let mut covered = 0;
    for spec in registry() {
        if !spec.path.contains("{org_id}") || spec.access == Access::Operator {
            continue;
        }
        // The victim's ids in the path; the sample event's body.
        let path = spec
            .path
            .replace("{org_id}", &run.demo.org_id)
            .replace("{user_id}", &run.demo.manager_id)
            .replace("{establishment_id}", DEMO_ESTABLISHMENTS[0].0)
            .replace("{request_id}", "019a0000-0000-7000-8000-00000000c001")
            .replace("{replacement_id}", "019a0000-0000-7000-8000-00000000d0d0")
            .replace("{document_id}", "019a0000-0000-7000-8000-00000000d0c0")
            .replace("{week}", "2026-11-23");
        let sample: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("events").join(format!("{}.json", spec.id)))
                .unwrap(),
        )
        .unwrap();
        let body = sample["body"]
            .as_str()
            .map(|b| serde_json::from_str::<serde_json::Value>(b).unwrap());
        let reply = call(spec.method, &format!("{base}{path}"), Some(&intruder), body).await;
        assert_problem(&reply, 404, "not-found");
        covered += 1;
    }
    assert!(covered >= 40, "only {covered} routes covered");
    assert_eq!(
        snapshot(&run).await,
        before,
        "a cross-organisation request changed the table"
    );
    println!("tenant isolation: {covered} organisation routes, all 404, table unchanged");
}
