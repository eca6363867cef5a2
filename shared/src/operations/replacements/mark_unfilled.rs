//! Dispatch: no worker found; the client is emailed.

use crate::domain::people::permission::Permission;
use crate::domain::replacements::replacement::RequestEvent;
use crate::operations::OperationSpec;
use crate::operations::replacements::support::change_replacement::{close, closing};

pub const SPEC: OperationSpec = closing(
    "mark_unfilled",
    "/orgs/{org_id}/replacements/{replacement_id}/unfilled",
    Permission::Dispatch,
    "Dispatch: mark a request unfilled; the client is emailed",
    |ctx, request| Box::pin(close(ctx, request, RequestEvent::MarkUnfilled)),
);
