//! The user list (seed 004 "Mes utilisateurs"): filters, sortable columns,
//! pages with an opaque cursor, total count. Reads the organisation's member
//! partition with `Query` (never a scan).

use crate::domain::organisation::model::Establishment;
use crate::domain::organisation::model::Organisation;
use crate::domain::people::membership::Membership;
use crate::domain::people::permission::Permission;
use crate::domain::people::user_list::{Cursor, ListQuery, page};
use crate::layout::keys;
use crate::layout::records::{from_item, to_item};
use crate::operations::reads::partition;
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, OpError, OperationSpec, Outcome, Output, Request, run_fn,
};
use crate::ports::Query;
use crate::ports::store::{GSI2, GSI2PK, GSI2SK, PK, SK};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_users")
    .get("/orgs/{org_id}/users")
    .access(Access::Member(Permission::ManageUsers))
    .summary("List the organisation's users: filters, sort, pages, total count")
    .query(&[
        ("name", "Part of a first or last name (case- and accent-insensitive)"),
        ("active", "yes: active users only; no: the others"),
        ("status", "draft, invited, active or disabled"),
        ("permission", "Users holding this permission (managers hold all)"),
        ("establishment", "Users with access to this establishment"),
        ("sort", "last_name (default), first_name, function, manager, active, main_establishment, last_login"),
        ("order", "asc (default) or desc"),
        ("limit", "Rows per page, 1 to 100 (default 25)"),
        ("cursor", "next_cursor of the previous page"),
    ])
    .answers(200, Body::of::<UserList>())
    .problems(&[422])
    .handler(Handler::run(run_fn!(run)));

/// One page of users.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    pub items: Vec<UserView>,
    /// Users matching the filters (all pages).
    pub total: usize,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The default view of a manager: one page read from the name index, so the
/// items read do not grow with the organisation; the total comes from the
/// organisation's counters.
async fn index_page(ctx: &Context, org_id: &str, query: &ListQuery) -> Outcome {
    let partition = keys::members_by_name(org_id);
    let start = match &query.cursor {
        None => None,
        Some(Cursor::Key(key)) if key.get(GSI2PK) == Some(&partition) && key.len() == 4 => Some(
            key.iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        ),
        Some(_) => return Err(crate::operations::reads::bad_cursor()),
    };
    let org_key = keys::org(org_id);
    let (page, org) = tokio::join!(
        ctx.store.query(Query {
            index: Some(GSI2),
            pk: partition,
            limit: Some(query.limit as u32 + 1),
            start,
            forward: !query.descending,
            ..Query::default()
        }),
        ctx.store.get(&org_key),
    );
    let page = page?;
    let org: Organisation = from_item(org?.ok_or(OpError::NotFound)?)?;
    let mut rows: Vec<Membership> = page
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<_, _>>()?;
    let more = rows.len() > query.limit || page.next.is_some();
    rows.truncate(query.limit);
    let next = match rows.last() {
        Some(last) if more => {
            let item = to_item(last);
            let key: BTreeMap<String, String> = [PK, SK, GSI2PK, GSI2SK]
                .iter()
                .filter_map(|a| Some((a.to_string(), item.get(*a)?.as_str()?.to_string())))
                .collect();
            Some(Cursor::Key(key).encode())
        }
        _ => None,
    };
    let total = org.members_draft + org.members_invited + org.members_active + org.members_disabled;
    Output::json(
        200,
        &UserList {
            items: rows
                .iter()
                .map(|m| UserView::new(m, None, None).requiring(m, &org))
                .collect(),
            total: total.max(0) as usize,
            next_cursor: next,
        },
    )
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let member = request.member()?;
    let query = ListQuery::parse(|name| request.query(name).map(str::to_string))?;
    let org_id = member.org_id();
    if member.membership.manager && query.is_index_order() {
        return index_page(ctx, org_id, &query).await;
    }
    if matches!(query.cursor, Some(Cursor::Key(_))) {
        return Err(crate::operations::reads::bad_cursor());
    }
    let members: Vec<Membership> = partition(ctx, org_id, keys::MEMBER_PREFIX).await?;
    let names: BTreeMap<String, String> =
        partition::<Establishment>(ctx, org_id, keys::ESTABLISHMENT_PREFIX)
            .await?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
    let result = page(&members, &member.access(), &query, &names);
    Output::json(
        200,
        &UserList {
            items: result
                .rows
                .iter()
                .map(|m| UserView::new(m, None, None).requiring(m, &member.org))
                .collect(),
            total: result.total,
            next_cursor: result.next.map(|c| c.encode()),
        },
    )
}
