//! Refusing an access request with a reason, emailed to the requester.

use crate::domain::errors::ValidationErrors;
use crate::domain::organisation::model::Organisation;
use crate::domain::people::emails;
use crate::domain::people::permission::Permission;
use crate::domain::validate;
use crate::layout::keys;
use crate::layout::records::{AccessRequest, create, from_item, replace};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::people::support::access_requests::pending;
use crate::operations::people::support::plans;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, outbox,
    run_fn,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("refuse_access_request")
    .post("/orgs/{org_id}/access-requests/{request_id}/refuse")
    .access(Access::Member(Permission::ManageUsers))
    .summary("Refuse a request with a reason; the requester is told by email")
    .takes(Body::of::<Refusal>())
    .answers(200, Body::of::<AccessRequest>())
    .problems(&[409])
    .handler(Handler::plan(plans::access_request, run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// Why; sent to the requester.
    pub reason: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let refusal: Refusal = request.json()?;
    let mut errors = ValidationErrors::default();
    let reason = errors.take(
        "reason",
        validate::required_text(refusal.reason.as_deref(), 1000),
    );
    errors.finish(())?;
    let reason = reason.unwrap_or_default();
    let org_id = member.org_id().to_string();
    let access = pending(ctx, &org_id, request.param("request_id")?).await?;
    let org: Organisation = from_item(
        ctx.store
            .get(&keys::org(&org_id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    let now = ctx.clock.now();
    let mut closed = access.clone();
    closed.status = "refused".into();
    closed.reason = Some(reason.clone());
    closed.decided_at = Some(now);
    closed.decided_by = Some(member.account_id.clone());
    closed.version = access.version + 1;
    let content = emails::access_refused(access.locale, &org.name, &access.first_name, &reason);
    let message = outbox::message(ctx, Some(&org_id), &access.email, content);
    let mut commit = Commit::new();
    commit.push_or(
        replace(&closed, access.version),
        crate::operations::employee_space::EmployeeSpaceError::AlreadyDecided,
    );
    commit.push(create(&message));
    commit.push(
        Audit::at(
            ctx.new_id(),
            now,
            &org_id,
            &member.account_id,
            "access_request.refused",
        )
        .set("request", &access.id)
        .set("reason", &reason)
        .write(),
    );
    commit.run(ctx).await?;
    Output::json(200, &closed)
}
