//! What the calendar feed's operations share (issue 21): the member's
//! feed, its view, and her replacements as the feed's events.

use crate::domain::locale::Locale;
use crate::domain::people::permission::Permission;
use crate::domain::replacements::calendar::Event;
use crate::domain::replacements::replacement::RequestStatus;
use crate::layout::keys;
use crate::layout::records::{MemberCalendar, Replacement};
use crate::operations::caller::Member;
use crate::operations::reads::record;
use crate::operations::{Context, OpError};
use serde::Serialize;
use utoipa::ToSchema;

/// Those who have replacements in a calendar: workers and clients.
pub(crate) const HOLDERS: &[Permission] =
    &[Permission::OwnTimesheet, Permission::RequestReplacements];

/// The path of a feed's address under the portal's origin.
pub(crate) const FEED_PATH: &str = "/calendars/";

/// The member's feed, if she has one.
pub(crate) async fn current(
    ctx: &Context,
    member: &Member,
) -> Result<Option<MemberCalendar>, OpError> {
    record(ctx, &keys::calendar_of(member.org_id(), &member.account_id)).await
}

/// Whether she has a feed, since when, and its address when it was just
/// made (shown once: only its hash is kept).
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeedView {
    pub active: bool,
    pub created_at: Option<jiff::Timestamp>,
    /// The private address to subscribe to: only in the answer that makes
    /// it.
    pub url: Option<String>,
}

impl CalendarFeedView {
    pub(crate) fn of(feed: Option<&MemberCalendar>) -> CalendarFeedView {
        CalendarFeedView {
            active: feed.is_some(),
            created_at: feed.map(|f| f.0.created_at),
            url: None,
        }
    }
}

/// The events `account` sees of the request `r`: each shift of what she
/// is assigned to, and of what she asked for; nothing for a draft.
pub(crate) fn events(r: &Replacement, account: &str, zone: &str, locale: Locale) -> Vec<Event> {
    let Some(schedule) = &r.schedule else {
        return Vec::new();
    };
    let fr = locale == Locale::Fr;
    let works = r.worker_id.as_deref() == Some(account)
        && !matches!(r.status, RequestStatus::Cancelled | RequestStatus::Unfilled);
    let asked = r.requested_by == account && r.status != RequestStatus::Draft;
    if !works && !asked {
        return Vec::new();
    }
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let place = [
        r.establishment_name.as_deref(),
        r.establishment_address.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let summary = if works {
        format!(
            "{} : {}",
            if fr { "Remplacement" } else { "Replacement" },
            r.task
        )
    } else {
        let who = match (r.status, &r.worker_first_name) {
            (RequestStatus::Cancelled, _) => (if fr { "annulé" } else { "cancelled" }).to_string(),
            (RequestStatus::Unfilled, _) => {
                (if fr { "non comblé" } else { "unfilled" }).to_string()
            }
            (_, Some(name)) => name.clone(),
            (_, None) => (if fr { "à combler" } else { "to be filled" }).to_string(),
        };
        format!(
            "{} : {} — {who}",
            if fr { "Demande" } else { "Request" },
            r.task
        )
    };
    let mut description = vec![r.function.clone(), r.age_group.clone()];
    description.extend(r.notes.clone());
    let at = |date: jiff::civil::Date, minute: u16| {
        date.to_datetime(jiff::civil::Time::midnight())
            .checked_add(jiff::Span::new().minutes(i64::from(minute)))
            .ok()
            .and_then(|dt| dt.to_zoned(tz.clone()).ok())
            .map(|z| z.timestamp())
    };
    schedule
        .shifts()
        .iter()
        .filter_map(|shift| {
            Some(Event {
                uid: format!(
                    "{}-{}-{}@sesame",
                    r.id,
                    shift.date,
                    if works { "w" } else { "c" }
                ),
                start: at(shift.date, shift.start_minute)?,
                end: at(shift.date, shift.end_minute)?,
                summary: summary.clone(),
                location: (!place.is_empty()).then(|| place.clone()),
                description: description.join("\n"),
                cancelled: !works
                    && matches!(r.status, RequestStatus::Cancelled | RequestStatus::Unfilled),
                changed: r.updated_at,
            })
        })
        .collect()
}
