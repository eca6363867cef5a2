//! Sign out everywhere (the person herself): every refresh token of her
//! identity is revoked (Cognito's global sign-out), so no browser or device
//! gets a new access token; this browser's cookie is removed. Access
//! tokens already issued lapse within their lifetime (15 minutes); the
//! portal's other tabs sign out at once.

use crate::domain::accounts::account::Account;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::accounts::support::session::{self, SignedOut};
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Output,
    Request, Table, run_fn,
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
    let account_id = request
        .account_id
        .as_deref()
        .ok_or(OpError::Unauthenticated)?;
    let account: Account = from_item(
        ctx.store
            .get(&keys::account(account_id))
            .await?
            .ok_or(OpError::Unauthenticated)?,
    )?;
    ctx.directory.sign_out_everywhere(&account.email).await?;
    tracing::info!(account = %account.id, "signed out everywhere");
    Ok(Output::json(200, &SignedOut { signed_out: true })?.with_cookie(session::cleared_cookie()))
}
