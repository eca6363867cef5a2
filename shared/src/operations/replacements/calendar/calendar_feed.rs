//! A private calendar feed, as a calendar application reads it (no
//! session: the address is the secret). Her assignments and the requests
//! she made, one event per shift; an unknown, revoked or malformed
//! address, or a member no longer active, is 404. Reads the feed by its
//! token's hash, then the member and the organisation (one batch), then
//! the organisation's requests (one Query by sort-key prefix). The token
//! is in the path: the API's access log writes the route key
//! (`GET /calendars/{token}`), not the path, CloudFront keeps no access
//! log, and nothing logs the path.

use crate::domain::ids;
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::replacements::calendar;
use crate::layout::keys;
use crate::layout::records::{CalendarFeed, Replacement, from_item};
use crate::operations::reads::{partition, record};
use crate::operations::replacements::support::calendar::events;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, Table, run_fn,
};

pub const SPEC: OperationSpec = OperationSpec::named("calendar_feed")
    .get("/calendars/{token}")
    .access(Access::Public)
    .table(Table::Reads)
    .summary("A private calendar feed (text/calendar): the assignments and requests of the member whose address it is")
    .answers(200, Body::of::<String>())
    .problems(&[404])
    .handler(Handler::run(run_fn!(run)));

async fn run(ctx: &Context, request: Request) -> Outcome {
    let raw = request.param("token")?;
    let token = raw.strip_suffix(".ics").unwrap_or(raw);
    if !ids::token_well_formed(token) {
        return Err(OpError::NotFound);
    }
    let feed: CalendarFeed = record(ctx, &keys::calendar_feed(&ids::token_hash(token)))
        .await?
        .ok_or(OpError::NotFound)?;
    let mut found = ctx
        .store
        .get_many(&[
            keys::membership(&feed.org_id, &feed.account_id),
            keys::org(&feed.org_id),
        ])
        .await?
        .into_iter();
    let member: Option<Membership> = found.next().flatten().map(from_item).transpose()?;
    let org: Option<Organisation> = found.next().flatten().map(from_item).transpose()?;
    let (Some(member), Some(org)) = (member, org) else {
        return Err(OpError::NotFound);
    };
    if member.status != MembershipStatus::Active {
        return Err(OpError::NotFound);
    }
    let locale = member.locale.unwrap_or(org.settings.locale);
    let requests: Vec<Replacement> = partition(ctx, &feed.org_id, keys::REPLACEMENT_PREFIX).await?;
    let mut all: Vec<calendar::Event> = requests
        .iter()
        .flat_map(|r| events(r, &feed.account_id, &org.settings.time_zone, locale))
        .collect();
    all.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    let name = format!("Sésame — {} ({})", org.name, member.first_name);
    Ok(Output {
        status: 200,
        body: serde_json::Value::Null,
        text: Some(("text/calendar; charset=utf-8", calendar::feed(&name, &all))),
        cookies: Vec::new(),
    })
}
