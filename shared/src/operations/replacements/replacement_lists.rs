//! The lists the replacement service configures: functions of replacement
//! workers and age groups (French defaults: poupons, 18 mois–5 ans,
//! scolaire).

use crate::domain::people::permission::Permission;
use crate::operations::organisation::support::organisations::load;
use crate::operations::{
    Access, Body, Context, Handler, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("replacement_lists")
    .get("/orgs/{org_id}/replacement-lists")
    .access(Access::Member(Permission::RequestReplacements))
    .summary("The functions and age groups a request may name")
    .answers(200, Body::of::<Lists>())
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct Lists {
    pub functions: Vec<String>,
    pub age_groups: Vec<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org = load(ctx, member.org_id()).await?;
    Output::json(
        200,
        &Lists {
            functions: org.settings.replacement_functions,
            age_groups: org.settings.age_groups,
        },
    )
}
