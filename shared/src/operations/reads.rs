//! Reads several operations share: whole query results, the account of an
//! email, key cursors of the organisation's partition.

use crate::domain::accounts::account::Account;
use crate::domain::people::membership::Membership;
use crate::domain::people::user_list::Cursor;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, Record, from_item};
use crate::operations::{Context, OpError};
use crate::ports::store::PK;
use crate::ports::{GSI1, Item, Query};

/// Every item a query matches, page after page, as stored.
pub(crate) async fn query_items(ctx: &Context, mut query: Query) -> Result<Vec<Item>, OpError> {
    let mut out = Vec::new();
    loop {
        let page = ctx.store.query(query.clone()).await?;
        out.extend(page.items);
        match page.next {
            Some(next) => query.start = Some(next),
            None => return Ok(out),
        }
    }
}

/// Every item a query matches, page after page.
pub(crate) async fn query_all<R: Record>(ctx: &Context, query: Query) -> Result<Vec<R>, OpError> {
    query_items(ctx, query)
        .await?
        .into_iter()
        .map(|item| Ok(from_item(item)?))
        .collect()
}

/// The person's memberships in every organisation.
pub(crate) async fn memberships_of(
    ctx: &Context,
    account_id: &str,
) -> Result<Vec<Membership>, OpError> {
    query_all(
        ctx,
        Query {
            index: Some(GSI1),
            pk: keys::account_memberships(account_id),
            sk_prefix: Some(keys::MEMBERSHIPS_SORT_PREFIX.into()),
            forward: true,
            ..Query::default()
        },
    )
    .await
}

/// An account and its memberships, in one Query (they share an index
/// partition).
pub(crate) async fn account_with_memberships(
    ctx: &Context,
    account_id: &str,
) -> Result<(Option<Account>, Vec<Membership>), OpError> {
    let items = query_items(
        ctx,
        Query {
            index: Some(GSI1),
            pk: keys::account_memberships(account_id),
            forward: true,
            ..Query::default()
        },
    )
    .await?;
    let mut account = None;
    let mut memberships = Vec::new();
    for item in items {
        let is_account = item
            .get(crate::ports::store::GSI1SK)
            .and_then(|v| v.as_str())
            == Some(keys::ACCOUNT_SORT);
        if is_account {
            account = Some(from_item(item)?);
        } else {
            memberships.push(from_item(item)?);
        }
    }
    Ok((account, memberships))
}

/// The account that owns an email, if any.
pub(crate) async fn account_by_email(
    ctx: &Context,
    email: &str,
) -> Result<Option<Account>, OpError> {
    let Some(item) = ctx.store.get(&keys::email_claim(email)).await? else {
        return Ok(None);
    };
    let claim: EmailClaim = from_item(item)?;
    Ok(ctx
        .store
        .get(&keys::account(&claim.account_id))
        .await?
        .map(from_item)
        .transpose()?)
}

/// Reads back a key cursor of the organisation's partition, only for this
/// partition:
/// `Err(())` for anything else.
pub(crate) fn partition_start(raw: Option<&str>, org_pk: &str) -> Result<Option<Item>, ()> {
    match raw.map(Cursor::decode) {
        None => Ok(None),
        Some(Some(Cursor::Key(key)))
            if key.get(PK).map(String::as_str) == Some(org_pk) && key.len() == 2 =>
        {
            Ok(Some(
                key.into_iter()
                    .map(|(k, v)| (k, serde_json::Value::String(v)))
                    .collect(),
            ))
        }
        Some(_) => Err(()),
    }
}

/// The answer to a cursor that is not one of ours.
pub(crate) fn bad_cursor() -> OpError {
    let mut errors = crate::domain::errors::ValidationErrors::default();
    errors.push("cursor", crate::domain::errors::FieldCode::InvalidValue);
    OpError::Validation(errors)
}

/// Every item of the organisation's partition under a sort-key prefix.
pub(crate) async fn partition<R: Record>(
    ctx: &Context,
    org_id: &str,
    prefix: &str,
) -> Result<Vec<R>, OpError> {
    crate::operations::reads::query_all(
        ctx,
        Query {
            pk: keys::org_pk(org_id),
            sk_prefix: Some(prefix.into()),
            // Modest pages keep each call short, whatever the size.
            limit: Some(500),
            forward: true,
            ..Query::default()
        },
    )
    .await
}
