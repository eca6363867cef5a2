//! Managers edit the organisation's information (seed 003). Category,
//! identifier and registry numbers are immutable once set: an attempt names
//! the field and changes nothing.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::validate::{self, Email, SHORT_TEXT_MAX};
use crate::operations::audit::Audit;
use crate::operations::commit::Commit;
use crate::operations::organisation::support::organisations::{self, OrganisationView, load};
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("update_organisation")
    .patch("/orgs/{org_id}")
    .access(Access::Manager)
    .summary("Edit the organisation's information; category, identifier and registry numbers are immutable once set")
    .takes(Body::of::<OrganisationPatch>())
    .answers(200, Body::of::<OrganisationView>())
    .problems(&[409])
    .handler(Handler::run(run_fn!(run)));

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationPatch {
    pub version: Option<u64>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub identifier: Option<String>,
    pub registry_numbers: Option<Vec<String>>,
    pub address: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let patch: OrganisationPatch = request.json()?;
    let org = load(ctx, member.org_id()).await?;
    let mut errors = ValidationErrors::default();
    if patch.version.is_none() {
        errors.push("version", FieldCode::Required);
    }
    let mut set = Map::new();
    let mut changes = Map::new();
    let mut change = |field: &str, before: Value, after: Value| {
        if before != after {
            changes.insert(field.into(), json!({"before": before, "after": after}));
            set.insert(field.into(), after);
        }
    };
    if patch.name.is_some()
        && let Some(name) = errors.take(
            "name",
            validate::required_text(patch.name.as_deref(), SHORT_TEXT_MAX),
        )
    {
        change("name", json!(org.name), json!(name));
    }
    for (field, current, given) in [
        ("category", &org.category, &patch.category),
        ("identifier", &org.identifier, &patch.identifier),
    ] {
        if let Some(raw) = given {
            match errors.take(field, validate::required_text(Some(raw), SHORT_TEXT_MAX)) {
                Some(value) if current.as_ref().is_some_and(|c| *c != value) => {
                    errors.push(field, FieldCode::Immutable);
                }
                Some(value) => change(field, json!(current), json!(value)),
                None => {}
            }
        }
    }
    if let Some(numbers) = &patch.registry_numbers {
        let cleaned: Vec<String> = numbers
            .iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if !org.registry_numbers.is_empty() && cleaned != org.registry_numbers {
            errors.push("registry_numbers", FieldCode::Immutable);
        } else {
            change(
                "registry_numbers",
                json!(org.registry_numbers),
                json!(cleaned),
            );
        }
    }
    if patch.address.is_some() {
        let address = errors
            .take(
                "address",
                validate::optional_text(patch.address.as_deref(), 300),
            )
            .flatten();
        change("address", json!(org.address), json!(address));
    }
    if let Some(raw) = &patch.contact_email {
        let email = if raw.trim().is_empty() {
            None
        } else {
            errors
                .take("contact_email", Email::parse(raw))
                .map(|e| e.as_str().to_string())
        };
        change("contact_email", json!(org.contact_email), json!(email));
    }
    if patch.contact_phone.is_some() {
        let phone = errors.take(
            "contact_phone",
            validate::phone(patch.contact_phone.as_deref()),
        );
        change("contact_phone", json!(org.contact_phone), json!(phone));
    }
    errors.finish(())?;
    if patch.version != Some(org.version) {
        return Err(OpError::VersionConflict);
    }
    if set.is_empty() {
        return Output::json(200, &OrganisationView::new(&org));
    }
    let mut commit = Commit::new();
    commit
        // Only the changed attributes: counters and settings stay as they are.
        .push(organisations::update(&org, set))
        .push(
            Audit::new(ctx, &org.id, &member.account_id, "organisation.updated")
                .changes(Value::Object(changes))
                .write(),
        );
    // A stale version fails the condition: 409 version-conflict.
    commit.run(ctx).await?;
    Output::json(200, &OrganisationView::new(&load(ctx, &org.id).await?))
}
