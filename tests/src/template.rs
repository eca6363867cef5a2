//! Reads `infra/template.yaml`: the HTTP API routes of the functions and the
//! properties of the table, user pool, client and sender, so the local
//! runner serves and provisions exactly what is declared.

use serde_yaml_ng::Value;
use std::path::{Path, PathBuf};

/// The workspace root (parent of `tests/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn template_path() -> PathBuf {
    root().join("infra/template.yaml")
}

/// One HTTP API route of one function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub function: String,
    pub binary: String,
    pub method: String,
    pub path: String,
    /// `Auth: Authorizer: NONE` in the template.
    pub public: bool,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub doc: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read the template: {0}")]
    Io(#[from] std::io::Error),
    #[error("the template is not valid YAML: {0}")]
    Yaml(#[from] serde_yaml_ng::Error),
    #[error("the template has no {0}")]
    Missing(String),
}

fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

fn text(value: &Value, path: &[&str]) -> Option<String> {
    get(value, path)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

impl Template {
    pub fn load() -> Result<Template, TemplateError> {
        Template::parse(&std::fs::read_to_string(template_path())?)
    }

    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        Ok(Template {
            doc: serde_yaml_ng::from_str(source)?,
        })
    }

    fn resources(&self) -> Result<&serde_yaml_ng::Mapping, TemplateError> {
        get(&self.doc, &["Resources"])
            .and_then(|r| r.as_mapping())
            .ok_or_else(|| TemplateError::Missing("Resources".into()))
    }

    /// A resource's properties by logical id.
    pub fn properties(&self, logical_id: &str) -> Result<&Value, TemplateError> {
        self.resources()?
            .get(logical_id)
            .and_then(|r| r.get("Properties"))
            .ok_or_else(|| TemplateError::Missing(format!("{logical_id}.Properties")))
    }

    /// Logical ids of every resource of a type.
    pub fn of_type(&self, kind: &str) -> Result<Vec<String>, TemplateError> {
        Ok(self
            .resources()?
            .iter()
            .filter(|(_, r)| r.get("Type").and_then(|t| t.as_str()) == Some(kind))
            .filter_map(|(k, _)| k.as_str().map(str::to_string))
            .collect())
    }

    /// The environment variables of a function (the template's globals,
    /// then its own), each `!Ref` resolved by `resolve` (parameters without
    /// an answer there take their declared default).
    pub fn environment(
        &self,
        function: &str,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Result<std::collections::BTreeMap<String, String>, TemplateError> {
        let mut env = std::collections::BTreeMap::new();
        let global = get(
            &self.doc,
            &["Globals", "Function", "Environment", "Variables"],
        );
        let own = self
            .resources()?
            .get(function)
            .ok_or_else(|| TemplateError::Missing(function.into()))?;
        let own = get(own, &["Properties", "Environment", "Variables"]);
        for vars in [global, own].into_iter().flatten() {
            let Some(map) = vars.as_mapping() else {
                continue;
            };
            for (name, value) in map {
                let Some(name) = name.as_str() else { continue };
                let value = match value {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Tagged(tagged) if tagged.tag == "Ref" => {
                        let target = tagged.value.as_str().unwrap_or_default();
                        resolve(target)
                            .or_else(|| text(&self.doc, &["Parameters", target, "Default"]))
                            .ok_or_else(|| {
                                TemplateError::Missing(format!("a value for !Ref {target}"))
                            })?
                    }
                    other => {
                        return Err(TemplateError::Missing(format!(
                            "a plain value for {name} (found {other:?})"
                        )));
                    }
                };
                env.insert(name.to_string(), value);
            }
        }
        Ok(env)
    }

    /// Every HttpApi route of every function.
    pub fn routes(&self) -> Result<Vec<Route>, TemplateError> {
        let mut routes = Vec::new();
        for (id, resource) in self.resources()? {
            if resource.get("Type").and_then(|t| t.as_str()) != Some("AWS::Serverless::Function") {
                continue;
            }
            let function = id.as_str().unwrap_or_default().to_string();
            // CodeUri `../.lambda/<binary>`: the binary scripts/package.sh built.
            let binary = text(resource, &["Properties", "CodeUri"])
                .and_then(|uri| uri.strip_prefix("../.lambda/").map(str::to_string))
                .ok_or_else(|| TemplateError::Missing(format!("{function} CodeUri")))?;
            let events = get(resource, &["Properties", "Events"])
                .and_then(|e| e.as_mapping())
                .cloned()
                .unwrap_or_default();
            for (_, event) in events {
                if event.get("Type").and_then(|t| t.as_str()) != Some("HttpApi") {
                    continue;
                }
                let props = event.get("Properties").ok_or_else(|| {
                    TemplateError::Missing(format!("{function} event Properties"))
                })?;
                routes.push(Route {
                    function: function.clone(),
                    binary: binary.clone(),
                    method: text(props, &["Method"]).unwrap_or_default().to_uppercase(),
                    path: text(props, &["Path"]).unwrap_or_default(),
                    public: text(props, &["Auth", "Authorizer"]).as_deref() == Some("NONE"),
                });
            }
        }
        routes.sort();
        Ok(routes)
    }
}
