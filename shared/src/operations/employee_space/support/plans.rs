//! What employee-space operations read with the caller's membership, from
//! their path ([`crate::operations::phases`]).

use crate::domain::employee_space::employee::{RequestKind, week_start};
use crate::layout::keys;
use crate::operations::phases::{org, path_key};
use crate::operations::{Context, Request};
use crate::ports::Key;

/// The organisation's banks of hours (one item).
pub fn hour_banks(_: &Context, request: &Request) -> Vec<Key> {
    vec![keys::hour_banks(org(request))]
}

/// The week `{week}` of `{user_id}`, the membership of `{user_id}` and the
/// banks of hours (what deciding a week of hours reads).
pub fn week_of_target_user_and_hour_banks(ctx: &Context, request: &Request) -> Vec<Key> {
    let monday = request
        .params
        .get("week")
        .and_then(|raw| week_start(raw).ok());
    let mut keys = match monday {
        Some(monday) => path_key(request, "user_id", |org, user| {
            keys::week(org, user, monday)
        }),
        None => Vec::new(),
    };
    keys.extend(path_key(request, "user_id", keys::membership));
    keys.extend(hour_banks(ctx, request));
    keys
}

/// The membership of `{user_id}` and the banks of hours (what keeping an
/// employee's banks reads).
pub fn target_user_and_hour_banks(ctx: &Context, request: &Request) -> Vec<Key> {
    let mut keys = path_key(request, "user_id", keys::membership);
    keys.extend(hour_banks(ctx, request));
    keys
}

/// The shared document `{document_id}`.
pub fn document(_: &Context, request: &Request) -> Vec<Key> {
    path_key(request, "document_id", keys::document)
}

fn employee_request(kind: RequestKind, request: &Request) -> Vec<Key> {
    path_key(request, "request_id", |org, id| {
        keys::employee_request(org, kind.slug(), id)
    })
}

/// The leave request `{request_id}`.
pub fn leave(_: &Context, request: &Request) -> Vec<Key> {
    employee_request(RequestKind::Leave, request)
}

/// The expense note `{request_id}`.
pub fn expense(_: &Context, request: &Request) -> Vec<Key> {
    employee_request(RequestKind::Expense, request)
}

/// The advance request `{request_id}`.
pub fn advance(_: &Context, request: &Request) -> Vec<Key> {
    employee_request(RequestKind::Advance, request)
}
