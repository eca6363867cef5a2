//! Reads several operations share: whole query results, the account of an
//! email, key cursors of the organisation's partition and bounded scans of it.

use crate::domain::accounts::account::Account;
use crate::domain::people::membership::Membership;
use crate::domain::people::user_list::Cursor;
use crate::layout::keys;
use crate::layout::records::{EmailClaim, Record, from_item};
use crate::operations::{Context, OpError};
use crate::ports::store::{PK, SK};
use crate::ports::{GSI1, Item, Query};
use std::collections::BTreeMap;

/// The record under `key`, if there is one.
pub(crate) async fn record<R: Record>(
    ctx: &Context,
    key: &crate::ports::Key,
) -> Result<Option<R>, OpError> {
    Ok(ctx.store.get(key).await?.map(from_item).transpose()?)
}

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

/// How many items a [`PartitionScan`] asks the store for per page.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PageSize {
    /// The same number every time (the caller keeps only some items).
    Fixed(u32),
    /// As many as the answer still wants (the caller keeps every item).
    Remaining,
}

/// A page of an answer read from the organisation's partition under a
/// sort-key prefix: item after item, until the caller has kept `wanted`
/// of them, `read_limit` have been read (a page once asked for is read to
/// its end) or the partition ends; then the cursor to continue from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scan {
    pub sk_prefix: &'static str,
    pub forward: bool,
    pub wanted: usize,
    pub read_limit: usize,
    pub page_size: PageSize,
}

impl Scan {
    /// Starts the scan where `cursor` (a key cursor of this partition)
    /// stopped, or at the partition's start; any other cursor is refused.
    pub(crate) fn start<'a>(
        self,
        ctx: &'a Context,
        org_pk: &str,
        cursor: Option<&str>,
    ) -> Result<PartitionScan<'a>, OpError> {
        let start = partition_start(cursor, org_pk).map_err(|()| bad_cursor())?;
        Ok(PartitionScan {
            ctx,
            scan: self,
            pk: org_pk.to_string(),
            start,
            page: Vec::new().into_iter(),
            read: 0,
            last: None,
            more: true,
        })
    }
}

/// A [`Scan`] under way.
pub(crate) struct PartitionScan<'a> {
    ctx: &'a Context,
    scan: Scan,
    pk: String,
    start: Option<Item>,
    page: std::vec::IntoIter<Item>,
    read: usize,
    last: Option<BTreeMap<String, String>>,
    more: bool,
}

impl PartitionScan<'_> {
    /// The next item, given how many the caller has kept so far; `None`
    /// once the answer is full, the read budget spent or the partition
    /// read to its end.
    pub(crate) async fn next(&mut self, kept: usize) -> Result<Option<Item>, OpError> {
        loop {
            if kept >= self.scan.wanted {
                if self.page.len() > 0 {
                    // Stopped inside a page: what is left of it follows.
                    self.more = true;
                    self.page = Vec::new().into_iter();
                }
                return Ok(None);
            }
            if let Some(item) = self.page.next() {
                self.read += 1;
                let sk = item
                    .get(SK)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string();
                self.last = Some([(PK.to_string(), self.pk.clone()), (SK.to_string(), sk)].into());
                return Ok(Some(item));
            }
            if self.read >= self.scan.read_limit || !self.more {
                return Ok(None);
            }
            let limit = match self.scan.page_size {
                PageSize::Fixed(n) => n,
                PageSize::Remaining => (self.scan.wanted - kept) as u32,
            };
            let page = self
                .ctx
                .store
                .query(Query {
                    pk: self.pk.clone(),
                    sk_prefix: Some(self.scan.sk_prefix.into()),
                    limit: Some(limit),
                    start: self.start.take(),
                    forward: self.scan.forward,
                    ..Query::default()
                })
                .await?;
            self.more = page.next.is_some();
            self.start = page.next;
            self.page = page.items.into_iter();
        }
    }

    /// The cursor to continue from, while some items remain.
    pub(crate) fn next_cursor(&self) -> Option<String> {
        if self.more {
            self.last.clone().map(|k| Cursor::Key(k).encode())
        } else {
            None
        }
    }
}
