//! The employee asks to sign in with another email: a single-use link goes
//! to the new address; nothing changes until it is opened
//! (`confirm_login_email`).

use crate::domain::accounts::invitation::TokenPurpose;
use crate::domain::employee_space::emails;
use crate::domain::employee_space::employee::Feature;
use crate::domain::errors::ValidationErrors;
use crate::domain::people::permission::Permission;
use crate::domain::validate::Email;
use crate::layout::employee::EmailChange;
use crate::layout::records::create;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::reads::account_by_email;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, outbox,
    run_fn, tokens,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How long the verification link works.
const VALIDITY_HOURS: i64 = 24;

pub const SPEC: OperationSpec = OperationSpec::named("change_login_email")
    .post("/orgs/{org_id}/me/email")
    .access(Access::Member(Permission::EditOwnProfile))
    .summary("Ask to sign in with a new email: a verification link goes to it; the change takes effect when it is opened")
    .takes(Body::of::<NewEmail>())
    .answers(202, Body::of::<EmailChangePending>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEmail {
    pub email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmailChangePending {
    /// The address the link went to.
    pub email: String,
    pub expires_at: jiff::Timestamp,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::PersonalInfo)?;
    let input: NewEmail = request.json()?;
    let mut errors = ValidationErrors::default();
    let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
    let email = errors.finish(email)?.ok_or(OpError::NotFound)?;
    if account_by_email(ctx, email.as_str()).await?.is_some() {
        return Err(crate::operations::people::errors::PeopleError::EmailTaken.into());
    }
    let (token, stored) = tokens::mint(
        ctx,
        TokenPurpose::EmailChange,
        member.org_id(),
        &member.account_id,
        jiff::SignedDuration::from_hours(VALIDITY_HOURS),
    );
    let link = format!("{}/confirm-email#token={token}", ctx.settings.portal_url);
    let locale = member
        .membership
        .locale
        .unwrap_or(member.org.settings.locale);
    let content = emails::email_change(
        locale,
        &member.membership.first_name,
        &link,
        stored.token.expires_at,
        &member.org.settings.time_zone,
    );
    let message = outbox::message(ctx, Some(member.org_id()), email.as_str(), content);
    let mut commit = Commit::new();
    commit
        .push(create(&EmailChange {
            token_hash: stored.hash.clone(),
            account_id: member.account_id.clone(),
            org_id: member.org_id().to_string(),
            new_email: email.as_str().to_string(),
        }))
        .push(create(&stored))
        .push(create(&message))
        .push(
            Audit::new(
                ctx,
                member.org_id(),
                &member.account_id,
                "login_email.change_requested",
            )
            .target(&member.account_id)
            .set("email", email.redacted())
            .write(),
        );
    commit.run(ctx).await?;
    Output::json(
        202,
        &EmailChangePending {
            email: email.as_str().to_string(),
            expires_at: stored.token.expires_at,
        },
    )
}
