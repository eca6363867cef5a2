//! The published permission matrix (seed 004): every operation with what it
//! requires, generated from the operations' own declarations — the very
//! ones `execute` enforces — and the role presets.

use super::{Access, Body, BoxFuture, Context, OperationSpec, Outcome, Output, Request, registry};
use crate::domain::permission::{Permission, RolePreset};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub const SPEC: OperationSpec = OperationSpec {
    id: "permission_matrix",
    method: "GET",
    path: "/permissions",
    access: Access::Public,
    summary: "The permission catalogue, the role presets and the matrix operation × permission",
    query: &[],
    request: None,
    success: (200, Body::of::<Matrix>()),
    problems: &[],
    ahead: None,
    handler,
};

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

#[derive(Debug, Serialize, ToSchema)]
pub struct Matrix {
    pub permissions: Vec<Permission>,
    pub presets: Vec<PresetView>,
    pub operations: Vec<OperationRow>,
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
            };
            let allowed = Permission::ALL
                .iter()
                .map(|p| {
                    let ok = match spec.access {
                        Access::Public | Access::Authenticated => true,
                        Access::Manager | Access::Operator => false,
                        Access::Member(required) => required == *p,
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
    }
}

fn handler(_ctx: &Context, _request: Request) -> BoxFuture<'_> {
    Box::pin(async { run() })
}

fn run() -> Outcome {
    Output::json(200, &matrix())
}
