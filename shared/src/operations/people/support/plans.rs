//! What people operations read with the caller's membership, from their
//! path ([`crate::operations::phases`]).

use crate::layout::keys;
use crate::operations::phases::path_key;
use crate::operations::{Context, Request};
use crate::ports::Key;

/// The membership of `{user_id}`.
pub fn target_user(_: &Context, request: &Request) -> Vec<Key> {
    path_key(request, "user_id", keys::membership)
}

/// The membership and the account of `{user_id}`.
pub fn target_user_and_account(ctx: &Context, request: &Request) -> Vec<Key> {
    let mut keys = target_user(ctx, request);
    keys.extend(path_key(request, "user_id", |_, user| keys::account(user)));
    keys
}

/// The access request `{request_id}`.
pub fn access_request(_: &Context, request: &Request) -> Vec<Key> {
    path_key(request, "request_id", keys::access_request)
}
