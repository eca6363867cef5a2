//! The user list of seed 004: filters (name, "Actif Oui/Non", status,
//! permission, establishment), sortable columns, keyset pages and the total
//! count — of one organisation, or of every company a manager manages
//! ([`page_many`]).

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::people::membership::{Membership, MembershipStatus};
use crate::domain::people::permission::{Access, Permission};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub const DEFAULT_LIMIT: usize = 25;
pub const MAX_LIMIT: usize = 100;

/// Case- and accent-insensitive form of a text: `Éloïse` → `eloise`.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The sortable columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    LastName,
    FirstName,
    Function,
    Manager,
    Active,
    MainEstablishment,
    LastLogin,
}

impl SortColumn {
    fn parse(raw: &str) -> Option<SortColumn> {
        Some(match raw {
            "last_name" => SortColumn::LastName,
            "first_name" => SortColumn::FirstName,
            "function" => SortColumn::Function,
            "manager" => SortColumn::Manager,
            "active" | "status" => SortColumn::Active,
            "main_establishment" => SortColumn::MainEstablishment,
            "last_login" | "last_login_at" => SortColumn::LastLogin,
            _ => return None,
        })
    }
}

/// A validated list request.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub name: Option<String>,
    /// "Actif Oui/Non": active members only, or all the others.
    pub active: Option<bool>,
    pub status: Option<MembershipStatus>,
    pub permission: Option<Permission>,
    pub establishment: Option<String>,
    pub sort: SortColumn,
    pub descending: bool,
    pub limit: usize,
    pub cursor: Option<Cursor>,
}

/// Where the previous page stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// Pages computed in memory: the last row's id and position.
    After { after_id: String, offset: usize },
    /// Pages read from a sorted index: the store's key to continue from.
    Key(BTreeMap<String, String>),
}

impl Cursor {
    pub fn encode(&self) -> String {
        let text = match self {
            Cursor::After { after_id, offset } => format!("v1:{offset}:{after_id}"),
            Cursor::Key(key) => format!("k1:{}", serde_json::to_string(key).unwrap_or_default()),
        };
        URL_SAFE_NO_PAD.encode(text)
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        if let Some(rest) = text.strip_prefix("k1:") {
            return serde_json::from_str(rest).ok().map(Cursor::Key);
        }
        let rest = text.strip_prefix("v1:")?;
        let (offset, id) = rest.split_once(':')?;
        Some(Cursor::After {
            after_id: id.to_string(),
            offset: offset.parse().ok()?,
        })
    }
}

fn parse_enum<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_string())).ok()
}

impl ListQuery {
    /// No filter and the default column: the order of the name index.
    pub fn is_index_order(&self) -> bool {
        self.name.is_none()
            && self.active.is_none()
            && self.status.is_none()
            && self.permission.is_none()
            && self.establishment.is_none()
            && self.sort == SortColumn::LastName
    }

