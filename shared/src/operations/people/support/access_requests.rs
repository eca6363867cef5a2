//! Shared by the manager side of access requests.

use crate::domain::ids;
use crate::layout::keys;
use crate::layout::records::{AccessRequest, from_item};
use crate::operations::{Context, OpError};

/// A pending request of the organisation.
pub(crate) async fn pending(
    ctx: &Context,
    org_id: &str,
    id: &str,
) -> Result<AccessRequest, OpError> {
    if !ids::is_id(id) {
        return Err(OpError::NotFound);
    }
    let request: AccessRequest = from_item(
        ctx.store
            .get(&keys::access_request(org_id, id))
            .await?
            .ok_or(OpError::NotFound)?,
    )?;
    if request.status != "pending" {
        return Err(crate::operations::employee_space::EmployeeSpaceError::AlreadyDecided.into());
    }
    Ok(request)
}
