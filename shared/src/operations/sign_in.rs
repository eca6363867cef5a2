//! Sign in (public): email and password against the directory; answers the
//! directory's tokens and records the last login. A wrong password and an
//! unknown email get the very same answer.

use super::{Access, Body, BoxFuture, Context, OpError, OperationSpec, Outcome, Output, Request};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::validate::Email;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, from_item};
use crate::ports::{Condition, SessionTokens, Write};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "sign_in",
    method: "POST",
    path: "/sessions",
    access: Access::Public,
    summary: "Sign in with email and password; returns the session tokens",
    request: Some(Body::of::<SignInInput>()),
    success: (200, Body::of::<SessionTokens>()),
    problems: &[401, 413, 415, 422],
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

    let tokens = ctx.directory.sign_in(email.as_str(), &password).await?;

    // Record the last login on the account (best effort: the sign-in stands).
    if let Ok(Some(item)) = ctx.store.get(&keys::email_claim(email.as_str())).await
        && let Ok(claim) = from_item::<EmailClaim>(item)
    {
        let mut set = serde_json::Map::new();
        set.insert(
            "last_login_at".into(),
            serde_json::to_value(ctx.clock.now()).unwrap_or_default(),
        );
        let write = Write::Update {
            key: keys::account(&claim.account_id),
            set,
            condition: Some(Condition::Exists),
        };
        if let Err(error) = ctx.store.transact(vec![write]).await {
            tracing::warn!(%error, "could not record the last login");
        }
    }
    tracing::info!(email = %email.redacted(), "signed in");
    Output::json(200, &tokens)
}
