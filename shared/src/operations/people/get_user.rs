//! One user of an organisation, for its managers: the record, its status
//! and invitation state (with the last delivery outcome), last login.

use crate::domain::accounts::account::Account;
use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::layout::records::{OutboxMessage, from_item};
use crate::operations::people::support::lifecycle::load_user;
use crate::operations::people::support::plans;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("get_user")
    .get("/orgs/{org_id}/users/{user_id}")
    .access(Access::Member(Permission::ManageUsers))
    .summary("One user of the organisation")
    .answers(200, Body::of::<UserView>())
    .handler(Handler::plan(plans::target_user, run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let (membership, org) = load_user(ctx, member.org_id(), request.param("user_id")?).await?;
    if !member
        .access()
        .may_manage(&membership.grants, membership.manager)
    {
        return Err(OpError::Forbidden);
    }
    let mut keys_to_read = vec![keys::account(&membership.account_id)];
    if let Some(invitation) = &membership.invitation {
        keys_to_read.push(keys::outbox(&invitation.outbox_id));
    }
    let found = ctx.store.get_many(&keys_to_read).await?;
    let mut found = found.into_iter();
    let account: Option<Account> = found.next().flatten().map(from_item).transpose()?;
    let outbox: Option<OutboxMessage> = found.next().flatten().map(from_item).transpose()?;
    Output::json(
        200,
        &UserView::new(&membership, account.as_ref(), outbox.as_ref()).requiring(&membership, &org),
    )
}
