//! A manager adds an establishment (site, installation) to the organisation.

use crate::domain::organisation::model::Establishment;
use crate::layout::records::create;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::establishments::{EstablishmentInput, audit};
use crate::operations::{Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec {
    id: "create_establishment",
    method: "POST",
    path: "/orgs/{org_id}/establishments",
    access: Access::Manager,
    summary: "Add an establishment to the organisation",
    query: &[],
    request: Some(Body::of::<EstablishmentInput>()),
    success: (201, Body::of::<Establishment>()),
    problems: &[401, 403, 404, 413, 415, 422],
    handler: Handler::run(|ctx, request| Box::pin(run(ctx, request))),
};

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: EstablishmentInput = request.json()?;
    let est = Establishment {
        org_id: member.org_id().to_string(),
        id: ctx.new_id(),
        name: input.name()?,
        archived: false,
    };
    let mut commit = Commit::new();
    commit.push(create(&est)).push(audit(
        ctx,
        &member.account_id,
        &est,
        "establishment.created",
        json!({"name": {"after": est.name}}),
    ));
    commit.run(ctx).await?;
    Output::json(201, &est)
}
