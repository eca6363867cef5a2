//! Sign out this browser (public, by its cookie): the cookie's refresh
//! token is revoked (Cognito's `RevokeToken`: it and the access tokens it
//! issued) and the cookie removed. Without a cookie there is nothing to
//! end: the same answer.

use crate::operations::accounts::support::session::{self, REFRESH_COOKIE, SignedOut};
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, Table,
    run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("sign_out")
    .delete("/sessions")
    .access(Access::Public)
    .table(Table::Untouched)
    .directory(&[DirectoryCall::Revoke])
    .summary("Sign out this browser: its refresh token revoked, its session cookie removed")
    .answers(200, Body::of::<SignedOut>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    if let Some(refresh) = request
        .cookies
        .get(REFRESH_COOKIE)
        .filter(|v| session::is_cookie_safe(v))
    {
        ctx.directory.revoke(refresh).await?;
    }
    Ok(Output::json(200, &SignedOut { signed_out: true })?.with_cookie(session::cleared_cookie()))
}
