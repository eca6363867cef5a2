//! Sign in (public): email and password against the directory; answers the
//! directory's tokens and records the last login. A wrong password and an
//! unknown email get the very same answer; past 5 wrong passwords in 15
//! minutes for one email, known or not, every attempt is a 429. A person
//! whose memberships are all disabled is refused (403 `account-disabled`),
//! said only to whoever gave the right password (DESIGN §5.9).

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::{
    Membership, MembershipStatus, disabled_everywhere, signs_in,
};
use crate::domain::validate::Email;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, from_item};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::commit::Commit;
use crate::operations::reads::memberships_of;
use crate::operations::{
    Access, Body, BoxFuture, Context, Handler, OpError, OperationSpec, Outcome, Output, Phased,
    Request, attempts,
};
use crate::ports::Key;
use crate::ports::{Condition, DirectoryError, SessionTokens, Write};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "sign_in",
    method: "POST",
    path: "/sessions",
    access: Access::Public,
    summary: "Sign in with email and password; returns the session tokens",
    query: &[],
    request: Some(Body::of::<SignInInput>()),
    success: (200, Body::of::<SessionTokens>()),
    problems: &[401, 403, 413, 415, 422, 429],
    handler: Handler::phased::<Phases>(),
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInInput {
    pub email: Option<String>,
    pub password: Option<String>,
}

/// The phases: the body, parsed once, names what is read with the caller.
struct Phases;

impl Phased for Phases {
    type Input = SignInInput;

    fn parse(request: &Request) -> Result<SignInInput, OpError> {
        request.json()
    }

    fn plan(ctx: &Context, _request: &Request, input: &SignInInput) -> Vec<Key> {
        crate::operations::accounts::support::plans::tally_and_claim(
            ctx,
            crate::operations::attempts::SIGN_IN,
            input.email.as_deref(),
        )
    }

    fn run(ctx: &Context, request: Request, input: Result<SignInInput, OpError>) -> BoxFuture<'_> {
        Box::pin(run(ctx, request, input))
    }
}

async fn run(ctx: &Context, _request: Request, input: Result<SignInInput, OpError>) -> Outcome {
    let input = input?;
    let mut errors = ValidationErrors::default();
    let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
    let password = input.password.unwrap_or_default();
    if password.is_empty() {
        errors.push("password", FieldCode::Required);
    }
    let email = errors
        .finish(email)?
        .ok_or(AccountsError::InvalidCredentials)?;

    // Wrong passwords are limited per email, known or not alike.
    let tally = attempts::tally(ctx, attempts::SIGN_IN, email.as_str()).await?;
    if tally.exhausted() {
        return Err(AccountsError::TooManyAttempts.into());
    }
    let tokens = match ctx.directory.sign_in(email.as_str(), &password).await {
        Ok(tokens) => tokens,
        Err(DirectoryError::Disabled) => {
            return disabled_identity(ctx, email.as_str(), &password, tally.record()).await;
        }
        Err(error) => {
            let error = OpError::from(error);
            if matches!(error.refusal(), Some(AccountsError::InvalidCredentials)) {
                count(ctx, tally.record()).await?;
            }
            return Err(error);
        }
    };

    let person = person(ctx, email.as_str()).await?;
    if disabled_everywhere(statuses_of(&person)) {
        // The identity should have been disabled with her last membership
        // (or was, before the directory followed): close it now. She gave
        // the right password, so saying why reveals nothing to others.
        if let Err(error) = ctx.directory.sign_out_everywhere(email.as_str()).await {
            tracing::warn!(%error, "global sign-out failed");
        }
        if let Err(error) = ctx.directory.set_enabled(email.as_str(), false).await {
            tracing::warn!(%error, "could not disable the identity");
        }
        return Err(AccountsError::AccountDisabled.into());
    }

    // Record the last login (best effort: the sign-in stands).
    if let Some((account_id, memberships)) = &person
        && let Err(error) = record_login(ctx, account_id, memberships).await
    {
        tracing::warn!(%error, "could not record the last login");
    }
    tracing::info!(email = %email.redacted(), "signed in");
    Output::json(200, &tokens)
}

