//! Delete a member (DESIGN §5.10): the membership goes; when it was the
//! person's last one, the account, its email claim and its directory
//! identity go too, freeing the email; when the memberships left include
//! no active one, the person is signed out everywhere (and her identity
//! disabled), as disabling her last active membership would. Audit events
//! stay.

use crate::domain::accounts::account::Account;
use crate::domain::people::membership::MembershipStatus;
use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{
    audit, drop_link, guard_counters, managed_target,
};
use crate::operations::people::support::plans;
use crate::operations::reads::memberships_of;
use crate::operations::{
    Access, Body, Context, DirectoryCall, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{Condition, Write};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("delete_user")
    .delete("/orgs/{org_id}/users/{user_id}")
    .access(Access::Member(Permission::ManageUsers))
    .directory(&[
        DirectoryCall::DeleteIdentity,
        DirectoryCall::Disable,
        DirectoryCall::SignOutEverywhere,
    ])
    .summary("Delete a member; the account and its identity go with its last membership")
    .answers(200, Body::of::<Deleted>())
    .problems(&[409])
    .handler(Handler::plan(plans::target_user_and_account, run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    pub id: String,
    pub status: MembershipStatus,
    /// True when this was the person's last membership: the account and
    /// its sign-in identity were removed and the email is free again.
    pub account_removed: bool,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let (member, current, org) = managed_target(ctx, &request).await?;
    current
        .status
        .apply(crate::domain::people::membership::Transition::Delete)?;
    let mut commit = Commit::new();
    commit.push(Write::Delete {
        key: keys::membership(&org.id, &current.account_id),
        condition: Some(Condition::VersionIs(current.version)),
    });
    guard_counters(&mut commit, &org.id, &current, None);
    drop_link(&mut commit, &current);
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        "user.deleted",
        &current,
        json!({"status": {"before": current.status, "after": "deleted"}}),
    ));
    let others = memberships_of(ctx, &current.account_id).await?;
    let last = !others
        .iter()
        .any(|m| m.org_id != org.id && m.status != MembershipStatus::Deleted);
    let mut identity = None;
    if last && let Some(item) = ctx.store.get(&keys::account(&current.account_id)).await? {
        let account: Account = from_item(item)?;
        commit.push(Write::Delete {
            key: keys::account(&account.id),
            condition: None,
        });
        commit.push(Write::Delete {
            key: keys::email_claim(&account.email),
            condition: None,
        });
        if let Some(sub) = &account.identity {
            commit.push(Write::Delete {
                key: keys::identity(sub),
                condition: None,
            });
        }
        identity = account.identity.map(|_| account.email);
    }
    let still_active = others
        .iter()
        .any(|m| m.org_id != org.id && m.status == MembershipStatus::Active);
    commit.run(ctx).await?;
    if !last && !still_active && !current.email.is_empty() {
        match ctx.directory.set_enabled(&current.email, false).await {
            Ok(()) | Err(crate::ports::DirectoryError::InvalidCredentials) => {}
            Err(error) => tracing::warn!(%error, "could not disable the identity"),
        }
        match ctx.directory.sign_out_everywhere(&current.email).await {
            Ok(()) | Err(crate::ports::DirectoryError::InvalidCredentials) => {}
            Err(error) => tracing::warn!(%error, "global sign-out failed"),
        }
    }
    if let Some(email) = identity
        && let Err(error) = ctx.directory.delete_identity(&email).await
    {
        // The records are gone; a leftover identity is reused by the next
        // activation of this email, so nothing is stuck.
        tracing::warn!(%error, "could not delete the directory identity");
    }
    tracing::info!(org = %org.id, user = %current.account_id, last, "user deleted");
    Output::json(
        200,
        &Deleted {
            id: current.account_id,
            status: MembershipStatus::Deleted,
            account_removed: last,
        },
    )
}
