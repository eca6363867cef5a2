//! A manager archives an establishment: its history stays, its grants stop
//! working on the next request (the organisation lists archived ones and
//! every request filters them out).

use crate::domain::organisation::model::{Establishment, Organisation};
use crate::layout::keys;
use crate::layout::records::{from_item, to_item};
use crate::operations::commit::Commit;
use crate::operations::organisation::support::establishments::{audit, load};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request,
};
use crate::ports::{Condition, Write};
use serde_json::json;

pub const SPEC: OperationSpec = OperationSpec {
    id: "archive_establishment",
    method: "POST",
    path: "/orgs/{org_id}/establishments/{establishment_id}/archive",
    access: Access::Manager,
    summary: "Archive an establishment: history kept, grants there stop working",
    query: &[],
    request: None,
    success: (200, Body::of::<Establishment>()),
    problems: &[401, 403, 404, 409],
    handler: Handler::plan(
        crate::operations::organisation::support::plans::establishment,
        |ctx, request| Box::pin(run(ctx, request)),
    ),
};

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let current = load(ctx, member.org_id(), request.param("establishment_id")?).await?;
    if current.archived {
        return Output::json(200, &current);
    }
    let org: Organisation = from_item(
        ctx.store
            .get(&keys::org(member.org_id()))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    let mut next = current.clone();
    next.archived = true;
    let mut archived = org.archived_establishments.clone();
    archived.push(current.id.clone());
    let mut set = serde_json::Map::new();
    set.insert("archived_establishments".into(), json!(archived));
    set.insert("version".into(), json!(org.version + 1));
    let mut commit = Commit::new();
    commit
        .push(Write::Put {
            item: to_item(&next),
            condition: Some(Condition::Exists),
        })
        .push(Write::Update {
            key: keys::org(&org.id),
            set,
            condition: Some(Condition::VersionIs(org.version)),
        })
        .push(audit(
            ctx,
            &member.account_id,
            &current,
            "establishment.archived",
            json!({"archived": {"before": false, "after": true}}),
        ));
    // A stale version fails the condition: 409 version-conflict.
    commit.run(ctx).await?;
    Output::json(200, &next)
}
