//! The organisation's account-creation requests (seed 004's tab).

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::permission::Permission;
use crate::layout::keys;
use crate::layout::records::AccessRequest;
use crate::operations::reads::partition;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_access_requests")
    .get("/orgs/{org_id}/access-requests")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Account-creation requests, newest first (pending by default)")
    .query(&[("status", "pending (default), approved or refused")])
    .answers(200, Body::of::<AccessRequests>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessRequests {
    pub items: Vec<AccessRequest>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let status = request.query("status").unwrap_or("pending").to_string();
    if !["pending", "approved", "refused"].contains(&status.as_str()) {
        let mut errors = ValidationErrors::default();
        errors.push("status", FieldCode::InvalidValue);
        return Err(OpError::Validation(errors));
    }
    let mut items: Vec<AccessRequest> =
        partition(ctx, member.org_id(), keys::ACCESS_REQUEST_PREFIX)
            .await?
            .into_iter()
            .filter(|r: &AccessRequest| r.status == status)
            .collect();
    items.sort_by_key(|r| std::cmp::Reverse(r.created_at));
    Output::json(200, &AccessRequests { items })
}
