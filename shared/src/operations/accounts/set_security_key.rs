//! A manager sets or changes the organisation's mail security key
//! (question + answer, seed 003). The answer is kept only as an Argon2id
//! hash; the other managers are told by email.

use crate::domain::accounts::emails;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::layout::keys;
use crate::layout::records::create;
use crate::operations::accounts::support::bodies::KeyInput;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::load;
use crate::operations::reads::partition;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, outbox,
};
use crate::ports::{Condition, Write};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "set_security_key",
    method: "PUT",
    path: "/orgs/{org_id}/security-key",
    access: Access::Manager,
    summary: "Set or change the organisation's mail security key; the other managers are emailed",
    query: &[],
    request: Some(Body::of::<KeyInput>()),
    success: (200, Body::of::<KeySet>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    handler: Handler::run(|ctx, request| Box::pin(run(ctx, request))),
};

#[derive(Debug, Serialize, ToSchema)]
pub struct KeySet {
    pub question: String,
    /// Managers told of the change.
    pub notified: usize,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: KeyInput = request.json()?;
    let secret = input.secret(ctx)?;
    let org = load(ctx, member.org_id()).await?;
    let changed = org.mail_key.is_some();
    let mut set = serde_json::Map::new();
    set.insert(
        "mail_key".into(),
        serde_json::to_value(&secret).unwrap_or_default(),
    );
    set.insert("version".into(), json!(org.version + 1));
    let action = if changed {
        "security_key.changed"
    } else {
        "security_key.set"
    };
    let mut commit = Commit::new();
    commit
        .push(Write::Update {
            key: keys::org(&org.id),
            set,
            condition: Some(Condition::VersionIs(org.version)),
        })
        .push(
            Audit::new(ctx, &org.id, &member.account_id, action)
                // The question only: never the answer or its hash.
                .change(
                    "question",
                    org.mail_key.as_ref().map(|k| &k.question),
                    &secret.question,
                )
                .write(),
        );
    let mut messages = Vec::new();
    if changed {
        let managers: Vec<Membership> = partition(ctx, &org.id, keys::MEMBER_PREFIX).await?;
        for other in managers.iter().filter(|m| {
            m.manager && m.status == MembershipStatus::Active && m.account_id != member.account_id
        }) {
            let locale = other.locale.unwrap_or(org.settings.locale);
            let content = emails::mail_key_changed(locale, &org.name, &other.first_name);
            messages.push(outbox::message(ctx, Some(&org.id), &other.email, content));
        }
    }
    commit.extend(messages.iter().take(90).map(create));
    // A stale version fails the condition: 409 version-conflict.
    commit.run(ctx).await?;
    Output::json(
        200,
        &KeySet {
            question: secret.question,
            notified: messages.len(),
        },
    )
}
