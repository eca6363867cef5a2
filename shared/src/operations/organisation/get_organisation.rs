//! The organisation's information, for its managers (seed 003).

use crate::domain::organisation::organisation::{OrgSettings, Organisation};
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::{
    Access, Body, BoxFuture, Context, OpError, OperationSpec, Outcome, Output, Request,
};
use serde::Serialize;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "get_organisation",
    method: "GET",
    path: "/orgs/{org_id}",
    access: Access::Manager,
    summary: "The organisation's information and settings",
    query: &[],
    request: None,
    success: (200, Body::of::<OrganisationView>()),
    problems: &[401, 403, 404],
    ahead: None,
    handler,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    pub id: String,
    pub name: String,
    /// Immutable once set.
    pub category: Option<String>,
    /// Immutable once set.
    pub identifier: Option<String>,
    /// Immutable once set.
    pub registry_numbers: Vec<String>,
    pub address: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub settings: OrgSettings,
    pub active_managers: u32,
    pub members: i64,
    pub version: u64,
}

impl OrganisationView {
    pub fn new(org: &Organisation) -> OrganisationView {
        OrganisationView {
            id: org.id.clone(),
            name: org.name.clone(),
            category: org.category.clone(),
            identifier: org.identifier.clone(),
            registry_numbers: org.registry_numbers.clone(),
            address: org.address.clone(),
            contact_email: org.contact_email.clone(),
            contact_phone: org.contact_phone.clone(),
            settings: org.settings.clone(),
            active_managers: org.active_managers,
            members: org.members_draft
                + org.members_invited
                + org.members_active
                + org.members_disabled,
            version: org.version,
        }
    }
}

fn handler(ctx: &Context, request: Request) -> BoxFuture<'_> {
    Box::pin(run(ctx, request))
}

pub(crate) async fn load(ctx: &Context, org_id: &str) -> Result<Organisation, OpError> {
    from_item(
        ctx.store
            .get(&keys::org(org_id))
            .await?
            .ok_or(OpError::NotFound)?,
    )
    .map_err(OpError::from)
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let org = load(ctx, member.org_id()).await?;
    Output::json(200, &OrganisationView::new(&org))
}
