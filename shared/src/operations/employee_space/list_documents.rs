//! The documents shared with the caller: hers and those for everyone.

use crate::domain::employee_space::employee::Feature;
use crate::domain::people::permission::Permission;
use crate::layout::employee::Document;
use crate::layout::keys;
use crate::operations::reads::query_all;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::{GSI1, Query};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_documents")
    .get("/orgs/{org_id}/documents")
    .access(Access::Member(Permission::Documents))
    .summary("The documents shared with the caller (hers and those for everyone), newest first")
    .answers(200, Body::of::<DocumentList>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<Document>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    member.require(Feature::Documents)?;
    let mut items: Vec<Document> = Vec::new();
    for who in [Some(member.account_id.as_str()), None] {
        items.extend(
            query_all::<Document>(
                ctx,
                Query {
                    index: Some(GSI1),
                    pk: keys::documents_for(member.org_id(), who),
                    forward: false,
                    ..Query::default()
                },
            )
            .await?,
        );
    }
    items.sort_by(|a, b| b.id.cmp(&a.id));
    Output::json(200, &DocumentList { items })
}