    /// Validates the query-string parameters (each `None` when absent).
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Result<ListQuery, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = get("name")
            .map(|n| fold(n.trim()))
            .filter(|n| !n.is_empty());
        if name.as_ref().is_some_and(|n| n.chars().count() > 100) {
            errors.push("name", FieldCode::TooLong);
        }
        let active = get("active").and_then(|a| match a.as_str() {
            "yes" | "true" | "oui" => Some(true),
            "no" | "false" | "non" => Some(false),
            _ => {
                errors.push("active", FieldCode::InvalidValue);
                None
            }
        });
        let status = get("status").and_then(|s| {
            let parsed = parse_enum::<MembershipStatus>(&s);
            if parsed.is_none() || parsed == Some(MembershipStatus::Deleted) {
                errors.push("status", FieldCode::InvalidValue);
            }
            parsed
        });
        let permission = get("permission").and_then(|p| {
            let parsed = parse_enum::<Permission>(&p);
            if parsed.is_none() {
                errors.push("permission", FieldCode::InvalidValue);
            }
            parsed
        });
        let sort = match get("sort") {
            None => SortColumn::LastName,
            Some(s) => SortColumn::parse(&s).unwrap_or_else(|| {
                errors.push("sort", FieldCode::InvalidValue);
                SortColumn::LastName
            }),
        };
        let descending = match get("order").as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => {
                errors.push("order", FieldCode::InvalidValue);
                false
            }
        };
        let limit = match get("limit") {
            None => DEFAULT_LIMIT,
            Some(l) => match l.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    errors.push("limit", FieldCode::InvalidValue);
                    DEFAULT_LIMIT
                }
            },
        };
        let cursor = get("cursor").and_then(|c| {
            let parsed = Cursor::decode(&c);
            if parsed.is_none() {
                errors.push("cursor", FieldCode::InvalidValue);
            }
            parsed
        });
        errors.finish(ListQuery {
            name,
            active,
            status,
            permission,
            establishment: get("establishment").filter(|e| !e.is_empty()),
            sort,
            descending,
            limit,
            cursor,
        })
    }
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage<'a> {
    pub rows: Vec<&'a Membership>,
    /// Rows matching the filters, on every page.
    pub total: usize,
    pub next: Option<Cursor>,
}

fn sort_value(m: &Membership, column: SortColumn, est_names: &BTreeMap<String, String>) -> String {
    match column {
        SortColumn::LastName => format!("{}\u{0}{}", fold(&m.last_name), fold(&m.first_name)),
        SortColumn::FirstName => format!("{}\u{0}{}", fold(&m.first_name), fold(&m.last_name)),
        SortColumn::Function => fold(m.function.as_deref().unwrap_or("")),
        SortColumn::Manager => if m.manager { "1" } else { "0" }.into(),
        SortColumn::Active => match m.status {
            MembershipStatus::Active => "0",
            MembershipStatus::Invited => "1",
            MembershipStatus::Draft => "2",
            MembershipStatus::Disabled => "3",
            MembershipStatus::Deleted => "4",
        }
        .into(),
        SortColumn::MainEstablishment => m
            .main_establishment
            .as_ref()
            .map(|id| fold(est_names.get(id).map_or(id.as_str(), String::as_str)))
            .unwrap_or_default(),
        SortColumn::LastLogin => m.last_login_at.map(|t| t.to_string()).unwrap_or_default(),
    }
}

fn matches(m: &Membership, q: &ListQuery) -> bool {
    if m.status == MembershipStatus::Deleted {
        return false;
    }
    if let Some(name) = &q.name {
        let full = fold(&format!(
            "{} {} {}",
            m.first_name, m.last_name, m.first_name
        ));
        if !full.contains(name.as_str()) {
            return false;
        }
    }
    if q.active
        .is_some_and(|yes| yes != (m.status == MembershipStatus::Active))
    {
        return false;
    }
    if q.status.is_some_and(|s| s != m.status) {
        return false;
    }
    let access = Access {
        manager: m.manager,
        grants: &m.grants,
    };
    if let Some(p) = q.permission {
        let held = match &q.establishment {
            Some(est) => access.allows_at(p, est),
            None => access.allows_somewhere(p),
        };
        if !held {
            return false;
        }
    } else if let Some(est) = &q.establishment
        && !m.manager
        && !m.grants.contains_key(est)
    {
        return false;
    }
    true
}

/// Filters, sorts and pages the members a viewer may see.
pub fn page<'a>(
    members: &'a [Membership],
    viewer: &Access<'_>,
    query: &ListQuery,
    est_names: &BTreeMap<String, String>,
) -> ListPage<'a> {
    page_many(
        &[Company {
            members,
            viewer: *viewer,
            est_names,
        }],
        query,
    )
}

