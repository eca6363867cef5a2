//! The OpenAPI 3.1 document, generated from the operation registry: routes,
//! bodies, access and problems all come from the code.

use super::problem::{CONTENT_TYPE as PROBLEM, Problem};
use crate::operations::{Access, Body, OperationSpec, registry};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Paths, Ref, RefOr,
    Required, ResponseBuilder, schema::Schema,
};

fn method(spec: &OperationSpec) -> HttpMethod {
    match spec.method {
        "GET" => HttpMethod::Get,
        "PUT" => HttpMethod::Put,
        "PATCH" => HttpMethod::Patch,
        "DELETE" => HttpMethod::Delete,
        _ => HttpMethod::Post,
    }
}

/// The `{name}` parameters of a path template.
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

fn problem_text(status: u16) -> &'static str {
    match status {
        400 => "Unreadable body or invalid link",
        401 => "No valid session, or refused credentials",
        403 => "Permission missing or membership disabled",
        404 => "Not found (or another organisation's)",
        409 => "Conflict: email taken, invalid transition or stale version",
        410 => "Link expired or already used",
        413 => "Body too large",
        415 => "Body is not JSON",
        422 => "Invalid fields",
        500 => "Internal error",
        503 => "Temporarily unavailable; nothing changed, retry",
        _ => "Problem",
    }
}

fn json_content(body: &Body) -> utoipa::openapi::Content {
    ContentBuilder::new()
        .schema(Some(Ref::from_schema_name((body.name)())))
        .build()
}

/// The whole API description.
pub fn document() -> OpenApi {
    let mut paths = Paths::new();
    let mut schemas: Vec<(String, RefOr<Schema>)> = Vec::new();
    let collect = |body: &Body, schemas: &mut Vec<(String, RefOr<Schema>)>| {
        schemas.push(((body.name)().into_owned(), (body.schema)()));
        (body.dependencies)(schemas);
    };
    collect(&Body::of::<Problem>(), &mut schemas);
    for spec in registry() {
        let mut op = OperationBuilder::new()
            .operation_id(Some(spec.id))
            .summary(Some(spec.summary))
            .tag(match spec.access {
                Access::Public => "public",
                Access::Authenticated => "account",
                Access::Operator => "operator",
                Access::Member(_) | Access::MemberAny(_) | Access::Manager => "organisation",
            });
        if spec.access == Access::Operator {
            op = op.description(Some("Requires a platform operator.".to_string()));
        }
        if spec.access == Access::Manager {
            op = op.description(Some(
                "Requires an active manager of the organisation.".to_string(),
            ));
        }
        if let Access::Member(permission) = spec.access {
            let name = serde_json::to_value(permission)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            op = op.description(Some(format!(
                "Requires an active membership of the organisation with the `{name}` permission (managers hold every permission)."
            )));
        }
        if let Access::MemberAny(permissions) = spec.access {
            let names: Vec<String> = permissions
                .iter()
                .filter_map(|p| {
                    serde_json::to_value(p)
                        .ok()
                        .and_then(|v| v.as_str().map(|n| format!("`{n}`")))
                })
                .collect();
            op = op.description(Some(format!(
                "Requires an active membership of the organisation with any one of the {} permissions (managers hold every permission).",
                names.join(", ")
            )));
        }
        for name in path_parameters(spec.path) {
            op = op.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(<String as utoipa::PartialSchema>::schema())),
            );
        }
        for (name, description) in spec.query {
            op = op.parameter(
                ParameterBuilder::new()
                    .name(*name)
                    .parameter_in(ParameterIn::Query)
                    .required(Required::False)
                    .description(Some(*description))
                    .schema(Some(<String as utoipa::PartialSchema>::schema())),
            );
        }
        if spec.creates() {
            op = op.parameter(
                ParameterBuilder::new()
                    .name("Idempotency-Key")
                    .parameter_in(ParameterIn::Header)
                    .required(Required::False)
                    .description(Some(
                        "Up to 100 characters, e.g. a UUID per submission. A retry with the same key and body within 24 hours returns the first answer and creates nothing; the same key with another body is a 422; a retry while the first runs is a retryable 409.",
                    ))
                    .schema(Some(<String as utoipa::PartialSchema>::schema())),
            );
        }
        if let Some(body) = &spec.request {
            collect(body, &mut schemas);
            op = op.request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(if body.required {
                        Required::True
                    } else {
                        Required::False
                    }))
                    .content("application/json", json_content(body))
                    .build(),
            ));
        }
        let (status, body) = &spec.success;
        collect(body, &mut schemas);
        op = op.response(
            status.to_string(),
            ResponseBuilder::new()
                .description("Success")
                .content("application/json", json_content(body)),
        );
        for status in spec.problem_statuses() {
            op = op.response(
                status.to_string(),
                ResponseBuilder::new()
                    .description(problem_text(status))
                    .content(
                        PROBLEM,
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Problem")))
                            .build(),
                    ),
            );
        }
        if spec.access != Access::Public {
            op = op.security(SecurityRequirement::new("cognito", Vec::<String>::new()));
        }
        paths.add_path_operation(spec.path, vec![method(spec)], op.build());
    }
    let mut components = ComponentsBuilder::new().security_scheme(
        "cognito",
        SecurityScheme::Http(
            Http::builder()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some("A Cognito access token from POST /sessions"))
                .build(),
        ),
    );
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    // Two types of one name would be one schema, the other's fields lost
    // from the document and the portal's client: refused where it is built.
    for pair in schemas.windows(2) {
        if pair[0].0 == pair[1].0 {
            let (a, b) = (
                serde_json::to_value(&pair[0].1).unwrap_or_default(),
                serde_json::to_value(&pair[1].1).unwrap_or_default(),
            );
            assert_eq!(a, b, "two different schemas are named {}", pair[0].0);
        }
    }
    schemas.dedup_by(|a, b| a.0 == b.0);
    for (name, schema) in schemas {
        components = components.schema(name, schema);
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Sésame API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Accounts, activation, roles per establishment and portals for organisations. Errors are application/problem+json (RFC 9457) in French or English by Accept-Language.",
                ))
                .build(),
        )
        .paths(paths)
        .components(Some(components.build()))
        .build()
}
