//! Following the self-registration link: the identity is enabled and every
//! pending (`draft`/`invited`) membership of the person becomes `active`.
//! Without roles, the account signs in and sees nothing (rule 7).

use crate::domain::accounts::account::Account;
use crate::domain::accounts::emails;
use crate::domain::accounts::invitation::{TokenPurpose, TokenRefusal};
use crate::domain::locale::Locale;
use crate::domain::organisation::model::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, Transition};
use crate::layout::keys;
use crate::layout::records::{create, from_item, replace};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::activated;
use crate::operations::accounts::support::identity;
use crate::operations::accounts::support::pending::pending;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::counters;
use crate::operations::reads::{account_with_memberships, partition};
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, outbox,
    run_fn, tokens,
};
use crate::ports::Write;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("confirm_registration")
    .post("/registrations/confirm")
    .access(Access::Public)
    .directory(&[DirectoryCall::EnsureIdentity, DirectoryCall::Enable])
    .summary(
        "Confirm a self-registration with the emailed link's token; the account becomes active",
    )
    .takes(Body::of::<TokenInput>())
    .answers(200, Body::of::<Confirmed>())
    .problems(&[409, 410])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    /// The token from the link (`#token=…`).
    pub token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Confirmed {
    /// The sign-in identifier.
    pub email: String,
    /// Organisations where the account is now active.
    pub org_ids: Vec<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: TokenInput = request.json()?;
    let raw = input.token.unwrap_or_default();
    // One use of the link at a time: the winner alone activates.
    let claim = tokens::claim(ctx, &raw, TokenPurpose::Registration).await?;
    let outcome = confirm(ctx, &claim, request.locale).await;
    claim.settle(ctx, outcome).await
}

/// The confirmation proper, by the use that holds the link.
async fn confirm(ctx: &Context, claim: &tokens::Claim, request_locale: Locale) -> Outcome {
    let stored = &claim.stored;
    let (account, memberships) = account_with_memberships(ctx, &stored.token.account_id).await?;
    let account: Account = account.ok_or(AccountsError::Token(TokenRefusal::Invalid))?;
    let pending = pending(memberships);
    if pending.is_empty() {
        // Deleted or activated otherwise meanwhile.
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    }
    let sub = ctx.directory.ensure_identity(&account.email).await?;
    ctx.directory.set_enabled(&account.email, true).await?;

    let now = ctx.clock.now();
    let mut commit = Commit::new();
    commit
        .push_or(claim.finish(ctx), tokens::Claim::lost())
        .extend(identity::link(&account, sub));
    for current in &pending {
        let mut next = current.clone();
        next.status = current.status.apply(Transition::Activate)?;
        next.updated_at = now;
        next.version = current.version + 1;
        if let Some(invitation) = next.invitation.take() {
            commit.push(Write::Delete {
                key: keys::token(&invitation.token_hash),
                condition: None,
            });
        }
        commit
            .push(replace(&next, current.version))
            .extend(counters(&current.org_id, current, Some(&next)))
            .push(
                Audit::new(ctx, &current.org_id, &account.id, "account.activated")
                    .of(current)
                    .changes(json!({"status": {"before": current.status, "after": next.status}, "via": "self_registration"}))
                    .write(),
            );
    }
    // Each organisation's managers are told (their memberships read by
    // organisation); the organisations and the establishments of her roles
    // (her summaries) in one batch.
    let mut members = Vec::with_capacity(pending.len());
    for current in &pending {
        members.push(partition::<Membership>(ctx, &current.org_id, keys::MEMBER_PREFIX).await?);
    }
    let first = &pending[0];
    let mut wanted: Vec<_> = pending.iter().map(|m| keys::org(&m.org_id)).collect();
    wanted.extend(pending.iter().flat_map(activated::establishment_keys));
    let mut found = ctx.store.get_many(&wanted).await?.into_iter();
    let orgs: Vec<Option<Organisation>> = found
        .by_ref()
        .take(pending.len())
        .map(|item| item.map(from_item).transpose())
        .collect::<Result<_, _>>()?;
    let establishments: Vec<Establishment> =
        found.flatten().map(from_item).collect::<Result<_, _>>()?;
    let summary = activated::summary(first, &account.email, &establishments);
    match &orgs[0] {
        Some(org) => commit.push(create(&activated::confirmation(ctx, org, first, &summary))),
        None => {
            let locale = first.locale.unwrap_or(request_locale);
            let content = emails::activated(locale, "", &summary, &ctx.settings.portal_url);
            let message = outbox::message(ctx, Some(&first.org_id), &account.email, content);
            commit.push(create(&message))
        }
    };
    // What DynamoDB's 100 items per transaction leave for the notices.
    let mut room = 100usize.saturating_sub(commit.writes().len());
    for ((current, org), members) in pending.iter().zip(&orgs).zip(&members) {
        let Some(org) = org else { continue };
        let mut managers = activated::managers_to_tell(members, &account.id);
        managers.truncate(room);
        room -= managers.len();
        let summary = activated::summary(current, &account.email, &establishments);
        let notices = activated::notices(ctx, org, &managers, current, &summary, now);
        commit.extend(notices.iter().map(create));
    }
    commit.run(ctx).await?;
    Output::json(
        200,
        &Confirmed {
            email: account.email,
            org_ids: pending.into_iter().map(|m| m.org_id).collect(),
        },
    )
}
