//! The new address's link is opened: the email claim moves (the new one
//! taken only if free), the account and every membership take the new
//! address, the directory identity's email changes, all or nothing.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::invitation::TokenPurpose;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::MembershipStatus;
use crate::layout::employee::EmailChange;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, create, from_item, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::reads::account_with_memberships;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Output, Phased,
    Request, tokens,
};
use crate::ports::Key;
use crate::ports::{Condition, Write};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("confirm_login_email")
    .post("/email-changes/confirm")
    .access(Access::Public)
    .directory(&[DirectoryCall::ChangeEmail])
    .summary(
        "Confirm a new login email with the link's token: from now on the person signs in with it",
    )
    .takes(Body::of::<EmailChangeToken>())
    .answers(200, Body::of::<EmailChanged>())
    .problems(&[400, 409, 410])
    .handler(Handler::phased::<Phases>());

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChangeToken {
    pub token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmailChanged {
    pub email: String,
}

struct Phases;

impl Phased for Phases {
    type Input = EmailChangeToken;

    fn plan(ctx: &Context, request: &Request, input: &EmailChangeToken) -> Vec<Key> {
        let _ = (ctx, request);
        input
            .token
            .as_deref()
            .map(str::trim)
            .filter(|raw| crate::domain::ids::token_well_formed(raw))
            .map(|raw| {
                let hash = crate::domain::ids::token_hash(raw);
                vec![
                    crate::layout::keys::token(&hash),
                    crate::layout::keys::email_change(&hash),
                ]
            })
            .unwrap_or_default()
    }

    async fn run(
        ctx: &Context,
        _request: Request,
        input: Result<EmailChangeToken, OpError>,
    ) -> Outcome {
        let input = input?;
        let Some(raw) = input
            .token
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            let mut errors = ValidationErrors::default();
            errors.push("token", FieldCode::Required);
            return Err(errors.into());
        };
        // One use of the link at a time: the winner alone moves the address.
        let claim = tokens::claim(ctx, raw, TokenPurpose::EmailChange).await?;
        let outcome = change_email(ctx, &claim).await;
        claim.settle(ctx, outcome).await
    }
}

/// The change proper, by the use that holds the link.
async fn change_email(ctx: &Context, claim: &tokens::Claim) -> Outcome {
    let stored = &claim.stored;
    let change: EmailChange = from_item(
        ctx.store
            .get(&keys::email_change(&stored.hash))
            .await?
            .ok_or(crate::operations::accounts::errors::AccountsError::Token(
                crate::domain::accounts::invitation::TokenRefusal::Invalid,
            ))?,
    )?;
    let (account, memberships) = account_with_memberships(ctx, &change.account_id).await?;
    let account: Account = account.ok_or(OpError::NotFound)?;
    let old = account.email.clone();
    let mut next = account.clone();
    next.email = change.new_email.clone();
    next.version += 1;
    let now = ctx.clock.now();
    // This use's claim on the link may have run out; the new address may
    // have been claimed meanwhile.
    let mut commit = Commit::new();
    commit
        .push_or(claim.finish(ctx), tokens::Claim::lost())
        .push(Write::Delete {
            key: keys::email_claim(&old),
            condition: Some(Condition::Exists),
        })
        .push_or(
            create(&EmailClaim {
                email: change.new_email.clone(),
                account_id: account.id.clone(),
            }),
            crate::operations::people::errors::PeopleError::EmailTaken,
        )
        .push(replace(&next, account.version));
    for m in memberships
        .iter()
        .filter(|m| m.status != MembershipStatus::Deleted)
    {
        let mut moved = m.clone();
        moved.email = change.new_email.clone();
        moved.updated_at = now;
        moved.version += 1;
        commit.push(replace(&moved, m.version));
    }
    let redacted = |email: &str| {
        crate::domain::validate::Email::parse(email)
            .map(|e| e.redacted())
            .unwrap_or_default()
    };
    commit.push(
        Audit::at(
            ctx.new_id(),
            now,
            &change.org_id,
            &account.id,
            "login_email.changed",
        )
        .target(&account.id)
        .change("email", redacted(&old), redacted(&change.new_email))
        .write(),
    );
    // The identity first: if the store then refuses, it is moved back.
    if account.identity.is_some() {
        ctx.directory.change_email(&old, &change.new_email).await?;
    }
    match commit.run(ctx).await {
        Ok(()) => Output::json(
            200,
            &EmailChanged {
                email: change.new_email,
            },
        ),
        Err(e) => {
            if account.identity.is_some()
                && let Err(undo) = ctx.directory.change_email(&change.new_email, &old).await
            {
                tracing::error!(account = %account.id, error = %undo, "could not move the identity's email back");
            }
            Err(e)
        }
    }
}
