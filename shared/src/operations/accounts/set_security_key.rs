//! A manager sets or changes the organisation's mail security key
//! (question + answer, seed 003): a first key takes both; a change may give
//! the question and/or only the answer, the other kept. The answer is kept
//! only as an Argon2id hash; the other managers are told by email.

use crate::domain::accounts::emails;
use crate::domain::accounts::secrets::SecretKey;
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::layout::keys;
use crate::layout::records::{OutboxMessage, create};
use crate::operations::accounts::support::bodies::KeyInput;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::{self, load};
use crate::operations::reads::partition;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, outbox, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("set_security_key")
    .put("/orgs/{org_id}/security-key")
    .access(Access::Manager)
    .summary("Set or change the organisation's mail security key (a change: the question and/or only the answer); the other managers are emailed")
    .takes(Body::of::<KeyInput>())
    .answers(200, Body::of::<KeySet>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct KeySet {
    pub question: String,
    /// Managers told of the change.
    pub notified: usize,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: KeyInput = request.json()?;
    let org = load(ctx, member.org_id()).await?;
    let secret = input.secret_over(ctx, org.mail_key.as_ref())?;
    // A change (not the first key) tells the other managers: read only then.
    let members: Vec<Membership> = if org.mail_key.is_some() {
        partition(ctx, &org.id, keys::MEMBER_PREFIX).await?
    } else {
        Vec::new()
    };
    let messages = to_tell(&members, &member.account_id)
        .map(|other| {
            let locale = other.locale.unwrap_or(org.settings.locale);
            let content = emails::mail_key_changed(locale, &org.name, &other.first_name);
            outbox::message(ctx, Some(&org.id), &other.email, content)
        })
        .collect();
    let decision = decide(
        &org,
        secret,
        &member.account_id,
        messages,
        (ctx.new_id(), ctx.clock.now()),
    );
    // A stale version fails the condition: 409 version-conflict.
    decision.commit.run(ctx).await?;
    Output::json(200, &decision.result)
}

/// Who is told of a changed key: the other active managers.
fn to_tell<'a>(
    members: &'a [Membership],
    actor: &'a str,
) -> impl Iterator<Item = &'a Membership> + 'a {
    members
        .iter()
        .filter(move |m| m.manager && m.status == MembershipStatus::Active && m.account_id != actor)
}

/// The key's writes and answer.
struct Decision {
    commit: Commit,
    result: KeySet,
}

/// The organisation's key set (on the version read) and audited by its
/// question only, never the answer or its hash; the other managers' emails
/// in the same transaction (90 at most, all counted as told).
fn decide(
    org: &Organisation,
    secret: SecretKey,
    actor: &str,
    messages: Vec<OutboxMessage>,
    at: (String, jiff::Timestamp),
) -> Decision {
    let action = if org.mail_key.is_some() {
        "security_key.changed"
    } else {
        "security_key.set"
    };
    let mut set = serde_json::Map::new();
    set.insert(
        "mail_key".into(),
        serde_json::to_value(&secret).unwrap_or_default(),
    );
    let mut commit = Commit::new();
    commit
        .push(organisations::update(org, set))
        .push(
            Audit::at(at.0, at.1, &org.id, actor, action)
                .change(
                    "question",
                    org.mail_key.as_ref().map(|k| &k.question),
                    &secret.question,
                )
                .set(
                    "answer_changed",
                    org.mail_key
                        .as_ref()
                        .is_none_or(|k| k.answer_hash != secret.answer_hash),
                )
                .write(),
        )
        .extend(messages.iter().take(90).map(create));
    Decision {
        commit,
        result: KeySet {
            question: secret.question,
            notified: messages.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::accounts::support::fixtures::{at, membership, message, org};
    use crate::ports::{Condition, Write};
    use serde_json::json;

    fn key(question: &str) -> SecretKey {
        SecretKey {
            question: question.into(),
            answer_hash: "$argon2id$secret".into(),
        }
    }

    fn audit_of(decision: &Decision) -> &crate::ports::Item {
        match &decision.commit.writes()[1] {
            Write::Put { item, .. } => item,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_first_key_is_set_and_a_later_one_changed() {
        let first = decide(&org(), key("Q1"), "boss", vec![], ("e1".into(), at()));
        assert_eq!(audit_of(&first)["action"], "security_key.set");
        let mut keyed = org();
        keyed.mail_key = Some(key("Q1"));
        let later = decide(&keyed, key("Q2"), "boss", vec![], ("e1".into(), at()));
        assert_eq!(audit_of(&later)["action"], "security_key.changed");
    }

    #[test]
    fn the_audit_tells_the_question_never_the_answer() {
        let mut keyed = org();
        keyed.mail_key = Some(key("Q1"));
        let decision = decide(&keyed, key("Q2"), "boss", vec![], ("e1".into(), at()));
        let audit = audit_of(&decision);
        // The same answer's hash (the question alone changed): said so.
        assert_eq!(
            audit["changes"],
            json!({"question": {"before": "Q1", "after": "Q2"}, "answer_changed": {"after": false}})
        );
        assert!(!serde_json::to_string(audit).unwrap().contains("argon2"));
        let mut answered = key("Q1");
        answered.answer_hash = "$argon2id$other".into();
        let decision = decide(&keyed, answered, "boss", vec![], ("e2".into(), at()));
        assert_eq!(
            audit_of(&decision)["changes"]["answer_changed"],
            json!({"after": true})
        );
    }

    #[test]
    fn the_key_is_written_on_the_version_read() {
        let decision = decide(&org(), key("Q1"), "boss", vec![], ("e1".into(), at()));
        let Write::Update { set, condition, .. } = &decision.commit.writes()[0] else {
            panic!()
        };
        assert_eq!(*condition, Some(Condition::VersionIs(7)));
        assert_eq!(set["version"], 8);
        assert_eq!(set["mail_key"]["question"], "Q1");
    }

    #[test]
    fn only_the_other_active_managers_are_told() {
        let manager = |id: &str, status| {
            let mut m = membership(status);
            m.account_id = id.into();
            m.manager = true;
            m
        };
        let mut employee = membership(MembershipStatus::Active);
        employee.account_id = "employee".into();
        let members = [
            manager("boss", MembershipStatus::Active),
            manager("other", MembershipStatus::Active),
            manager("gone", MembershipStatus::Disabled),
            employee,
        ];
        let told: Vec<&str> = to_tell(&members, "boss")
            .map(|m| m.account_id.as_str())
            .collect();
        assert_eq!(told, ["other"]);
    }

    #[test]
    fn at_most_ninety_emails_go_in_the_transaction_and_all_are_counted() {
        let messages = (0..95)
            .map(|i| message(&format!("m{i}@exemple.ca")))
            .collect();
        let decision = decide(&org(), key("Q1"), "boss", messages, ("e1".into(), at()));
        assert_eq!(decision.commit.writes().len(), 2 + 90);
        assert_eq!(decision.result.notified, 95);
    }
}
