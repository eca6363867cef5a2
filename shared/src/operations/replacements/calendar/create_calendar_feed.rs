//! She makes her private calendar feed: a new secret address (256 random
//! bits), shown in this answer only; the one she had stops working. Two
//! at once: one wins, the other is told to try again (409).

use crate::domain::ids::{self, TOKEN_BYTES};
use crate::layout::records::{CalendarFeed, MemberCalendar, create, to_item};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::replacements::support::calendar::{
    CalendarFeedView, FEED_PATH, HOLDERS, current,
};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{Condition, Write};

pub const SPEC: OperationSpec = OperationSpec::named("create_calendar_feed")
    .post("/orgs/{org_id}/me/calendar")
    .access(Access::MemberAny(HOLDERS))
    .summary("Make the caller's private calendar feed (iCalendar) of her replacements: a new address, shown once; the previous one stops working")
    .answers(201, Body::of::<CalendarFeedView>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let previous = current(ctx, member).await?;
    let token = ids::encode_token(&ctx.random.bytes::<TOKEN_BYTES>());
    let now = ctx.clock.now();
    let feed = CalendarFeed {
        org_id: member.org_id().to_string(),
        account_id: member.account_id.clone(),
        token_hash: ids::token_hash(&token),
        created_at: now,
    };
    let mine = MemberCalendar(feed.clone());
    let mut commit = Commit::new();
    commit.push(create(&feed));
    match &previous {
        // Replaces the one read, and only it.
        Some(old) => {
            commit.push_or(
                Write::Put {
                    item: to_item(&mine),
                    condition: Some(Condition::Equals("token_hash", old.0.token_hash.clone())),
                },
                OpError::VersionConflict,
            );
            commit.push(Write::Delete {
                key: crate::layout::keys::calendar_feed(&old.0.token_hash),
                condition: None,
            });
        }
        None => {
            commit.push_or(create(&mine), OpError::VersionConflict);
        }
    }
    commit.push(
        Audit::at(
            ctx.new_id(),
            now,
            member.org_id(),
            &member.account_id,
            if previous.is_some() {
                "calendar.replaced"
            } else {
                "calendar.created"
            },
        )
        .target(&member.account_id)
        .write(),
    );
    commit.run(ctx).await?;
    let mut view = CalendarFeedView::of(Some(&mine));
    view.url = Some(format!(
        "{}{FEED_PATH}{token}.ics",
        ctx.settings.portal_url.trim_end_matches('/')
    ));
    Output::json(201, &view)
}