/// One organisation's members as one viewer sees them, for [`page_many`].
#[derive(Debug, Clone, Copy)]
pub struct Company<'a, 'v> {
    pub members: &'a [Membership],
    /// The viewer's access in this organisation.
    pub viewer: Access<'v>,
    pub est_names: &'v BTreeMap<String, String>,
}

/// The rows of several organisations (a manager's companies, seed 004) as
/// one list: each filtered by what the viewer may see in it, then sorted
/// and paged together. A row is named by its organisation and account (the
/// same person may be in two companies); with one organisation, by account.
pub fn page_many<'a>(companies: &[Company<'a, '_>], query: &ListQuery) -> ListPage<'a> {
    let several = companies.len() > 1;
    let id = |m: &Membership| {
        if several {
            format!("{}/{}", m.org_id, m.account_id)
        } else {
            m.account_id.clone()
        }
    };
    let mut rows: Vec<(String, &Membership)> = companies
        .iter()
        .flat_map(|c| {
            c.members
                .iter()
                .filter(move |m| c.viewer.may_manage(&m.grants, m.manager))
                .filter(|m| matches(m, query))
                .map(move |m| (sort_value(m, query.sort, c.est_names), m))
        })
        .collect();
    rows.sort_by(|a, b| {
        let order =
            a.0.cmp(&b.0)
                .then_with(|| a.1.account_id.cmp(&b.1.account_id))
                .then_with(|| a.1.org_id.cmp(&b.1.org_id));
        if query.descending {
            order.reverse()
        } else {
            order
        }
    });
    let total = rows.len();
    let start = match &query.cursor {
        Some(Cursor::After { after_id, offset }) => rows
            .iter()
            .position(|(_, m)| &id(m) == after_id)
            .map(|i| i + 1)
            .unwrap_or((*offset).min(total)),
        _ => 0,
    };
    let end = (start + query.limit).min(total);
    let page: Vec<&Membership> = rows[start..end].iter().map(|(_, m)| *m).collect();
    let next = (end < total).then(|| Cursor::After {
        after_id: page.last().map(|m| id(m)).unwrap_or_default(),
        offset: end,
    });
    ListPage {
        rows: page,
        total,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::membership::testing::membership;
    use crate::domain::people::permission::Grants;

    fn member(
        id: &str,
        first: &str,
        last: &str,
        status: MembershipStatus,
        grants: Grants,
    ) -> Membership {
        Membership {
            last_name: last.into(),
            first_name: first.into(),
            email: format!("{id}@x.ca"),
            grants,
            status,
            ..membership("o", id)
        }
    }

    fn q(pairs: &[(&str, &str)]) -> ListQuery {
        ListQuery::parse(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
        .unwrap()
    }

    #[test]
    fn names_fold_case_and_accents() {
        assert_eq!(fold("Éloïse CÔTÉ"), "eloise cote");
    }

    #[test]
    fn filters_sort_and_pages() {
        let leave: Grants = [("e1".to_string(), [Permission::Leave].into())].into();
        let members = vec![
            member("a", "Zoé", "Côté", MembershipStatus::Active, leave.clone()),
            member(
                "b",
                "Éric",
                "Bélanger",
                MembershipStatus::Invited,
                Grants::new(),
            ),
            member("c", "Anne", "cote", MembershipStatus::Active, Grants::new()),
            member(
                "d",
                "Luc",
                "Deleted",
                MembershipStatus::Deleted,
                Grants::new(),
            ),
        ];
        let none = Grants::new();
        let boss = Access {
            manager: true,
            grants: &none,
        };
        let names = BTreeMap::new();
        let all = page(&members, &boss, &q(&[]), &names);
        assert_eq!(all.total, 3);
        let order: Vec<&str> = all.rows.iter().map(|m| m.account_id.as_str()).collect();
        assert_eq!(order, vec!["b", "c", "a"]);
        let cote = page(&members, &boss, &q(&[("name", "COTE")]), &names);
        assert_eq!(cote.total, 2);
        let active = page(
            &members,
            &boss,
            &q(&[
                ("status", "active"),
                ("sort", "first_name"),
                ("order", "desc"),
            ]),
            &names,
        );
        let order: Vec<&str> = active.rows.iter().map(|m| m.account_id.as_str()).collect();
        assert_eq!(order, vec!["a", "c"]);
        let with_leave = page(&members, &boss, &q(&[("permission", "leave")]), &names);
        assert_eq!(with_leave.total, 1);
        let first = page(&members, &boss, &q(&[("limit", "2")]), &names);
        assert_eq!(first.rows.len(), 2);
        let cursor = first.next.clone().unwrap().encode();
        let second = page(
            &members,
            &boss,
            &q(&[("limit", "2"), ("cursor", &cursor)]),
            &names,
        );
        assert_eq!(second.rows.len(), 1);
        assert_eq!(second.rows[0].account_id, "a");
        assert!(second.next.is_none());
        assert_eq!(second.total, 3);
    }

    #[test]
    fn active_yes_or_no_and_several_companies_in_one_list() {
        let a = vec![
            Membership {
                org_id: "o1".into(),
                ..member(
                    "p",
                    "Paule",
                    "Aubin",
                    MembershipStatus::Active,
                    Grants::new(),
                )
            },
            Membership {
                org_id: "o1".into(),
                ..member(
                    "q",
                    "Quentin",
                    "Caron",
                    MembershipStatus::Invited,
                    Grants::new(),
                )
            },
        ];
        // The same person in the second company, and a member the viewer
        // may not manage there (she holds no grant at his establishment).
        let hers: Grants = [("e2".to_string(), [Permission::ManageUsers].into())].into();
        let b = vec![
            Membership {
                org_id: "o2".into(),
                ..member(
                    "p",
                    "Paule",
                    "Aubin",
                    MembershipStatus::Active,
                    [("e2".to_string(), [Permission::Leave].into())].into(),
                )
            },
            Membership {
                org_id: "o2".into(),
                ..member(
                    "r",
                    "René",
                    "Bouchard",
                    MembershipStatus::Active,
                    [("e9".to_string(), [Permission::Leave].into())].into(),
                )
            },
        ];
        let none = Grants::new();
        let names = BTreeMap::new();
        let companies = [
            Company {
                members: &a,
                viewer: Access {
                    manager: true,
                    grants: &none,
                },
                est_names: &names,
            },
            Company {
                members: &b,
                viewer: Access {
                    manager: false,
                    grants: &hers,
                },
                est_names: &names,
            },
        ];
        let rows = |p: &ListPage| -> Vec<String> {
            p.rows
                .iter()
                .map(|m| format!("{}/{}", m.org_id, m.account_id))
                .collect()
        };
        let all = page_many(&companies, &q(&[]));
        assert_eq!(rows(&all), vec!["o1/p", "o2/p", "o1/q"]);
        let active = page_many(&companies, &q(&[("active", "yes")]));
        assert_eq!(rows(&active), vec!["o1/p", "o2/p"]);
        let inactive = page_many(&companies, &q(&[("active", "no")]));
        assert_eq!(rows(&inactive), vec!["o1/q"]);
        // Pages go on after the same person's row in the first company.
        let first = page_many(&companies, &q(&[("limit", "1")]));
        let cursor = first.next.clone().unwrap().encode();
        let second = page_many(&companies, &q(&[("limit", "1"), ("cursor", &cursor)]));
        assert_eq!(rows(&second), vec!["o2/p"]);
        assert!(ListQuery::parse(|k| (k == "active").then(|| "peut-être".into())).is_err());
    }

    #[test]
    fn bad_parameters_are_named() {
        let errors = ListQuery::parse(|k| match k {
            "sort" => Some("shoe_size".into()),
            "limit" => Some("0".into()),
            "status" => Some("deleted".into()),
            "cursor" => Some("!!".into()),
            _ => None,
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields.len(), 4, "{fields:?}");
    }
}
