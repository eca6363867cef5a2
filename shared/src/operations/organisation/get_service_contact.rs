//! The replacement service's contact details, for its clients (seed 001:
//! the client sees how to reach her replacement service — email and phone —
//! on her portal).

use crate::domain::people::permission::Permission;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("get_service_contact")
    .get("/orgs/{org_id}/contact")
    .access(Access::Member(Permission::RequestReplacements))
    .summary("How a client reaches the replacement service: its name, address, email and phone")
    .answers(200, Body::of::<ServiceContact>())
    .handler(Handler::run(run_fn!(run)));

/// The service's public contact details (nothing else of the organisation).
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceContact {
    pub name: String,
    pub address: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

/// The organisation was read with the caller's membership: no other read.
async fn run(_: &Context, request: Request) -> Outcome {
    let org = &request.member()?.org;
    Output::json(
        200,
        &ServiceContact {
            name: org.name.clone(),
            address: org.address.clone(),
            contact_email: org.contact_email.clone(),
            contact_phone: org.contact_phone.clone(),
        },
    )
}
