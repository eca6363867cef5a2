//! She chooses which emails she receives (seed 002); security emails are
//! not hers to turn off and are not in the list.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::notifications::{Notification, changed};
use crate::domain::people::permission::Permission;
use crate::layout::records::replace;
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::notifications::NotificationsView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("set_notifications")
    .put("/orgs/{org_id}/me/notifications")
    .access(Access::MemberAny(&Permission::ALL))
    .summary(
        "Choose which emails one receives: each on or off, or back to the organisation's default",
    )
    .takes(Body::of::<NotificationsInput>())
    .answers(200, Body::of::<NotificationsView>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationsInput {
    /// Each named email on (`true`), off (`false`), or back to the
    /// organisation's default (`null`); the others stay.
    #[schema(value_type = BTreeMap<Notification, Option<bool>>)]
    pub notifications: BTreeMap<Notification, Option<bool>>,
    /// The version last read (stale: 409).
    pub version: Option<u64>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: NotificationsInput = request.json()?;
    let current = &member.membership;
    let Some(version) = input.version else {
        let mut errors = ValidationErrors::default();
        errors.push("version", FieldCode::Required);
        return Err(OpError::Validation(errors));
    };
    if version != current.version {
        return Err(OpError::VersionConflict);
    }
    let choices = changed(&current.notifications, &input.notifications);
    if choices == current.notifications {
        return Output::json(200, &NotificationsView::of_member(member));
    }
    let now = ctx.clock.now();
    let mut next = current.clone();
    next.notifications = choices;
    next.updated_at = now;
    next.version = current.version + 1;
    let mut commit = Commit::new();
    commit.push(replace(&next, current.version)).push(
        Audit::at(
            ctx.new_id(),
            now,
            member.org_id(),
            &member.account_id,
            "notifications.changed",
        )
        .target(&member.account_id)
        .change("notifications", &current.notifications, &next.notifications)
        .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &NotificationsView::of(&next, &member.org))
}
