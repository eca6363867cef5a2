//! What replacement operations read with the caller's membership, from
//! their path ([`crate::operations::phases`]).

use crate::layout::keys;
use crate::operations::phases::path_key;
use crate::operations::{Context, Request};
use crate::ports::Key;

/// The replacement `{replacement_id}`.
pub fn replacement(_: &Context, request: &Request) -> Vec<Key> {
    path_key(request, "replacement_id", keys::replacement)
}
