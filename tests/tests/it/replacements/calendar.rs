//! Private calendar feeds (issue 21): a worker's assignments and a client's
//! requests as iCalendar, read without a session by a secret address that
//! a new one replaces and a revocation ends; an address never made, made
//! up or malformed is 404, and so is a disabled member's.

use crate::common::{request_form, schedule};
use serde_json::{Value, json};
use sesame::domain::people::permission::RolePreset;
use sesame::operations::people::disable_user;
use sesame::operations::replacements::{
    assign_worker, calendar_feed, create_calendar_feed, get_calendar_feed, revoke_calendar_feed,
    submit_replacement,
};
use sesame_tests::ops::{Ops, answer, id_of};
use sesame_tests::seed::DEMO_ESTABLISHMENTS;

fn body(outcome: &sesame::operations::Outcome) -> Value {
    match outcome {
        Ok(o) => o.body.clone(),
        Err(e) => panic!("refused: {e:?}"),
    }
}

/// The token at the end of a feed's address.
fn token_of(view: &Value) -> String {
    let url = view["url"].as_str().expect("the address, once");
    let last = url.rsplit('/').next().unwrap();
    assert!(last.ends_with(".ics"), "{url}");
    last.to_string()
}

/// The feed at `token`: its text, or the refusal's status.
async fn read(ops: &Ops, token: &str) -> Result<String, u16> {
    let outcome = ops
        .run(&calendar_feed::SPEC, None, &[("token", token)], None)
        .await;
    match &outcome {
        Ok(o) => {
            let (kind, text) = o.text.clone().expect("a calendar");
            assert_eq!(kind, "text/calendar; charset=utf-8");
            Ok(text)
        }
        Err(_) => Err(answer(&outcome).0),
    }
}

async fn make(ops: &Ops, sub: &str) -> sesame::operations::Outcome {
    ops.run(&create_calendar_feed::SPEC, Some(sub), &[], None)
        .await
}

#[tokio::test]
async fn a_worker_and_a_client_read_their_replacements_by_a_private_address_they_replace_and_revoke()
 {
    let ops = Ops::demo().await;
    let (client, client_id) = ops
        .person(
            "cliente.agenda@exemple.ca",
            RolePreset::Client.permissions(),
        )
        .await;
    let (annie_sub, annie) = ops
        .person(
            "annie.agenda@exemple.ca",
            RolePreset::ReplacementWorker.permissions(),
        )
        .await;
    let mut form = request_form();
    form["schedule"] = schedule("2026-12-07", "2026-12-08");
    let id = id_of(
        &ops.run(&submit_replacement::SPEC, Some(&client), &[], Some(form))
            .await,
    );
    body(
        &ops.as_manager(
            &assign_worker::SPEC,
            &[("replacement_id", &id)],
            Some(json!({"worker_id": annie})),
        )
        .await,
    );

    // Her feed: made once, its address in that answer only.
    let before = body(
        &ops.run(&get_calendar_feed::SPEC, Some(&annie_sub), &[], None)
            .await,
    );
    assert_eq!(before["active"], false);
    let made = body(&make(&ops, &annie_sub).await);
    assert_eq!(made["active"], true);
    let token = token_of(&made);
    let shown = body(
        &ops.run(&get_calendar_feed::SPEC, Some(&annie_sub), &[], None)
            .await,
    );
    assert_eq!(
        (&shown["active"], &shown["url"]),
        (&json!(true), &Value::Null)
    );

    let text = read(&ops, &token).await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{text}");
    // 07:30 in Montréal in December is 12:30 UTC.
    assert!(text.contains("DTSTART:20261207T123000Z\r\n"), "{text}");
    assert!(text.contains("DTEND:20261208T210000Z\r\n"), "{text}");
    assert!(
        text.contains("SUMMARY:Remplacement : Groupe des Coccinelles\r\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!("LOCATION:{}\r\n", DEMO_ESTABLISHMENTS[0].1)),
        "where she goes: {text}"
    );
    // The address works without ".ics" too.
    assert_eq!(
        read(&ops, token.trim_end_matches(".ics")).await.unwrap(),
        text
    );

    // The client's: her request, who comes.
    let hers = token_of(&body(&make(&ops, &client).await));
    let text = read(&ops, &hers).await.unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{text}");
    assert!(
        text.contains("SUMMARY:Demande : Groupe des Coccinelles — "),
        "{text}"
    );
    assert!(!text.contains("SUMMARY:Remplacement"), "{text}");

    // A new address replaces the old one.
    let again = token_of(&body(&make(&ops, &annie_sub).await));
    assert_ne!(again, token);
    assert_eq!(read(&ops, &token).await, Err(404));
    assert!(read(&ops, &again).await.is_ok());
    // Revoked: it stops working.
    let revoked = body(
        &ops.run(&revoke_calendar_feed::SPEC, Some(&annie_sub), &[], None)
            .await,
    );
    assert_eq!(revoked["active"], false);
    assert_eq!(read(&ops, &again).await, Err(404));
    // Made up or malformed: 404, nothing said.
    assert_eq!(read(&ops, &"A".repeat(43)).await, Err(404));
    assert_eq!(read(&ops, "../../etc").await, Err(404));
    assert_eq!(read(&ops, "").await, Err(404));

    // A disabled member's address stops working.
    let disabled = ops
        .as_manager(&disable_user::SPEC, &[("user_id", &client_id)], None)
        .await;
    assert!(disabled.is_ok(), "{disabled:?}");
    assert_eq!(read(&ops, &hers).await, Err(404));
}

/// On the emulator: eight addresses asked at the same moment. Each is
/// made or refused (409); of those answered made, exactly one works at the
/// end — the others were replaced or never stood.
#[tokio::test]
async fn feeds_made_at_once_on_the_emulator_leave_exactly_one_address_working() {
    use crate::common::{activated, call, local, sign_in};
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, token) = activated(&run, &manager, "replacement_worker", "Agenda").await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (url, token) = (format!("{base}/orgs/{org}/me/calendar"), token.clone());
        set.spawn(async move { call("POST", &url, Some(&token), None).await });
    }
    let mut made = Vec::new();
    while let Some(done) = set.join_next().await {
        let r = done.unwrap();
        match r.status {
            201 => made.push(r.json()["url"].as_str().unwrap().to_string()),
            409 => assert!(r.body.contains("version-conflict"), "{}", r.body),
            other => panic!("{other}: {}", r.body),
        }
    }
    assert!(!made.is_empty());
    let mut working = 0;
    for url in &made {
        let path = &url[url.find("/calendars/").unwrap()..];
        let read = call("GET", &format!("{base}{path}"), None, None).await;
        match read.status {
            200 => {
                assert!(read.body.starts_with("BEGIN:VCALENDAR"), "{}", read.body);
                working += 1;
            }
            404 => {}
            other => panic!("{other}: {}", read.body),
        }
    }
    assert_eq!(working, 1, "{made:?}");
}
