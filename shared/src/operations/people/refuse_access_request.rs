//! Refusing an access request with a reason, emailed to the requester.

use crate::domain::emails;
use crate::domain::errors::ValidationErrors;
use crate::domain::organisation::model::Organisation;
use crate::domain::people::permission::Permission;
use crate::domain::validate;
use crate::layout::keys;
use crate::layout::records::{AccessRequest, AuditEvent, create, from_item, replace};
use crate::operations::people::support::access_requests::pending;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, outbox,
};
use crate::ports::StoreError;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "refuse_access_request",
    method: "POST",
    path: "/orgs/{org_id}/access-requests/{request_id}/refuse",
    access: Access::Member(Permission::ManageUsers),
    summary: "Refuse a request with a reason; the requester is told by email",
    query: &[],
    request: Some(Body::of::<Refusal>()),
    success: (200, Body::of::<AccessRequest>()),
    problems: &[401, 403, 404, 409, 413, 415, 422],
    handler: Handler::plan(
        crate::operations::people::support::plans::access_request,
        |ctx, request| Box::pin(run(ctx, request)),
    ),
};

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
    let writes = vec![
        replace(&closed, access.version),
        create(&message),
        create(&AuditEvent {
            id: ctx.new_id(),
            org_id: org_id.clone(),
            at: now,
            actor: member.account_id.clone(),
            action: "access_request.refused".into(),
            target: None,
            establishment: None,
            changes: json!({"request": {"after": access.id}, "reason": {"after": reason}}),
        }),
    ];
    match ctx.store.transact(writes).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed { index: 0 }) => {
            return Err(
                crate::operations::employee_space::EmployeeSpaceError::AlreadyDecided.into(),
            );
        }
        Err(other) => return Err(other.into()),
    }
    Output::json(200, &closed)
}
