//! Confirm the authenticator app with a first code (the person herself):
//! the directory checks it (`VerifySoftwareToken`) and makes the app the
//! factor sign-in asks for; Sésame marks it on and answers ten one-time
//! recovery codes, shown this once and kept only as Argon2id hashes. Wrong
//! codes are limited as wrong passwords are (5 per 15 minutes).

use crate::domain::accounts::account::Account;
use crate::domain::accounts::mfa::{self, Mfa};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::factors::{self, RecoveryCodes};
use crate::operations::commit::Commit;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Output,
    Request, Table, attempts, run_fn,
};
use crate::ports::DirectoryError;
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("confirm_authenticator")
    .post("/me/authenticator/confirm")
    .access(Access::Authenticated)
    .table(Table::ReadsAndUpdates)
    .directory(&[DirectoryCall::EnrolTotp])
    .summary("Confirm the authenticator app with a first code; answers the recovery codes, once")
    .takes(Body::of::<ConfirmAuthenticator>())
    .answers(200, Body::of::<RecoveryCodes>())
    .problems(&[409, 429])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmAuthenticator {
    /// The six-digit code the app shows.
    pub code: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: ConfirmAuthenticator = request.json()?;
    let account_id = request
        .account_id
        .as_deref()
        .ok_or(OpError::Unauthenticated)?;
    let token = request.bearer.as_deref().ok_or(OpError::Unauthenticated)?;
    let Some(code) = input.code.as_deref().and_then(mfa::totp_code) else {
        let mut errors = ValidationErrors::default();
        errors.push("code", FieldCode::InvalidValue);
        return Err(errors.into());
    };
    let tally = attempts::tally(ctx, attempts::ENROL, account_id).await?;
    if tally.exhausted() {
        return Err(AccountsError::TooManyAttempts.into());
    }
    // The account and its memberships (whose mirror of the factor is
    // set too): one Query.
    let (account, memberships) =
        crate::operations::reads::account_with_memberships(ctx, account_id).await?;
    let account: Account = account.ok_or(OpError::Unauthenticated)?;
    if account.mfa.on() {
        return Err(AccountsError::MfaAlreadyOn.into());
    }
    match ctx.directory.confirm_totp(token, &code).await {
        Ok(()) => {}
        Err(DirectoryError::WrongCode) => {
            let mut commit = Commit::new();
            commit.push(tally.record());
            commit.run(ctx).await?;
            let mut errors = ValidationErrors::default();
            errors.push("code", FieldCode::InvalidValue);
            return Err(errors.into());
        }
        Err(error) => return Err(error.into()),
    }
    let (codes, recovery) = factors::recovery_codes(ctx)?;
    let mfa = Mfa {
        totp: true,
        recovery,
        ..Mfa::default()
    };
    let mut commit = Commit::new();
    for write in factors::set(&account, &memberships, &mfa)? {
        commit.push(write);
    }
    commit.run(ctx).await?;
    tracing::info!(account = %account.id, "authenticator app on");
    Output::json(200, &codes)
}
