//! Whether she has a calendar feed, and since when (its address is shown
//! only when made).

use crate::operations::replacements::support::calendar::{CalendarFeedView, HOLDERS, current};
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("get_calendar_feed")
    .get("/orgs/{org_id}/me/calendar")
    .access(Access::MemberAny(HOLDERS))
    .summary("Whether the caller has a private calendar feed of her replacements, and since when")
    .answers(200, Body::of::<CalendarFeedView>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let feed = current(ctx, member).await?;
    Output::json(200, &CalendarFeedView::of(feed.as_ref()))
}
