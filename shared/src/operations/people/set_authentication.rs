//! A manager (or `manage_users` over her) sets a member's authentication
//! mode (seed 003, "le mode d'authentification"): none (the organisation's
//! policy decides), a code by SMS, or an authenticator app, and the
//! authentication phone her SMS set-up offers (she confirms it herself with
//! a texted code, so a number typed wrong texts nobody's codes). The person is
//! told by email; until she has that factor on, every route of this
//! organisation answers 403 `mfa-enrolment-required`, and the portal opens
//! its set-up at her next sign-in. Optimistic locking by version; audited
//! (`user.authentication_set`) in the same transaction.

use crate::domain::accounts::emails;
use crate::domain::accounts::mfa::{self, Method};
use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::MembershipStatus;
use crate::domain::people::permission::Permission;
use crate::layout::records::{create, replace};
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{audit, managed_target};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, outbox, run_fn,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("set_authentication")
    .put("/orgs/{org_id}/users/{user_id}/authentication")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Set a member's authentication mode (none, sms or totp) and authentication phone; she is emailed and sets it up at her next sign-in; audited")
    .takes(Body::of::<AuthenticationMode>())
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::plan(plans::target_user, run_fn!(run)));

/// The mode to set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthenticationMode {
    /// `none`, `sms` or `totp` (required).
    pub mode: Option<ModeInput>,
    /// The authentication phone (a mobile number; empty: none). Absent:
    /// unchanged.
    pub phone: Option<String>,
    /// The version the manager saw (required).
    pub version: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModeInput {
    None,
    Sms,
    Totp,
}

impl ModeInput {
    fn method(self) -> Option<Method> {
        match self {
            ModeInput::None => None,
            ModeInput::Sms => Some(Method::Sms),
            ModeInput::Totp => Some(Method::Totp),
        }
    }
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let input: AuthenticationMode = request.json()?;
    let mut errors = ValidationErrors::default();
    if input.mode.is_none() {
        errors.push("mode", FieldCode::Required);
    }
    if input.version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    let phone = match input.phone.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(typed) => match mfa::sms_phone(typed) {
            Some(phone) => Some(Some(phone)),
            None => {
                errors.push("phone", FieldCode::InvalidPhone);
                None
            }
        },
    };
    errors.finish(())?;
    let (Some(mode), Some(version)) = (input.mode, input.version) else {
        return Err(crate::operations::OpError::Internal(
            "validated fields missing".into(),
        ));
    };
    let (member, target, org) = managed_target(ctx, &request).await?;
    if version != target.version {
        return Err(crate::operations::OpError::VersionConflict);
    }
    let method = mode.method();
    let auth_phone = phone.unwrap_or_else(|| target.auth_phone.clone());
    if method == target.mfa_mode && auth_phone == target.auth_phone {
        // Nothing changes: nothing written, nobody emailed.
        return Output::json(
            200,
            &UserView::new(&target, None, None).requiring(&target, &org),
        );
    }
    let now = ctx.clock.now();
    let mut next = target.clone();
    next.mfa_mode = method;
    next.auth_phone = auth_phone.clone();
    next.updated_at = now;
    next.version = target.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, target.version));
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        "user.authentication_set",
        &target,
        // The phone by its last four digits only, as every screen shows it.
        json!({
            "mfa_mode": {"before": target.mfa_mode, "after": method},
            "auth_phone": {
                "before": target.auth_phone.as_deref().map(mfa::last_four),
                "after": auth_phone.as_deref().map(mfa::last_four),
            },
        }),
    ));
    // Told when she can sign in (an invited person sets it up when she
    // first signs in after her activation, as the portal guides her).
    // Emailed when the mode changes (a phone alone is hers to confirm).
    if method != target.mfa_mode
        && target.status == MembershipStatus::Active
        && !target.email.is_empty()
    {
        let locale = target.locale.unwrap_or(org.settings.locale);
        let content = emails::authentication_mode_set(
            locale,
            &org.name,
            &target.first_name,
            method,
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
    tracing::info!(org = %org.id, user = %target.account_id, "authentication mode set");
    Output::json(
        200,
        &UserView::new(&next, None, None).requiring(&next, &org),
    )
}
