//! What accounts operations read ahead, from their typed body
//! ([`crate::operations::phases`]).

use crate::domain::validate::Email;
use crate::layout::keys;
use crate::operations::Context;
use crate::operations::attempts::{self, Limit};
use crate::ports::Key;

/// The claim of a well-formed email (normalised), when the form gives one.
pub fn email_claim(raw: Option<&str>) -> Option<Key> {
    raw.and_then(|raw| Email::parse(raw).ok())
        .map(|email| keys::email_claim(email.as_str()))
}

/// The tally of attempts under `limit` for a well-formed email.
pub fn tally(ctx: &Context, limit: Limit, raw: Option<&str>) -> Option<Key> {
    raw.and_then(|raw| Email::parse(raw).ok())
        .map(|email| attempts::key(ctx, limit, email.as_str()))
}

/// The tally and the email claim of the address.
pub fn tally_and_claim(ctx: &Context, limit: Limit, raw: Option<&str>) -> Vec<Key> {
    match tally(ctx, limit, raw) {
        Some(tally) => vec![tally].into_iter().chain(email_claim(raw)).collect(),
        None => Vec::new(),
    }
}
