//! A member's notification choices as she sees them: what reading and
//! changing them answer.

use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::Membership;
use crate::domain::people::notifications::{Notification, receives};
use crate::operations::Member;
use serde::Serialize;
use utoipa::ToSchema;

/// Every email she may choose, whether she receives it, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationsView {
    pub items: Vec<NotificationChoice>,
    /// Her membership's version (send it back to change them).
    pub version: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationChoice {
    pub notification: Notification,
    /// She receives it.
    pub on: bool,
    /// What the organisation sets for whoever has not chosen.
    pub default_on: bool,
    /// She chose (`false`: it follows the organisation's default).
    pub chosen: bool,
}

impl NotificationsView {
    pub fn of(membership: &Membership, org: &Organisation) -> NotificationsView {
        let defaults = &org.settings.notification_defaults;
        NotificationsView {
            items: Notification::ALL
                .into_iter()
                .map(|n| NotificationChoice {
                    notification: n,
                    on: receives(&membership.notifications, defaults, n),
                    default_on: receives(&Default::default(), defaults, n),
                    chosen: membership.notifications.contains_key(&n),
                })
                .collect(),
            version: membership.version,
        }
    }

    pub fn of_member(member: &Member) -> NotificationsView {
        NotificationsView::of(&member.membership, &member.org)
    }
}
