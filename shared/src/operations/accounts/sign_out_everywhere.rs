//! Sign out everywhere (the person herself): every refresh token of her
//! identity is revoked (Cognito's global sign-out), so no browser or device
//! gets a new access token; this browser's cookie is removed. Access
//! tokens already issued lapse within their lifetime (15 minutes); the
//! portal's other tabs sign out at once.

use crate::operations::accounts::support::factors;
use crate::operations::accounts::support::session::{self, SignedOut};
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, Table,
    run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("sign_out_everywhere")
    .delete("/sessions/all")
    .access(Access::Authenticated)
    .table(Table::Reads)
    .directory(&[DirectoryCall::SignOutEverywhere])
    .summary("Sign out everywhere: every session of the caller ended")
    .answers(200, Body::of::<SignedOut>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let (account, _) = factors::caller_account(ctx, &request).await?;
    ctx.directory.sign_out_everywhere(&account.email).await?;
    tracing::info!(account = %account.id, "signed out everywhere");
    Ok(Output::json(200, &SignedOut { signed_out: true })?.with_cookie(session::cleared_cookie()))
}
