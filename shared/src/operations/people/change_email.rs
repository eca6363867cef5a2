//! "Change email and resend" (seed 002): for a pending invitation, cancel +
//! fix the address + send again, in one transaction. The old link dies; the
//! new one goes to the new address.

use crate::domain::errors::ValidationErrors;
use crate::domain::people::membership::MembershipStatus;
use crate::domain::people::permission::Permission;
use crate::domain::validate::Email;
use crate::operations::commit::Commit;
use crate::operations::people::errors::PeopleError;
use crate::operations::people::support::lifecycle::{
    audit, invite_after, managed_user, move_email,
};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("change_email")
    .post("/orgs/{org_id}/users/{user_id}/email")
    .access(Access::Member(Permission::ManageUsers))
    .summary(
        "Change the email of a user not yet activated and send the invitation again, in one step",
    )
    .takes(Body::of::<ChangeEmailInput>())
    .answers(200, Body::of::<UserView>())
    .problems(&[409])
    .handler(Handler::plan(plans::target_user_and_account, run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailInput {
    pub email: Option<String>,
    /// The version the manager saw; a stale one answers 409.
    pub version: Option<u64>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: ChangeEmailInput = request.json()?;
    let mut errors = ValidationErrors::default();
    let email = errors.take("email", Email::parse(input.email.as_deref().unwrap_or("")));
    let email = errors
        .finish(email)?
        .ok_or(OpError::Internal("email".into()))?;
    let (current, org) = managed_user(ctx, member, request.param("user_id")?).await?;
    if input.version.is_some_and(|v| v != current.version) {
        return Err(OpError::VersionConflict);
    }
    if !matches!(
        current.status,
        MembershipStatus::Draft | MembershipStatus::Invited
    ) {
        return Err(PeopleError::EmailManagedByPerson.into());
    }
    let mut commit = Commit::new();
    if email.as_str() != current.email {
        // The new claim's failed condition: the email is taken.
        move_email(ctx, &current, email.as_str(), &mut commit).await?;
    }
    let mut edited = current.clone();
    edited.email = email.as_str().to_string();
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        "user.email_changed",
        &current,
        json!({"email": {"before": current.email, "after": edited.email}}),
    ));
    let prepared = invite_after(ctx, &org, &edited, &member.account_id, commit)?;
    prepared.commit.run(ctx).await?;
    let delivered = crate::domain::accounts::invitation::DeliveryStatus::Pending;
    let mut view = UserView::new(&prepared.next, None, None);
    if let Some(inv) = view.invitation.as_mut() {
        inv.delivery = Some(delivered);
    }
    Output::json(200, &view)
}
