//! The published permission matrix (seed 004): every operation with what it
//! requires, generated from the operations' own declarations — the very
//! ones `execute` enforces — and the role presets.

use crate::domain::people::permission::{
    GRANT_RULE_EN, GRANT_RULE_FR, MANAGER_GRANTED, Permission, RolePreset,
};
use crate::operations::{
    Access, Body, BoxFuture, Context, Handler, OperationSpec, Outcome, Output, Request, Table,
    registry,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec::named("permission_matrix")
    .get("/permissions")
    .access(Access::Public)
    .table(Table::Untouched)
    .summary("The permission catalogue, the role presets and the matrix operation × permission")
    .answers(200, Body::of::<Matrix>())
    .handler(Handler::run(handler));

#[derive(Debug, Serialize, ToSchema)]
pub struct PresetView {
    pub id: RolePreset,
    pub permissions: Vec<Permission>,
    /// Highlighted as the usual roles of an employee account (seed 000).
    pub typical: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OperationRow {
    pub operation: String,
    pub method: String,
    pub path: String,
    /// `public`, `signed_in`, `manager`, or a permission.
    pub requires: String,
    /// Permission → allowed, for a member holding only that permission
    /// (managers hold every permission and are allowed everywhere).
    pub allowed: BTreeMap<String, bool>,
}

/// Who may grant what (DESIGN §5.16), from the domain's own rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantRuleView {
    /// Permissions only a manager grants.
    pub managers_only: Vec<Permission>,
    /// Permission → who may grant it: `manager`, or
    /// `manager_or_holder_with_manage_users` (a non-manager who holds it
    /// herself where she holds `manage_users`, never to herself).
    pub granted_by: BTreeMap<String, String>,
    /// Who may make someone a manager.
    pub manager_flag_granted_by: String,
    /// The rule in words.
    pub rule_fr: String,
    pub rule_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Matrix {
    pub permissions: Vec<Permission>,
    pub presets: Vec<PresetView>,
    pub operations: Vec<OperationRow>,
    pub grant_rule: GrantRuleView,
}

fn name(p: Permission) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The matrix, from the registry.
pub fn matrix() -> Matrix {
    let operations = registry()
        .iter()
        .map(|spec| {
            let requires = match spec.access {
                Access::Public => "public".to_string(),
                Access::Authenticated => "signed_in".to_string(),
                Access::Manager => "manager".to_string(),
                Access::Operator => "operator".to_string(),
                Access::Member(p) => name(p),
                Access::MemberAny(ps) => {
                    ps.iter().map(|p| name(*p)).collect::<Vec<_>>().join(" | ")
                }
            };
            let allowed = Permission::ALL
                .iter()
                .map(|p| {
                    let ok = match spec.access {
                        Access::Public | Access::Authenticated => true,
                        Access::Manager | Access::Operator => false,
                        Access::Member(required) => required == *p,
                        Access::MemberAny(any) => any.contains(p),
                    };
                    (name(*p), ok)
                })
                .collect();
            OperationRow {
                operation: spec.id.to_string(),
                method: spec.method.to_string(),
                path: spec.path.to_string(),
                requires,
                allowed,
            }
        })
        .collect();
    Matrix {
        permissions: Permission::ALL.to_vec(),
        presets: RolePreset::ALL
            .iter()
            .map(|p| PresetView {
                id: *p,
                permissions: p.permissions().to_vec(),
                typical: p.typical(),
            })
            .collect(),
        operations,
        grant_rule: GrantRuleView {
            managers_only: MANAGER_GRANTED.to_vec(),
            granted_by: Permission::ALL
                .iter()
                .map(|p| {
                    let by = if p.granted_by_managers_only() {
                        "manager"
                    } else {
                        "manager_or_holder_with_manage_users"
                    };
                    (name(*p), by.to_string())
                })
                .collect(),
            manager_flag_granted_by: "manager".into(),
            rule_fr: GRANT_RULE_FR.into(),
            rule_en: GRANT_RULE_EN.into(),
        },
    }
}

fn handler(_ctx: &Context, _request: Request) -> BoxFuture<'_> {
    Box::pin(async { run() })
}

fn run() -> Outcome {
    Output::json(200, &matrix())
}
