//! A manager resets a member's two-step verification (she lost her phone,
//! say): her authenticator app is switched off in the directory, her
//! recovery codes are dropped, her sessions are ended, she is emailed, and
//! the reset is audited (`user.mfa_reset`) in the same transaction. If her
//! mode or the organisation's policy requires a second factor, she sets it
//! up again at her next sign-in (until then every organisation route
//! answers 403 `mfa-enrolment-required`). Only managers may do it: it is
//! what stands between a stolen password and the account.

use crate::domain::accounts::account::Account;
use crate::domain::accounts::emails;
use crate::domain::accounts::mfa::{Method, Mfa};
use crate::layout::keys;
use crate::layout::records::{create, from_item};
use crate::operations::accounts::support::factors;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{audit, managed_target};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OpError, OperationSpec, Outcome, Output,
    Request, Table, outbox, run_fn,
};
use crate::ports::DirectoryError;
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("reset_mfa")
    .post("/orgs/{org_id}/users/{user_id}/mfa/reset")
    .access(Access::Manager)
    .table(Table::ReadsAndUpdates)
    .directory(&[DirectoryCall::SetFactor, DirectoryCall::SignOutEverywhere])
    .summary("Reset a member's two-step verification (authenticator app off, recovery codes dropped, sessions ended); she is emailed; audited")
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::plan(plans::target_user_and_account, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let (member, target, org) = managed_target(ctx, &request).await?;
    let account: Account = from_item(
        ctx.store
            .get(&keys::account(&target.account_id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    let (_, memberships) =
        crate::operations::reads::account_with_memberships(ctx, &target.account_id).await?;
    let cleared = Mfa::default();
    let mut commit = Commit::new();
    // Sésame's record first: should the directory fail next, sign-in still
    // asks for the old app while every route asks for a new one, and the
    // reset, tried again, completes.
    for write in factors::set(&account, &memberships, &cleared)? {
        commit.push(write);
    }
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        "user.mfa_reset",
        &target,
        json!({
            "authenticator": {"before": account.mfa.totp, "after": false},
            "sms": {"before": account.mfa.sms, "after": false},
            "recovery_codes": {"before": account.mfa.recovery.len(), "after": 0},
        }),
    ));
    if !target.email.is_empty() {
        let locale = target.locale.unwrap_or(org.settings.locale);
        let content = emails::mfa_reset(
            locale,
            &org.name,
            &target.first_name,
            &ctx.settings.portal_url,
        );
        commit.push(create(&outbox::message(
            ctx,
            Some(&org.id),
            &target.email,
            content,
        )));
    }
    commit.run(ctx).await?;
    for result in [
        ctx.directory
            .set_factor(&account.email, Method::Totp, false)
            .await,
        ctx.directory
            .set_factor(&account.email, Method::Sms, false)
            .await,
        ctx.directory.sign_out_everywhere(&account.email).await,
    ] {
        match result {
            // Never activated: no identity, nothing to switch off.
            Ok(()) | Err(DirectoryError::InvalidCredentials) => {}
            Err(error) => return Err(error.into()),
        }
    }
    tracing::info!(org = %org.id, user = %target.account_id, "two-step verification reset");
    let mut next = target.clone();
    next.mfa_on = false;
    Output::json(
        200,
        &UserView::new(&next, None, None).requiring(&next, &org),
    )
}
