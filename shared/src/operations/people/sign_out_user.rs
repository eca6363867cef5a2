//! Sign a member out everywhere (a manager, or `manage_users` over her):
//! every refresh token of the person's identity is revoked (Cognito's
//! global sign-out), so no browser or device of hers gets a new access
//! token; audited (`user.signed_out`). Her access tokens already issued
//! lapse within their lifetime (15 minutes); to stop her at once, disable
//! the membership (refused on the very next request).

use crate::domain::people::permission::Permission;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{audit, managed_target};
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::DirectoryError;
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec::named("sign_out_user")
    .post("/orgs/{org_id}/users/{user_id}/sign-out")
    .access(Access::Member(Permission::ManageUsers))
    .directory(&[DirectoryCall::SignOutEverywhere])
    .summary("Sign a member out everywhere (every session of the person ended), audited")
    .answers(200, Body::of::<UserView>())
    .handler(Handler::plan(plans::target_user, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let (member, target, org) = managed_target(ctx, &request).await?;
    let mut commit = Commit::new();
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        "user.signed_out",
        &target,
        json!({"sessions": {"before": "open", "after": "ended"}}),
    ));
    commit.run(ctx).await?;
    match ctx.directory.sign_out_everywhere(&target.email).await {
        // Never activated: no identity, no session to end.
        Ok(()) | Err(DirectoryError::InvalidCredentials) => {}
        Err(error) => return Err(error.into()),
    }
    tracing::info!(org = %org.id, user = %target.account_id, "signed out everywhere");
    Output::json(200, &UserView::new(&target, None, None))
}
