//! An operator finds an organisation by the identifier it gives its people
//! (e.g. to give a manager back to one that has none, on its signed paper
//! form): its name and how many active managers it has.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::validate::{self, SHORT_TEXT_MAX};
use crate::layout::keys;
use crate::layout::records::{OrgIdentifier, from_item};
use crate::operations::organisation::support::organisations::load;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::Key;
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("find_organisation")
    .get("/operator/organisations")
    .access(Access::Operator)
    .summary("Operator: an organisation by its identifier, with its number of active managers")
    .query(&[(
        "identifier",
        "The organisation's identifier (e.g. CPE-LUCIOLES), any case",
    )])
    .answers(200, Body::of::<FoundOrganisation>())
    .problems(&[404, 422])
    .handler(Handler::plan(plan, run_fn!(run)));

#[derive(Debug, Serialize, ToSchema)]
pub struct FoundOrganisation {
    pub org_id: String,
    pub name: String,
    pub identifier: Option<String>,
    pub category: Option<String>,
    /// None left: a manager may be given back.
    pub active_managers: u32,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

fn identifier(request: &Request) -> Option<String> {
    validate::required_text(request.query("identifier"), SHORT_TEXT_MAX)
        .ok()
        .map(|i| i.to_uppercase())
}

/// The identifier's claim, read with the operator's record.
fn plan(_: &Context, request: &Request) -> Vec<Key> {
    identifier(request)
        .map(|i| keys::org_identifier(&i))
        .into_iter()
        .collect()
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let Some(identifier) = identifier(&request) else {
        let mut errors = ValidationErrors::default();
        errors.push("identifier", FieldCode::Required);
        return Err(OpError::Validation(errors));
    };
    let claim: OrgIdentifier = from_item(
        ctx.store
            .get(&keys::org_identifier(&identifier))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    let org = load(ctx, &claim.org_id).await?;
    Output::json(
        200,
        &FoundOrganisation {
            org_id: org.id,
            name: org.name,
            identifier: org.identifier,
            category: org.category,
            active_managers: org.active_managers,
            contact_email: org.contact_email,
            contact_phone: org.contact_phone,
        },
    )
}
