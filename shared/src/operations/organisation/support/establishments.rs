//! Shared by the establishment operations: loading, naming, auditing.

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::ids;
use crate::domain::organisation::model::Establishment;
use crate::domain::validate::{self, SHORT_TEXT_MAX};
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::audit::Audit;
use crate::operations::{Context, OpError};
use crate::ports::Write;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstablishmentInput {
    /// e.g. "Installation Rosemont".
    pub name: Option<String>,
    /// Street and city, e.g. "1200, rue Beaubien Est, Montréal"; on a
    /// rename, kept when absent.
    #[serde(default)]
    pub address: Option<String>,
}

impl EstablishmentInput {
    /// The address given, trimmed (at most 300 characters).
    pub(crate) fn address(&self) -> Result<Option<String>, OpError> {
        let mut errors = ValidationErrors::default();
        let address = errors
            .take(
                "address",
                validate::optional_text(self.address.as_deref(), 300),
            )
            .flatten();
        Ok(errors.finish(address)?)
    }

    pub(crate) fn name(&self) -> Result<String, OpError> {
        let mut errors = ValidationErrors::default();
        let name = errors.take(
            "name",
            validate::required_text(self.name.as_deref(), SHORT_TEXT_MAX),
        );
        errors.finish(())?;
        name.ok_or_else(|| {
            let mut e = ValidationErrors::default();
            e.push("name", FieldCode::Required);
            e.into()
        })
    }
}

pub(crate) async fn load(ctx: &Context, org_id: &str, id: &str) -> Result<Establishment, OpError> {
    if !ids::is_id(id) {
        return Err(OpError::NotFound);
    }
    from_item(
        ctx.store
            .get(&keys::establishment(org_id, id))
            .await?
            .ok_or(OpError::NotFound)?,
    )
    .map_err(OpError::from)
}

/// The audit of a change to an establishment (`at`: its id and time).
pub(crate) fn audit(
    at: (String, jiff::Timestamp),
    actor: &str,
    est: &Establishment,
    action: &str,
    changes: serde_json::Value,
) -> Write {
    Audit::at(at.0, at.1, &est.org_id, actor, action)
        .establishment(Some(&est.id))
        .changes(changes)
        .write()
}

/// Which of these establishments exist and still take grants: one
/// `BatchGetItem` of just those, answered from the request's read-ahead when
/// its body named them ([`super::plans::establishments`]).
pub(crate) async fn active_among(
    ctx: &Context,
    org_id: &str,
    named: &[String],
) -> Result<Vec<String>, OpError> {
    let wanted: Vec<_> = named
        .iter()
        .filter(|id| ids::is_id(id))
        .map(|id| keys::establishment(org_id, id))
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut active = Vec::new();
    for item in ctx.store.get_many(&wanted).await?.into_iter().flatten() {
        let establishment: Establishment = from_item(item)?;
        if !establishment.archived {
            active.push(establishment.id);
        }
    }
    Ok(active)
}
