//! SES's events come back (issue 22, item 4): a bounce, a complaint or a
//! rejection of an invitation, as the configuration set's SNS topic
//! delivers it to `record_email_events`, is recorded on the outbox message
//! the email was tagged with — and so shown on the invitation — against
//! the emulator's table. An event of an earlier sending, repeated, or of
//! no message changes nothing.

use crate::common::*;
use serde_json::{Value, json};
use sesame::layout::keys;
use sesame::layout::records::{OutboxMessage, from_item};
use sesame::operations::outbox::{EventsRecorded, record_events};

/// The SNS notification of one SES event of the configuration set.
fn notification(kind: &str, detail: Value, outbox_id: &str, message_id: &str) -> Value {
    let mut event = json!({
        "eventType": kind,
        "mail": {
            "timestamp": "2026-12-03T10:00:00.000Z",
            "source": "no-reply@demo.sesame.ca",
            "messageId": message_id,
            "destination": ["quelqu.un@exemple.ca"],
            "tags": {"outbox": [outbox_id], "ses:configuration-set": ["sesame"]}
        }
    });
    event[kind.to_lowercase()] = detail;
    json!({"Records": [{
        "EventSource": "aws:sns",
        "Sns": {"Type": "Notification", "Message": event.to_string()}
    }]})
}

/// The outbox message of a member's invitation, as the table has it.
async fn invitation_message(run: &sesame_tests::stack::LocalRun, id: &str) -> OutboxMessage {
    let membership: sesame::domain::people::membership::Membership = from_item(
        run.ctx
            .store
            .get(&keys::membership(&run.demo.org_id, id))
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let outbox_id = membership.invitation.unwrap().outbox_id;
    from_item(
        run.ctx
            .store
            .get(&keys::outbox(&outbox_id))
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap()
}

async fn delivery_shown(run: &sesame_tests::stack::LocalRun, manager: &str, id: &str) -> Value {
    let url = format!("{}/orgs/{}/users/{id}", run.base_url, run.demo.org_id);
    call("GET", &url, Some(manager), None).await.json()["invitation"]["delivery"].clone()
}

#[tokio::test]
async fn a_bounced_invitation_is_shown_as_bounced_and_a_complaint_as_complained() {
    let run = local().await;
    let manager = sign_in(
        &run.base_url,
        &run.demo.manager_email,
        &run.demo.manager_password,
    )
    .await;
    let (id, _) = invite(&run, &manager, &format!("{}@exemple.ca", unique("rebond"))).await;
    let message = invitation_message(&run, &id).await;
    let ses_id = message
        .message_id
        .clone()
        .expect("sent: SES's message id kept");
    assert_eq!(delivery_shown(&run, &manager, &id).await, "sent");

    // An event of another sending (the invitation resent since) or of no
    // outbox message changes nothing.
    let stale = notification(
        "Bounce",
        json!({"bounceType": "Permanent", "bounceSubType": "General"}),
        &message.id,
        "an-earlier-sending",
    );
    assert_eq!(
        record_events(&run.ctx, &stale).await.unwrap(),
        EventsRecorded {
            recorded: 0,
            ignored: 1
        }
    );
    let nobody = notification(
        "Bounce",
        json!({"bounceType": "Permanent"}),
        "019a0000-0000-7000-8000-000000000bad",
        &ses_id,
    );
    assert_eq!(record_events(&run.ctx, &nobody).await.unwrap().ignored, 1);
    assert_eq!(delivery_shown(&run, &manager, &id).await, "sent");

    let bounce = notification(
        "Bounce",
        json!({"bounceType": "Permanent", "bounceSubType": "NoEmail",
               "bouncedRecipients": [{"emailAddress": "quelqu.un@exemple.ca", "diagnosticCode": "550 5.1.1 user unknown"}]}),
        &message.id,
        &ses_id,
    );
    assert_eq!(
        record_events(&run.ctx, &bounce).await.unwrap(),
        EventsRecorded {
            recorded: 1,
            ignored: 0
        }
    );
    assert_eq!(delivery_shown(&run, &manager, &id).await, "bounced");
    // Only the kind is kept, no address nor diagnostic.
    let recorded = invitation_message(&run, &id).await;
    assert_eq!(recorded.last_error.as_deref(), Some("Permanent/NoEmail"));
    // SNS delivers at least once: the same event again is ignored.
    assert_eq!(record_events(&run.ctx, &bounce).await.unwrap().ignored, 1);
    assert_eq!(
        invitation_message(&run, &id).await.version,
        recorded.version
    );

    let complaint = notification(
        "Complaint",
        json!({"complaintFeedbackType": "abuse"}),
        &message.id,
        &ses_id,
    );
    assert_eq!(
        record_events(&run.ctx, &complaint).await.unwrap().recorded,
        1
    );
    assert_eq!(delivery_shown(&run, &manager, &id).await, "complained");
}

#[tokio::test]
async fn a_resent_invitation_is_not_marked_by_the_bounce_of_the_earlier_email() {
    let run = local().await;
    let base = &run.base_url;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (id, _) = invite(&run, &manager, &format!("{}@exemple.ca", unique("renvoi"))).await;
    let first = invitation_message(&run, &id).await;
    let resent = call(
        "POST",
        &format!("{base}/orgs/{}/users/{id}/activation", run.demo.org_id),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    let url = format!("{base}/orgs/{}/users/{id}", run.demo.org_id);
    assert_eq!(delivered(&url, &manager).await, "sent");
    // The first email's bounce arrives late.
    let late = notification(
        "Bounce",
        json!({"bounceType": "Transient", "bounceSubType": "MailboxFull"}),
        &first.id,
        first.message_id.as_deref().unwrap(),
    );
    record_events(&run.ctx, &late).await.unwrap();
    assert_eq!(delivery_shown(&run, &manager, &id).await, "sent");
}
