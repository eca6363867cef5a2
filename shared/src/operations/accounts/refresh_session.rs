//! Refresh the session (public, by its cookie): the refresh token of the
//! `HttpOnly` session cookie for a new access token, so the portal stays
//! signed in past the access token's lifetime, in every tab, without the
//! person noticing. No cookie, or a revoked or expired one (signed out
//! everywhere, disabled): 401 `session-ended` (the stale cookie is
//! harmless: it opens nothing, and the next sign-in replaces it).

use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::session::{self, REFRESH_COOKIE, Session};
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Request, Table,
    run_fn,
};
use crate::ports::DirectoryError;

pub const SPEC: OperationSpec = OperationSpec::named("refresh_session")
    .post("/sessions/refresh")
    .access(Access::Public)
    .table(Table::Untouched)
    .directory(&[DirectoryCall::Refresh])
    .summary("A new access token for the session cookie's refresh token")
    .answers(200, Body::of::<Session>())
    .problems(&[401])
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let refresh = request
        .cookies
        .get(REFRESH_COOKIE)
        .filter(|v| session::is_cookie_safe(v))
        .ok_or(AccountsError::SessionEnded)?;
    match ctx.directory.refresh(refresh).await {
        Ok(mut tokens) => {
            // Cognito answers a new refresh token only when it rotates them.
            if tokens.refresh_token.as_deref() == Some(refresh.as_str()) {
                tokens.refresh_token = None;
            }
            session::answer(200, &tokens)
        }
        Err(DirectoryError::Unavailable(m)) => Err(OpError::Unavailable(m)),
        Err(_) => Err(AccountsError::SessionEnded.into()),
    }
}
