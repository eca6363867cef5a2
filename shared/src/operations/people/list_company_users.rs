//! The users of every company a person manages, in one list (seed 004: "Si
//! vous gérez plusieurs entreprises"): the filters of the one-organisation
//! list, plus "Entreprise" (`company`), sorted and paged together. Only her
//! active memberships that would open that organisation's own users list
//! count (`manage_users` somewhere, or manager; her second factor set up if
//! required), each read with what she may see there; a company she does not
//! manage answers 404, as another organisation's data does.

use crate::domain::organisation::model::{Establishment, Organisation};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::Permission;
use crate::domain::people::user_list::{Company, Cursor, ListQuery, page_many};
use crate::layout::keys;
use crate::layout::records::from_item;
use crate::operations::caller::admit;
use crate::operations::reads::{account_with_memberships, partition};
use crate::operations::views::UserView;
use crate::operations::{
    Access, Body, Context, Handler, Member, OpError, OperationSpec, Outcome, Output, Request,
    run_fn,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("list_company_users")
    .get("/me/users")
    .access(Access::Authenticated)
    .summary("The users of every organisation (company) the caller manages, in one list: filters (company among them), sort, pages, total count")
    .query(&[
        ("company", "Only this organisation's users (one of the caller's companies)"),
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
    .answers(200, Body::of::<CompanyUserList>())
    .problems(&[404, 422])
    .handler(Handler::run(run_fn!(run)));

/// One page of the users of the caller's companies.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyUserList {
    /// Each row's `org_id` names its company.
    pub items: Vec<UserView>,
    /// Users matching the filters (all pages).
    pub total: usize,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// The companies whose users she may list (the "Entreprise" filter),
    /// by name.
    pub companies: Vec<CompanyName>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyName {
    pub org_id: String,
    pub name: String,
}

async fn run(ctx: &Context, request: Request) -> Outcome {
    let account_id = request.account_id.clone().ok_or(OpError::Unauthenticated)?;
    let query = ListQuery::parse(|name| request.query(name).map(str::to_string))?;
    if matches!(query.cursor, Some(Cursor::Key(_))) {
        return Err(crate::operations::reads::bad_cursor());
    }
    // Her account and memberships: one Query; their organisations: one
    // BatchGetItem.
    let (account, memberships) = account_with_memberships(ctx, &account_id).await?;
    let memberships: Vec<Membership> = memberships
        .into_iter()
        .filter(|m| m.status == MembershipStatus::Active)
        .collect();
    let orgs = ctx
        .store
        .get_many(
            &memberships
                .iter()
                .map(|m| keys::org(&m.org_id))
                .collect::<Vec<_>>(),
        )
        .await?;
    let mut managed: Vec<Member> = Vec::new();
    for (m, org) in memberships.into_iter().zip(orgs) {
        let Some(org) = org else { continue };
        let org: Organisation = from_item(org)?;
        if let Ok(member) = admit(
            &account_id,
            m,
            org,
            account.as_ref(),
            Access::Member(Permission::ManageUsers),
        ) {
            managed.push(member);
        }
    }
    managed.sort_by(|a, b| a.org.name.cmp(&b.org.name));
    let companies: Vec<CompanyName> = managed
        .iter()
        .map(|m| CompanyName {
            org_id: m.org_id().to_string(),
            name: m.org.name.clone(),
        })
        .collect();
    let listed: Vec<&Member> = match request.query("company") {
        None => managed.iter().collect(),
        Some(id) => vec![
            managed
                .iter()
                .find(|m| m.org_id() == id)
                .ok_or(OpError::NotFound)?,
        ],
    };
    // Each company's members and establishments (two Queries at once per
    // company; a person manages a few).
    let mut reads = Vec::with_capacity(listed.len());
    for m in &listed {
        let (members, establishments) = tokio::try_join!(
            partition::<Membership>(ctx, m.org_id(), keys::MEMBER_PREFIX),
            partition::<Establishment>(ctx, m.org_id(), keys::ESTABLISHMENT_PREFIX),
        )?;
        let names: BTreeMap<String, String> =
            establishments.into_iter().map(|e| (e.id, e.name)).collect();
        reads.push((members, names));
    }
    let sets: Vec<Company> = listed
        .iter()
        .zip(&reads)
        .map(|(member, (members, names))| Company {
            members,
            viewer: member.access(),
            est_names: names,
        })
        .collect();
    let result = page_many(&sets, &query);
    let org_of = |id: &str| listed.iter().find(|m| m.org_id() == id).map(|m| &m.org);
    Output::json(
        200,
        &CompanyUserList {
            items: result
                .rows
                .iter()
                .filter_map(|m| Some(UserView::new(m, None, None).requiring(m, org_of(&m.org_id)?)))
                .collect(),
            total: result.total,
            next_cursor: result.next.map(|c| c.encode()),
            companies,
        },
    )
}
