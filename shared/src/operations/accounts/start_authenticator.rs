//! Start enrolling an authenticator app (the person herself): the
//! directory's shared secret for her identity (Cognito's
//! `AssociateSoftwareToken`, with her own access token), and the
//! `otpauth://` URI the portal shows as a QR code. Nothing is on until a
//! first code confirms it (`confirm_authenticator`).

use crate::domain::accounts::mfa;
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::factors;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, Table,
    run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("start_authenticator")
    .post("/me/authenticator")
    .access(Access::Authenticated)
    .table(Table::Reads)
    .directory(&[DirectoryCall::EnrolTotp])
    .summary("Start enrolling an authenticator app: its secret and otpauth URI (for the QR code)")
    .answers(200, Body::of::<AuthenticatorSecret>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct AuthenticatorSecret {
    /// The shared secret (base32), for typing into the app by hand.
    pub secret: String,
    /// `otpauth://totp/…`: what the QR code holds.
    pub otpauth_uri: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let (account, token) = factors::caller_account(ctx, &request).await?;
    if account.mfa.on() {
        return Err(AccountsError::MfaAlreadyOn.into());
    }
    let secret = ctx.directory.start_totp(token).await?;
    Output::json(
        200,
        &AuthenticatorSecret {
            otpauth_uri: mfa::otpauth_uri(&secret, &account.email),
            secret,
        },
    )
}
