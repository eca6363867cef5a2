//! Cancel a request; an assigned worker is emailed.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestEvent;
use crate::operations::OperationSpec;
use crate::operations::replacements::support::change_replacement::{close, closing};

pub const SPEC: OperationSpec = closing(
    "cancel_replacement",
    "/orgs/{org_id}/replacements/{replacement_id}/cancel",
    Permission::RequestReplacements,
    "Cancel a request (requested or assigned); the worker is emailed",
    |ctx, request| Box::pin(close(ctx, request, RequestEvent::Cancel)),
);
