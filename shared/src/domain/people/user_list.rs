//! The user list of seed 004: filters (name, status, permission,
//! establishment), sortable columns, keyset pages and the total count.

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
    let mut rows: Vec<(String, &Membership)> = members
        .iter()
        .filter(|m| viewer.may_manage(&m.grants, m.manager))
        .filter(|m| matches(m, query))
        .map(|m| (sort_value(m, query.sort, est_names), m))
        .collect();
    rows.sort_by(|a, b| {
        let order =
            a.0.cmp(&b.0)
                .then_with(|| a.1.account_id.cmp(&b.1.account_id));
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
            .position(|(_, m)| &m.account_id == after_id)
            .map(|i| i + 1)
            .unwrap_or((*offset).min(total)),
        _ => 0,
    };
    let end = (start + query.limit).min(total);
    let page: Vec<&Membership> = rows[start..end].iter().map(|(_, m)| *m).collect();
    let next = (end < total).then(|| Cursor::After {
        after_id: page
            .last()
            .map(|m| m.account_id.clone())
            .unwrap_or_default(),
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