/// The account of an email and its memberships, when it has one.
async fn person(ctx: &Context, email: &str) -> Result<Option<(String, Vec<Membership>)>, OpError> {
    let Some(item) = ctx.store.get(&keys::email_claim(email)).await? else {
        return Ok(None);
    };
    let claim: EmailClaim = from_item(item)?;
    let memberships = memberships_of(ctx, &claim.account_id).await?;
    Ok(Some((claim.account_id, memberships)))
}

fn statuses_of(person: &Option<(String, Vec<Membership>)>) -> Vec<MembershipStatus> {
    person
        .iter()
        .flat_map(|(_, ms)| ms.iter().map(|m| m.status))
        .collect()
}

/// The directory refused a disabled identity, before checking the
/// password (Cognito does). When every membership of the person is
/// disabled, the password is checked with the identity enabled for this one
/// attempt, then it is disabled again and any session it opened is ended:
/// only whoever gave the right password learns that the account is
/// disabled; anyone else gets the usual answer, counted as a wrong password.
/// When a membership is active, the identity should not be disabled (the
/// directory missed an enable): it is enabled and the sign-in tried again.
async fn disabled_identity(ctx: &Context, email: &str, password: &str, wrong: Write) -> Outcome {
    let person = person(ctx, email).await?;
    let statuses = statuses_of(&person);
    if signs_in(statuses.iter().copied()) {
        ctx.directory.set_enabled(email, true).await?;
        return match ctx.directory.sign_in(email, password).await {
            Ok(tokens) => {
                if let Some((account_id, memberships)) = &person
                    && let Err(error) = record_login(ctx, account_id, memberships).await
                {
                    tracing::warn!(%error, "could not record the last login");
                }
                Output::json(200, &tokens)
            }
            Err(error) => {
                count(ctx, wrong).await?;
                Err(OpError::from(error))
            }
        };
    }
    if !disabled_everywhere(statuses) {
        // E.g. a registration not yet confirmed: the identity waits.
        count(ctx, wrong).await?;
        return Err(AccountsError::InvalidCredentials.into());
    }
    ctx.directory.set_enabled(email, true).await?;
    let attempt = ctx.directory.sign_in(email, password).await;
    let closed = ctx.directory.set_enabled(email, false).await;
    if let Err(error) = ctx.directory.sign_out_everywhere(email).await {
        tracing::warn!(%error, "global sign-out failed");
    }
    // Should a manager enable a membership meanwhile and this disable land
    // after hers, the identity is mended at the person's next sign-in (an
    // active membership and a disabled identity: enabled, tried again), so
    // no read again here (the call budget: two reads).
    closed?;
    match attempt {
        Ok(_) => Err(AccountsError::AccountDisabled.into()),
        Err(DirectoryError::InvalidCredentials | DirectoryError::Disabled) => {
            count(ctx, wrong).await?;
            Err(AccountsError::InvalidCredentials.into())
        }
        Err(error) => Err(error.into()),
    }
}

/// Counts a wrong password (alone in its transaction).
async fn count(ctx: &Context, wrong: Write) -> Result<(), OpError> {
    let mut commit = Commit::new();
    commit.push(wrong);
    commit.run(ctx).await
}

/// Sets `last_login_at` on the account and on each of its memberships, in
/// one transaction.
async fn record_login(
    ctx: &Context,
    account_id: &str,
    memberships: &[Membership],
) -> Result<(), OpError> {
    let mut set = serde_json::Map::new();
    set.insert(
        "last_login_at".into(),
        serde_json::to_value(ctx.clock.now()).unwrap_or_default(),
    );
    let mut commit = Commit::new();
    commit.push(Write::Update {
        key: keys::account(account_id),
        set: set.clone(),
        condition: Some(Condition::Exists),
    });
    for membership in memberships.iter().take(99) {
        commit.push(Write::Update {
            key: keys::membership(&membership.org_id, &membership.account_id),
            set: set.clone(),
            condition: Some(Condition::Exists),
        });
    }
    commit.run(ctx).await
}
