//! Reads `infra/template.yaml` and the nested stacks it declares
//! (`infra/stacks/<context>.yaml`): the HTTP API routes of the functions
//! and the properties of the table, user pool, client and sender, so the
//! local runner serves and provisions exactly what is declared.

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
    /// `AuthorizationType: NONE` on its route (the others need the JWT).
    pub public: bool,
}

/// The parent template and its nested stacks.
#[derive(Debug, Clone)]
pub struct Template {
    /// The parent (`infra/template.yaml`).
    pub doc: Value,
    /// Each nested stack (`AWS::Serverless::Application`): its logical id
    /// in the parent and its template, in the parent's order.
    pub stacks: Vec<(String, Value)>,
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

/// A tagged scalar's text: `!Ref X` tagged `Ref` is `X`.
fn tagged<'a>(value: &'a Value, tag: &str) -> Option<&'a str> {
    match value {
        Value::Tagged(t) if t.tag == tag => t.value.as_str(),
        _ => None,
    }
}

impl Template {
    /// The parent and every nested stack it declares (their `Location`
    /// is a path from `infra/`).
    pub fn load() -> Result<Template, TemplateError> {
        let mut template = Template::parse(&std::fs::read_to_string(template_path())?)?;
        let infra = root().join("infra");
        let mut stacks = Vec::new();
        for (id, resource) in template.parent_resources()? {
            if resource.get("Type").and_then(|t| t.as_str()) != Some("AWS::Serverless::Application")
            {
                continue;
            }
            let id = id.as_str().unwrap_or_default().to_string();
            let location = text(resource, &["Properties", "Location"])
                .ok_or_else(|| TemplateError::Missing(format!("{id} Location")))?;
            let source = std::fs::read_to_string(infra.join(location))?;
            stacks.push((id, serde_yaml_ng::from_str(&source)?));
        }
        template.stacks = stacks;
        Ok(template)
    }

    /// The parent alone (no nested stack read).
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        Ok(Template {
            doc: serde_yaml_ng::from_str(source)?,
            stacks: Vec::new(),
        })
    }

    fn parent_resources(&self) -> Result<&serde_yaml_ng::Mapping, TemplateError> {
        get(&self.doc, &["Resources"])
            .and_then(|r| r.as_mapping())
            .ok_or_else(|| TemplateError::Missing("Resources".into()))
    }

    /// Every template: the parent, then each nested stack.
    pub fn documents(&self) -> impl Iterator<Item = &Value> {
        std::iter::once(&self.doc).chain(self.stacks.iter().map(|(_, doc)| doc))
    }

    /// Every resource of every template, with the template it is in.
    fn all(&self) -> impl Iterator<Item = (&str, &Value, &Value)> {
        self.documents().flat_map(|doc| {
            get(doc, &["Resources"])
                .and_then(|r| r.as_mapping())
                .into_iter()
                .flatten()
                .filter_map(move |(k, v)| Some((k.as_str()?, v, doc)))
        })
    }

    /// A resource by logical id, in whichever template declares it (the
    /// generator keeps logical ids unique across them).
    pub fn resource(&self, logical_id: &str) -> Result<&Value, TemplateError> {
        self.all()
            .find(|(id, _, _)| *id == logical_id)
            .map(|(_, r, _)| r)
            .ok_or_else(|| TemplateError::Missing(logical_id.into()))
    }

    /// A resource's properties by logical id.
    pub fn properties(&self, logical_id: &str) -> Result<&Value, TemplateError> {
        self.resource(logical_id)?
            .get("Properties")
            .ok_or_else(|| TemplateError::Missing(format!("{logical_id}.Properties")))
    }

    /// Logical ids of every resource of a type, in every template.
    pub fn of_type(&self, kind: &str) -> Result<Vec<String>, TemplateError> {
        Ok(self
            .all()
            .filter(|(_, r, _)| r.get("Type").and_then(|t| t.as_str()) == Some(kind))
            .map(|(k, _, _)| k.to_string())
            .collect())
    }

    /// The environment variables of a function (its template's globals,
    /// then its own), each `!Ref` resolved by `resolve` (parameters without
    /// an answer there take their declared default). A nested stack's
    /// parameters are named after the parent's resources (`Table`,
    /// `UserPool`, …), which `resolve` answers.
    pub fn environment(
        &self,
        function: &str,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Result<std::collections::BTreeMap<String, String>, TemplateError> {
        let mut env = std::collections::BTreeMap::new();
        let (_, own, doc) = self
            .all()
            .find(|(id, _, _)| *id == function)
            .ok_or_else(|| TemplateError::Missing(function.into()))?;
        let global = get(doc, &["Globals", "Function", "Environment", "Variables"]);
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
                            .or_else(|| text(doc, &["Parameters", target, "Default"]))
                            .or_else(|| text(&self.doc, &["Parameters", target, "Default"]))
                            .ok_or_else(|| {
                                TemplateError::Missing(format!("a value for !Ref {target}"))
                            })?
                    }
                    // A value built at deploy (a secret's dynamic
                    // reference): `resolve` answers it by the variable's name.
                    Value::Tagged(tagged) if tagged.tag == "Sub" => resolve(name)
                        .ok_or_else(|| TemplateError::Missing(format!("a value for {name}")))?,
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

    /// Every route on the HTTP API: each `AWS::ApiGatewayV2::Route` of the
    /// nested stacks, through its integration (`Target: !Sub
    /// integrations/${X}`) to the function whose alias it invokes
    /// (`IntegrationUri: !Ref F.Alias`), whose binary is its `CodeUri`.
    pub fn routes(&self) -> Result<Vec<Route>, TemplateError> {
        let mut routes = Vec::new();
        for (id, resource, _) in self.all() {
            if resource.get("Type").and_then(|t| t.as_str()) != Some("AWS::ApiGatewayV2::Route") {
                continue;
            }
            let missing = |what: &str| TemplateError::Missing(format!("{id} {what}"));
            let props = resource
                .get("Properties")
                .ok_or_else(|| missing("Properties"))?;
            let key = text(props, &["RouteKey"]).ok_or_else(|| missing("RouteKey"))?;
            let (method, path) = key.split_once(' ').ok_or_else(|| missing("RouteKey"))?;
            let integration = props
                .get("Target")
                .and_then(|t| tagged(t, "Sub"))
                .and_then(|target| target.strip_prefix("integrations/${"))
                .and_then(|target| target.strip_suffix('}'))
                .ok_or_else(|| missing("Target (!Sub integrations/${…})"))?;
            let function = self
                .properties(integration)?
                .get("IntegrationUri")
                .and_then(|t| tagged(t, "Ref"))
                .and_then(|uri| uri.strip_suffix(".Alias"))
                .ok_or_else(|| missing("integration to a function's alias (!Ref F.Alias)"))?
                .to_string();
            // CodeUri `../../.lambda/<binary>`: the binary scripts/package.sh built.
            let binary = text(self.resource(&function)?, &["Properties", "CodeUri"])
                .and_then(|uri| uri.rsplit_once("/.lambda/").map(|(_, b)| b.to_string()))
                .ok_or_else(|| TemplateError::Missing(format!("{function} CodeUri")))?;
            routes.push(Route {
                function,
                binary,
                method: method.to_uppercase(),
                path: path.to_string(),
                public: text(props, &["AuthorizationType"]).as_deref() == Some("NONE"),
            });
        }
        routes.sort();
        Ok(routes)
    }
}
