//! A manager renames an establishment.

use crate::domain::organisation::model::Establishment;
use crate::layout::records::to_item;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::establishments::{EstablishmentInput, audit, load};
use crate::operations::{Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request};
use crate::ports::{Condition, Write};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec {
    id: "update_establishment",
    method: "PATCH",
    path: "/orgs/{org_id}/establishments/{establishment_id}",
    access: Access::Manager,
    summary: "Rename an establishment",
    query: &[],
    request: Some(Body::of::<EstablishmentInput>()),
    success: (200, Body::of::<Establishment>()),
    problems: &[401, 403, 404, 413, 415, 422],
    handler: Handler::plan(
        crate::operations::organisation::support::plans::establishment,
        |ctx, request| Box::pin(run(ctx, request)),
    ),
};

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let input: EstablishmentInput = request.json()?;
    let name = input.name()?;
    let current = load(ctx, member.org_id(), request.param("establishment_id")?).await?;
    let mut next = current.clone();
    next.name = name;
    let mut commit = Commit::new();
    commit
        .push(Write::Put {
            item: to_item(&next),
            condition: Some(Condition::Exists),
        })
        .push(audit(
            ctx,
            &member.account_id,
            &current,
            "establishment.renamed",
            json!({"name": {"before": current.name, "after": next.name}}),
        ));
    commit.run(ctx).await?;
    Output::json(200, &next)
}
