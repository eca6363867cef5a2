//! The replacement worker's own assignments in the service (her view of
//! seed 001): every request she is assigned to, soonest first, read from the
//! worker index the dispatch check already keeps (cancelled and unfilled
//! requests leave it).

use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::layout::records::Replacement;
use crate::operations::reads::query_all;
use crate::operations::replacements::support::replacements::ReplacementView;
use crate::operations::replacements::support::replacements::Replacements;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{GSI1, Query};

pub const SPEC: OperationSpec = OperationSpec::named("list_assignments")
    .get("/orgs/{org_id}/assignments")
    .access(Access::Member(Permission::OwnTimesheet))
    .summary("The caller's own assignments as a replacement worker, soonest first")
    .answers(200, Body::of::<Replacements>())
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let mut items: Vec<Replacement> = query_all(
        ctx,
        Query {
            index: Some(GSI1),
            pk: keys::worker_bookings(&member.account_id),
            sk_prefix: Some(format!("{}#", member.org_id())),
            limit: Some(500),
            forward: true,
            ..Query::default()
        },
    )
    .await?;
    items.retain(|r: &Replacement| {
        r.org_id == member.org_id() && r.worker_id.as_deref() == Some(member.account_id.as_str())
    });
    items.sort_by(|a, b| {
        let start = |r: &Replacement| r.schedule.as_ref().map(|s| s.start_date);
        start(a)
            .cmp(&start(b))
            .then_with(|| a.created_at.cmp(&b.created_at))
    });
    let total = items.len();
    Output::json(
        200,
        &Replacements {
            items: items.iter().map(ReplacementView::new).collect(),
            total,
            next_cursor: None,
        },
    )
}
