//! Appointing and removing managers. An organisation always keeps at least
//! one active manager: the demotion's counter write carries the condition,
//! in the same transaction, so two managers demoting each other at the same
//! moment cannot both succeed.

use crate::layout::records::replace;
use crate::operations::commit::Commit;
use crate::operations::people::support::lifecycle::{audit, guard_counters, managed_user};
use crate::operations::views::UserView;
use crate::operations::{Access, Body, Context, Outcome, Output, Request};
use serde_json::json;

pub(crate) const ACCESS: Access = Access::Manager;
pub(crate) const BODY: Body = Body::of::<UserView>();
pub(crate) const PROBLEMS: &[u16] = &[401, 403, 404, 409];

pub(crate) async fn set(ctx: &Context, request: Request, manager: bool) -> Outcome {
    let member = request.member()?;
    let (current, org) = managed_user(ctx, member, request.param("user_id")?).await?;
    if current.manager == manager {
        return Output::json(200, &UserView::new(&current, None, None));
    }
    let mut next = current.clone();
    next.manager = manager;
    next.updated_at = ctx.clock.now();
    next.version = current.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version));
    guard_counters(&mut commit, &org.id, &current, Some(&next));
    commit.push(audit(
        ctx,
        &org.id,
        &member.account_id,
        if manager {
            "manager.appointed"
        } else {
            "manager.removed"
        },
        &current,
        json!({"manager": {"before": current.manager, "after": manager}}),
    ));
    commit.run(ctx).await?;
    Output::json(200, &UserView::new(&next, None, None))
}
