//! Start receiving codes by SMS (the person herself): the mobile number she
//! types becomes her identity's authentication phone and the directory
//! texts it a code (Cognito's `GetUserAttributeVerificationCode`, with her
//! own access token). Nothing is on until that code confirms the phone
//! (`confirm_sms`). Texts are limited (5 per hour per account): each costs.

use crate::domain::accounts::mfa::{self, Mfa};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::operations::accounts::errors::AccountsError;
use crate::operations::accounts::support::factors;
use crate::operations::commit::Commit;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, Table,
    attempts, run_fn,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("start_sms")
    .post("/me/sms")
    .access(Access::Authenticated)
    .table(Table::ReadsAndUpdates)
    .directory(&[DirectoryCall::EnrolSms])
    .summary("Start receiving codes by SMS: the mobile number is texted a code that confirms it")
    .takes(Body::of::<SmsPhone>())
    .answers(200, Body::of::<SmsSent>())
    .problems(&[409, 429])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SmsPhone {
    /// The mobile number (`514 555-0123`, `+33 6 12 34 56 78`).
    pub phone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SmsSent {
    /// The last four digits of the number the code went to.
    pub phone_ends_with: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: SmsPhone = request.json()?;
    let Some(phone) = input.phone.as_deref().and_then(mfa::sms_phone) else {
        let mut errors = ValidationErrors::default();
        errors.push("phone", FieldCode::InvalidPhone);
        return Err(errors.into());
    };
    let (account, token) = factors::caller_account(ctx, &request).await?;
    if account.mfa.on() {
        return Err(AccountsError::MfaAlreadyOn.into());
    }
    let tally = attempts::tally(ctx, attempts::TEXTS, &account.id).await?;
    if tally.exhausted() {
        return Err(AccountsError::TooManyAttempts.into());
    }
    ctx.directory
        .start_sms(token, &account.email, &phone)
        .await?;
    // The number kept, unconfirmed, for the confirmation (no membership's
    // mirror changes: nothing is on yet).
    let next = Mfa {
        phone: Some(phone.clone()),
        ..account.mfa.clone()
    };
    let mut commit = Commit::new();
    commit.push(tally.record());
    for write in factors::set(&account, &[], &next)? {
        commit.push(write);
    }
    commit.run(ctx).await?;
    tracing::info!(account = %account.id, "enrolment code texted");
    Output::json(
        200,
        &SmsSent {
            phone_ends_with: mfa::last_four(&phone),
        },
    )
}
