//! The dispatcher's pick list: the service's active replacement workers
//! (members holding `own_timesheet`), by name — only what assigning needs
//! (id and names), so a dispatcher who does not manage users can dispatch.

use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::operations::reads::partition;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_workers")
    .get("/orgs/{org_id}/workers")
    .access(Access::Member(Permission::Dispatch))
    .summary("Dispatch: the active replacement workers to assign, by name (id and names only)")
    .answers(200, Body::of::<Workers>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerView {
    /// The id `assignment` takes (`worker_id`).
    pub id: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Workers {
    pub items: Vec<WorkerView>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let members: Vec<Membership> = partition(ctx, member.org_id(), keys::MEMBER_PREFIX).await?;
    Output::json(200, &workers(members))
}

/// The active members holding `own_timesheet` somewhere, by last then
/// first name.
fn workers(members: Vec<Membership>) -> Workers {
    let mut items: Vec<WorkerView> = members
        .into_iter()
        .filter(|m| {
            m.status == MembershipStatus::Active
                && m.grants
                    .values()
                    .any(|p| p.contains(&Permission::OwnTimesheet))
        })
        .map(|m| WorkerView {
            id: m.account_id,
            first_name: m.first_name,
            last_name: m.last_name,
        })
        .collect();
    items.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    Workers { items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::replacements::support::decision::fixtures::member;

    #[test]
    fn only_active_holders_of_the_timesheet_permission_are_offered() {
        let mut off = member("off", &[Permission::OwnTimesheet]);
        off.status = MembershipStatus::Disabled;
        let listed = workers(vec![
            member("worker", &[Permission::OwnTimesheet]),
            member("client", &[Permission::RequestReplacements]),
            off,
        ]);
        let ids: Vec<&str> = listed.items.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["worker"]);
    }
}
