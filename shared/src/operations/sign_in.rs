//! Sign in (public): email and password against the directory; answers the
//! directory's tokens and records the last login. A wrong password and an
//! unknown email get the very same answer; past 5 wrong passwords in 15
//! minutes for one email, known or not, every attempt is a 429.

use super::{
    Access, Body, BoxFuture, Context, OpError, OperationSpec, Outcome, Output, Request, attempts,
};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::membership::Membership;
use crate::domain::validate::Email;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, from_item};
use crate::ports::{Condition, GSI1, Query, SessionTokens, Write};
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
    problems: &[401, 413, 415, 422, 429],
    ahead: Some(super::prefetch::sign_in),
    handler,
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInInput {
    pub email: Option<String>,
    pub password: Option<String>,
}

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: SignInInput = request.json()?;
    let mut errors = ValidationErrors::default();
    let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
    let password = input.password.unwrap_or_default();
    if password.is_empty() {
        errors.push("password", FieldCode::Required);
    }
    let email = errors.finish(email)?.ok_or(OpError::InvalidCredentials)?;

    // Wrong passwords are limited per email, known or not alike.
    let tally = attempts::tally(ctx, attempts::SIGN_IN, email.as_str()).await?;
    if tally.exhausted() {
        return Err(OpError::TooManyAttempts);
    }
    let tokens = match ctx.directory.sign_in(email.as_str(), &password).await {
        Ok(tokens) => tokens,
        Err(error) => {
            let error = OpError::from(error);
            if matches!(error, OpError::InvalidCredentials) {
                ctx.store.transact(vec![tally.record()]).await?;
            }
            return Err(error);
        }
    };

    // Record the last login (best effort: the sign-in stands).
    if let Err(error) = record_login(ctx, email.as_str()).await {
        tracing::warn!(%error, "could not record the last login");
    }
    tracing::info!(email = %email.redacted(), "signed in");
    Output::json(200, &tokens)
}

/// Sets `last_login_at` on the account and on each of its memberships, in
/// one transaction.
async fn record_login(ctx: &Context, email: &str) -> Result<(), OpError> {
    let Some(item) = ctx.store.get(&keys::email_claim(email)).await? else {
        return Ok(());
    };
    let claim: EmailClaim = from_item(item)?;
    let page = ctx
        .store
        .query(Query {
            index: Some(GSI1),
            pk: keys::account_memberships(&claim.account_id),
            sk_prefix: Some(keys::MEMBERSHIPS_SORT_PREFIX.into()),
            forward: true,
            ..Query::default()
        })
        .await?;
    let mut set = serde_json::Map::new();
    set.insert(
        "last_login_at".into(),
        serde_json::to_value(ctx.clock.now()).unwrap_or_default(),
    );
    let mut writes = vec![Write::Update {
        key: keys::account(&claim.account_id),
        set: set.clone(),
        condition: Some(Condition::Exists),
    }];
    for item in page.items.into_iter().take(99) {
        let membership: Membership = from_item(item)?;
        writes.push(Write::Update {
            key: keys::membership(&membership.org_id, &membership.account_id),
            set: set.clone(),
            condition: Some(Condition::Exists),
        });
    }
    ctx.store.transact(writes).await?;
    Ok(())
}
