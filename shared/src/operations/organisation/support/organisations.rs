//! The organisation record as several contexts read it.

use crate::domain::organisation::model::{OrgSettings, Organisation};
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::{Context, OpError};
use crate::ports::{Condition, Write};
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

/// A new organisation `id` named `name`, created at `now`: nobody counted
/// in it yet, nothing on file beyond its name and settings.
pub(crate) fn new_organisation(
    id: String,
    name: String,
    settings: OrgSettings,
    now: jiff::Timestamp,
) -> Organisation {
    Organisation {
        id,
        name,
        category: None,
        identifier: None,
        registry_numbers: vec![],
        settings,
        active_managers: 0,
        members_draft: 0,
        members_invited: 0,
        members_active: 0,
        members_disabled: 0,
        archived_establishments: vec![],
        address: None,
        contact_email: None,
        contact_phone: None,
        mail_key: None,
        created_at: now,
        version: 1,
    }
}

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
    /// The mail security key's question, once set (never its answer).
    pub security_question: Option<String>,
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
            security_question: org.mail_key.as_ref().map(|k| k.question.clone()),
            active_managers: org.active_managers,
            members: org.members_draft
                + org.members_invited
                + org.members_active
                + org.members_disabled,
            version: org.version,
        }
    }
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

/// The write that sets these attributes of the organisation (only these:
/// counters and settings beside them stay as they are) and its next
/// version, on condition that it is still the version read.
pub(crate) fn update(org: &Organisation, mut set: Map<String, Value>) -> Write {
    set.insert("version".into(), json!(org.version + 1));
    Write::Update {
        key: keys::org(&org.id),
        set,
        condition: Some(Condition::VersionIs(org.version)),
    }
}
