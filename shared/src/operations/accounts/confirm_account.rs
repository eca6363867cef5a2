//! Activation from the emailed link (public): the token and a chosen
//! password. Creates and confirms the directory identity, makes the
//! membership `active`, and emails a confirmation.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::emails;
use crate::domain::accounts::invitation::{TokenPurpose, TokenRefusal};
use crate::domain::accounts::password;
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus, Transition};
use crate::layout::keys;
use crate::layout::records::{IdentityLink, create, from_item, replace, to_item};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::bodies::ActivationInput;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::counters;
use crate::operations::tokens;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, outbox,
};
use crate::ports::Write;
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "confirm_account",
    method: "POST",
    path: "/activation",
    access: Access::Public,
    summary: "Activate an account with the emailed link's token and a new password",
    query: &[],
    request: Some(Body::of::<ActivationInput>()),
    success: (200, Body::of::<ActivationResult>()),
    problems: &[409, 410, 413, 415, 422],
    handler: Handler::run(|ctx, request| Box::pin(run(ctx, request))),
};

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivationResult {
    pub org_id: String,
    pub status: MembershipStatus,
    /// The sign-in identifier.
    pub email: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: ActivationInput = request.json()?;
    let input_keys = [
        input.mail_key.clone().unwrap_or_default(),
        input.email_key.clone().unwrap_or_default(),
        input.secret_answer.clone().unwrap_or_default(),
    ];
    let mut errors = ValidationErrors::default();
    let token = input.token.unwrap_or_default();
    let password = input.password.unwrap_or_default();
    if token.is_empty() {
        errors.push("token", FieldCode::Required);
    }
    if password.is_empty() {
        errors.push("password", FieldCode::Required);
    }
    if let Some(confirmation) = &input.password_confirmation
        && confirmation != &password
    {
        errors.push("password_confirmation", FieldCode::Mismatch);
    }
    errors.finish(())?;
    // The pool's policy before the link is claimed (the pool has the last
    // word: a refusal there releases the claim).
    if !password::meets_policy(&password) {
        return Err(AccountsError::PasswordPolicy.into());
    }
    // One use of the link at a time: the winner alone sets the password.
    let claim = tokens::claim(ctx, &token, TokenPurpose::Activation).await?;
    let outcome = activate(ctx, &claim, &password, &input_keys).await;
    claim.settle(ctx, outcome).await
}

/// The activation proper, by the use that holds the link.
async fn activate(
    ctx: &Context,
    claim: &tokens::Claim,
    password: &str,
    input_keys: &[String; 3],
) -> Outcome {
    let stored = &claim.stored;
    let hash = stored.hash.clone();
    let now = ctx.clock.now();
    let org_id = stored.token.org_id.clone();
    let account_id = stored.token.account_id.clone();

    let found = ctx
        .store
        .get_many(&[
            keys::membership(&org_id, &account_id),
            keys::account(&account_id),
            keys::org(&org_id),
        ])
        .await?;
    let mut found = found.into_iter();
    let (Some(membership), Some(account), Some(org)) = (
        found.next().flatten(),
        found.next().flatten(),
        found.next().flatten(),
    ) else {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    };
    let current: Membership = from_item(membership)?;
    let account: Account = from_item(account)?;
    let org: Organisation = from_item(org)?;
    // A rotated or cancelled invitation's token no longer matches.
    let ours = current
        .invitation
        .as_ref()
        .is_some_and(|i| i.token_hash == hash);
    // A concurrent use of this very link activated the account meanwhile.
    if ours && current.status == MembershipStatus::Active {
        return Err(AccountsError::Token(TokenRefusal::Used).into());
    }
    if !ours || current.status != MembershipStatus::Invited {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    }
    let status = current.status.apply(Transition::Activate)?;
    if org.settings.require_security_keys {
        check_keys(ctx, &org, &current, input_keys).await?;
    }

    // The directory first: a policy failure changes nothing here and the
    // link keeps working. Both calls are idempotent, so a retry after a
    // failure further down completes the activation.
    let sub = ctx.directory.ensure_identity(&account.email).await?;
    ctx.directory.set_password(&account.email, password).await?;

    let mut next = current.clone();
    next.status = status;
    next.updated_at = now;
    next.version = current.version + 1;
    let mut next_account = account.clone();
    next_account.identity = Some(sub.clone());
    next_account.version = account.version + 1;

    let locale = current.locale.unwrap_or(org.settings.locale);
    let content = emails::activated(
        locale,
        &org.name,
        &current.first_name,
        &account.email,
        &ctx.settings.portal_url,
    );
    let message = outbox::message(ctx, Some(&org_id), &account.email, content);

    let mut commit = Commit::new();
    // The link used, by the use that holds it; a new password voids
    // every outstanding reset link.
    commit
        .push_or(claim.finish(ctx), tokens::Claim::lost())
        .push(tokens::void_resets(&account_id))
        .push(replace(&next, current.version))
        .push(replace(&next_account, account.version))
        .push(Write::Put {
            item: to_item(&IdentityLink {
                sub,
                account_id: account_id.clone(),
            }),
            condition: None,
        })
        .extend(counters(&org_id, &current, Some(&next)))
        .push(create(&message))
        .push(
            Audit::at(ctx.new_id(), now, &org_id, &account_id, "account.activated")
                .of(&current)
                .change("status", current.status, next.status)
                .write(),
        );
    commit.run(ctx).await?;
    tracing::info!(org = %org_id, user = %account_id, "account activated");
    Output::json(
        200,
        &ActivationResult {
            org_id,
            status: next.status,
            email: account.email,
        },
    )
}

/// Checks the three keys together (all of them, whatever the first says),
/// counts a failure on the invitation and locks it at the fifth. The
/// answer never says which key was wrong.
async fn check_keys(
    ctx: &Context,
    org: &Organisation,
    current: &Membership,
    given: &[String; 3],
) -> Result<(), OpError> {
    use crate::domain::accounts::secrets::{MAX_ATTEMPTS, verify};
    let Some(invitation) = current.invitation.as_ref() else {
        return Err(AccountsError::Token(TokenRefusal::Invalid).into());
    };
    if invitation.failed_attempts >= MAX_ATTEMPTS {
        return Err(OpError::InvitationLocked);
    }
    let mail = org
        .mail_key
        .as_ref()
        .is_some_and(|k| verify(&given[0], &k.answer_hash));
    let email = invitation
        .email_key_hash
        .as_ref()
        .is_some_and(|h| verify(&given[1], h));
    let secret = current
        .secret
        .as_ref()
        .is_some_and(|k| verify(&given[2], &k.answer_hash));
    if mail & email & secret {
        return Ok(());
    }
    let mut next = current.clone();
    if let Some(inv) = next.invitation.as_mut() {
        inv.failed_attempts += 1;
    }
    next.version = current.version + 1;
    let attempts = invitation.failed_attempts + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        Audit::new(ctx, &org.id, "anonymous", "activation.keys_refused")
            .of(current)
            .set("failed_attempts", attempts)
            .write(),
    );
    commit.run(ctx).await?;
    if attempts >= MAX_ATTEMPTS {
        Err(OpError::InvitationLocked)
    } else {
        Err(AccountsError::SecurityKeysRefused.into())
    }
}
