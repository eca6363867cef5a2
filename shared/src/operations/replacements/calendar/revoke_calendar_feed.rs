//! She revokes her calendar feed: its address stops working at once
//! (calendar applications subscribed to it get 404 and show nothing new).

use crate::layout::keys;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::replacements::support::calendar::{CalendarFeedView, HOLDERS, current};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{Condition, Write};

pub const SPEC: OperationSpec = OperationSpec::named("revoke_calendar_feed")
    .delete("/orgs/{org_id}/me/calendar")
    .access(Access::MemberAny(HOLDERS))
    .summary("Revoke the caller's calendar feed: its address stops working")
    .answers(200, Body::of::<CalendarFeedView>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let Some(old) = current(ctx, member).await? else {
        return Output::json(200, &CalendarFeedView::of(None));
    };
    let now = ctx.clock.now();
    let mut commit = Commit::new();
    commit
        .push_or(
            Write::Delete {
                key: keys::calendar_of(member.org_id(), &member.account_id),
                condition: Some(Condition::Equals("token_hash", old.0.token_hash.clone())),
            },
            OpError::VersionConflict,
        )
        .push(Write::Delete {
            key: keys::calendar_feed(&old.0.token_hash),
            condition: None,
        })
        .push(
            Audit::at(
                ctx.new_id(),
                now,
                member.org_id(),
                &member.account_id,
                "calendar.revoked",
            )
            .target(&member.account_id)
            .write(),
        );
    commit.run(ctx).await?;
    Output::json(200, &CalendarFeedView::of(None))
}
