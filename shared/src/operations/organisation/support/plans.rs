//! What organisation operations read with the caller's membership, from
//! their path ([`crate::operations::phases`]).

use crate::layout::keys;
use crate::operations::phases::path_key;
use crate::operations::{Context, Request};
use crate::ports::Key;

/// The establishment `{establishment_id}`.
pub fn establishment(_: &Context, request: &Request) -> Vec<Key> {
    path_key(request, "establishment_id", keys::establishment)
}

/// At most this many establishments a form names are read with the caller.
const NAMED_MAX: usize = 50;

/// The establishments a form names (trimmed, well-formed ids only).
pub fn establishments<'a>(
    request: &Request,
    named: impl IntoIterator<Item = Option<&'a str>>,
) -> Vec<Key> {
    let org_id = crate::operations::phases::org(request);
    named
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|id| crate::domain::ids::is_id(id))
        .take(NAMED_MAX)
        .map(|id| keys::establishment(org_id, id))
        .collect()
}
