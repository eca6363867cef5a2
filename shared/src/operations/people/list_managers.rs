//! The organisation's managers.

use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::operations::reads::partition;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_managers")
    .get("/orgs/{org_id}/managers")
    .access(Access::Member(Permission::ManageUsers))
    .summary("The organisation's managers and how many are active")
    .answers(200, Body::of::<Managers>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct Managers {
    pub items: Vec<UserView>,
    /// Active managers (at least one, always).
    pub active: usize,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let members: Vec<Membership> = partition(ctx, member.org_id(), keys::MEMBER_PREFIX).await?;
    let managers: Vec<&Membership> = members
        .iter()
        .filter(|m| m.manager && m.status != MembershipStatus::Deleted)
        .collect();
    Output::json(
        200,
        &Managers {
            active: managers
                .iter()
                .filter(|m| m.status == MembershipStatus::Active)
                .count(),
            items: managers
                .iter()
                .map(|m| UserView::new(m, None, None))
                .collect(),
        },
    )
}
