//! Swagger 2.0 → OpenAPI 3.0.3, one JSON value to another, remembering where each output part came from.
//!
//! The input has been repaired already, but nothing here trusts its shape: a member of the wrong type
//! is skipped with an `unexpected-shape` warning, and anything without an exact 3.0 equivalent is
//! converted as closely as 3.0 allows with a warning. Warnings point into the Swagger input.
//! Maps keyed by the author's names (paths, schemas, properties) keep the input order; objects with
//! fixed fields are written in the order the OpenAPI 3.0.3 specification lists them.

mod body;
mod components;
mod operation;
mod parameter;
mod response;
mod schema;

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics};
pub use crate::origins::Origins;
use crate::pointer::child;

/// The media type used when neither the operation nor the document says what it consumes or produces.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// The result of [`convert`].
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The OpenAPI 3.0.3 document.
    pub value: Value,
    /// Where each part of the output came from, to point diagnostics about the output back into the Swagger file.
    pub origins: Origins,
}

/// Convert. `diagnostics` receives warnings for anything that has no exact 3.0 equivalent (pointer = into the INPUT).
pub fn convert(swagger: &Value, diagnostics: &mut Diagnostics) -> Converted {
    let mut ctx = Context::new(swagger, diagnostics);
    let mut out = Map::new();
    out.insert("openapi".into(), "3.0.3".into());
    let Some(root) = swagger.as_object() else {
        ctx.unexpected("", "a Swagger 2.0 document object");
        return Converted {
            value: Value::Object(out),
            origins: ctx.origins,
        };
    };
    copy_checked(root, "info", "", Kind::Object, &mut out, &mut ctx);
    copy_checked(root, "externalDocs", "", Kind::Object, &mut out, &mut ctx);
    ctx.servers = ctx.server_urls(root.get("schemes"), "/schemes");
    out.insert("servers".into(), servers(ctx.servers.clone()));
    let origin = server_origin(root);
    ctx.origins.record("/servers", origin);
    for index in 0..ctx.servers.len() {
        let server = child("/servers", &index.to_string());
        ctx.origins.record(&child(&server, "url"), origin);
        ctx.origins.record(&server, origin);
    }
    copy_checked(root, "tags", "", Kind::Array, &mut out, &mut ctx);
    if let Some(paths) = root.get("paths") {
        out.insert(
            "paths".into(),
            Value::Object(operation::paths(paths, &mut ctx)),
        );
    }
    let components = components::components(root, &mut ctx);
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    copy_checked(root, "security", "", Kind::Array, &mut out, &mut ctx);
    copy_extensions(root, &mut out);
    Converted {
        value: Value::Object(out),
        origins: ctx.origins,
    }
}

/// What the conversion carries along: the input, the diagnostics sink, and the origins being built.
struct Context<'a> {
    swagger: &'a Value,
    diagnostics: &'a mut Diagnostics,
    origins: Origins,
    /// The document-level `consumes`, if it lists any media type.
    consumes: Option<Vec<String>>,
    /// The document-level `produces`, if it lists any media type.
    produces: Option<Vec<String>>,
    /// The document's `host`, if any.
    host: Option<String>,
    /// The document's `basePath`, normalized by [`base_path`].
    base_path: String,
    /// The document's server URLs, once computed.
    servers: Vec<String>,
}

impl<'a> Context<'a> {
    fn new(swagger: &'a Value, diagnostics: &'a mut Diagnostics) -> Self {
        let mut ctx = Context {
            swagger,
            diagnostics,
            origins: Origins::default(),
            consumes: None,
            produces: None,
            host: None,
            base_path: String::new(),
            servers: Vec::new(),
        };
        ctx.host = host(swagger, &mut ctx);
        ctx.base_path = base_path(swagger, &mut ctx);
        ctx.consumes = ctx.media_types(swagger.get("consumes"), "/consumes");
        ctx.produces = ctx.media_types(swagger.get("produces"), "/produces");
        ctx
    }

    /// One server URL per scheme (default `https`) from `host` and `basePath`; a single relative URL
    /// without a host, where the scheme is the document's own.
    fn server_urls(&mut self, schemes: Option<&Value>, pointer: &str) -> Vec<String> {
        let mut names = Vec::new();
        match schemes {
            Some(Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(scheme) => names.push(scheme),
                        None => {
                            self.unexpected(&child(pointer, &index.to_string()), "a scheme string")
                        }
                    }
                }
            }
            Some(_) => self.unexpected(pointer, "an array of schemes"),
            None => {}
        }
        let Some(host) = &self.host else {
            let relative = if self.base_path.is_empty() {
                "/"
            } else {
                &self.base_path
            };
            return vec![relative.to_owned()];
        };
        let base = if self.base_path == "/" {
            ""
        } else {
            &self.base_path
        };
        if names.is_empty() {
            names.push("https");
        }
        names
            .into_iter()
            .map(|scheme| format!("{scheme}://{host}{base}"))
            .collect()
    }

    fn warn(&mut self, code: &'static str, pointer: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(code, pointer, message));
    }

    /// The member at `pointer` is not `what`: warn that it is skipped.
    fn unexpected(&mut self, pointer: &str, what: &str) {
        self.warn(
            "unexpected-shape",
            pointer,
            format!("expected {what}; skipped"),
        );
    }

    /// A `consumes`/`produces` list; `None` when absent, empty or not an array.
    fn media_types(&mut self, value: Option<&Value>, pointer: &str) -> Option<Vec<String>> {
        let items = match value? {
            Value::Array(items) => items,
            _ => {
                self.unexpected(pointer, "an array of media types");
                return None;
            }
        };
        let mut types = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(media_type) => types.push(media_type.to_owned()),
                None => self.unexpected(&child(pointer, &index.to_string()), "a media type string"),
            }
        }
        (!types.is_empty()).then_some(types)
    }

    /// The media types an operation consumes: its own list, else the document's, else the default.
    fn consumes(&mut self, operation: &Map<String, Value>, pointer: &str) -> Vec<String> {
        let own = self.media_types(operation.get("consumes"), &child(pointer, "consumes"));
        own.or_else(|| self.consumes.clone())
            .unwrap_or_else(default_media_types)
    }

    /// The media types an operation produces: its own list, else the document's, else the default.
    fn produces(&mut self, operation: &Map<String, Value>, pointer: &str) -> Vec<String> {
        let own = self.media_types(operation.get("produces"), &child(pointer, "produces"));
        own.or_else(|| self.produces.clone())
            .unwrap_or_else(default_media_types)
    }

    /// `reference` rewritten from a Swagger 2.0 location to the OpenAPI 3.0 one.
    fn rewrite_ref(&self, reference: &str) -> String {
        if let Some(name) = reference.strip_prefix("#/definitions/") {
            format!("#/components/schemas/{name}")
        } else if let Some(name) = reference.strip_prefix("#/parameters/") {
            let target = crate::refs::resolve(self.swagger, reference);
            let is_body = target
                .and_then(|param| param.get("in"))
                .and_then(Value::as_str)
                == Some("body");
            let section = if is_body {
                "requestBodies"
            } else {
                "parameters"
            };
            format!("#/components/{section}/{name}")
        } else if let Some(name) = reference.strip_prefix("#/responses/") {
            format!("#/components/responses/{name}")
        } else {
            reference.to_owned()
        }
    }
}

fn default_media_types() -> Vec<String> {
    vec![DEFAULT_MEDIA_TYPE.to_owned()]
}

/// The JSON type a fixed field must have.
#[derive(Debug, Clone, Copy)]
enum Kind {
    String,
    Bool,
    Array,
    Object,
}

impl Kind {
    fn matches(self, value: &Value) -> bool {
        match self {
            Kind::String => value.is_string(),
            Kind::Bool => value.is_boolean(),
            Kind::Array => value.is_array(),
            Kind::Object => value.is_object(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Bool => "a boolean",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Copy `from[key]` into `out` if it is of the right kind; warn and skip it otherwise.
fn copy_checked(
    from: &Map<String, Value>,
    key: &str,
    pointer: &str,
    kind: Kind,
    out: &mut Map<String, Value>,
    ctx: &mut Context,
) {
    let Some(value) = from.get(key) else { return };
    if kind.matches(value) {
        out.insert(key.to_owned(), value.clone());
    } else {
        ctx.unexpected(&child(pointer, key), kind.describe());
    }
}

/// Copy every `x-` extension of `from` into `out`, in input order, its `$ref`s to Swagger 2.0's
/// reusable objects made OpenAPI 3.0's (tools resolve a `$ref` wherever it is, extensions too).
fn copy_extensions(from: &Map<String, Value>, out: &mut Map<String, Value>) {
    for (key, value) in from {
        if key.starts_with("x-") && !out.contains_key(key) {
            out.insert(key.clone(), with_v3_refs(value));
        }
    }
}

/// `value` with every `$ref` string into `#/definitions`, `#/parameters` or `#/responses`
/// rewritten to the components that hold them in OpenAPI 3.0 (a parameter as a parameter: inside
/// an extension, nothing says it was a body).
fn with_v3_refs(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, member)| {
                    let member = match (key.as_str(), member) {
                        ("$ref", Value::String(reference)) => {
                            let sections = [
                                ("#/definitions/", "#/components/schemas/"),
                                ("#/parameters/", "#/components/parameters/"),
                                ("#/responses/", "#/components/responses/"),
                            ];
                            let rewritten = sections.iter().find_map(|(from, to)| {
                                reference
                                    .strip_prefix(from)
                                    .map(|name| format!("{to}{name}"))
                            });
                            Value::String(rewritten.unwrap_or_else(|| reference.clone()))
                        }
                        _ => with_v3_refs(member),
                    };
                    (key.clone(), member)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(with_v3_refs).collect()),
        other => other.clone(),
    }
}

/// The server objects for a list of URLs.
fn servers(urls: Vec<String>) -> Value {
    urls.into_iter()
        .map(|url| serde_json::json!({ "url": url }))
        .collect()
}

/// The input pointer the `servers` list is blamed on.
fn server_origin(root: &Map<String, Value>) -> &'static str {
    if root.contains_key("host") || !root.contains_key("basePath") {
        "/host"
    } else {
        "/basePath"
    }
}

/// The document's `host`, if it names one.
fn host(swagger: &Value, ctx: &mut Context) -> Option<String> {
    match swagger.get("host")? {
        Value::String(host) if !host.is_empty() => Some(host.clone()),
        Value::String(_) => None,
        _ => {
            ctx.unexpected("/host", "a host name string");
            None
        }
    }
}

/// `basePath` with a leading slash and without a single trailing one (unless it is just `/`); empty
/// when absent.
fn base_path(swagger: &Value, ctx: &mut Context) -> String {
    let mut base = match swagger.get("basePath") {
        Some(Value::String(base)) => base.clone(),
        None => return String::new(),
        Some(_) => {
            ctx.unexpected("/basePath", "a path string");
            return String::new();
        }
    };
    if base.is_empty() {
        return base;
    }
    if !base.starts_with('/') {
        let message = format!("basePath `{base}` has no leading `/`; one was added");
        ctx.warn("base-path-without-slash", "/basePath", message);
        base.insert(0, '/');
    }
    if base.len() > 1 && base.ends_with('/') {
        base.pop();
    }
    base
}

/// An OpenAPI 3 `content` map an overlay wrote into a Swagger 2.0 document (where one operation
/// needs several media types with different schemas, which 2.0 cannot say): kept, with each
/// media type's schema converted like any other.
fn oas3_content(value: &Value, pointer: &str, ctx: &mut Context) -> Option<Value> {
    let Some(content) = value.as_object() else {
        ctx.unexpected(pointer, "an object of media types");
        return None;
    };
    let mut out = Map::new();
    for (media, entry) in content {
        let here = child(pointer, media);
        let Some(entry) = entry.as_object() else {
            ctx.unexpected(&here, "a media type object");
            continue;
        };
        let mut converted = entry.clone();
        if let Some(schema) = entry.get("schema") {
            let schema = schema::schema(schema, &child(&here, "schema"), ctx);
            converted.insert("schema".into(), schema);
        }
        out.insert(media.clone(), Value::Object(converted));
    }
    Some(Value::Object(out))
}

/// An OpenAPI 3 `requestBody` an overlay wrote on a Swagger 2.0 operation (see [`oas3_content`]).
fn oas3_request_body(value: &Value, pointer: &str, ctx: &mut Context) -> Option<Value> {
    let Some(body) = value.as_object() else {
        ctx.unexpected(pointer, "a request body object");
        return None;
    };
    let mut out = Map::new();
    copy_checked(body, "description", pointer, Kind::String, &mut out, ctx);
    copy_checked(body, "required", pointer, Kind::Bool, &mut out, ctx);
    let content = body
        .get("content")
        .and_then(|content| oas3_content(content, &child(pointer, "content"), ctx));
    out.insert(
        "content".into(),
        content.unwrap_or_else(|| Value::Object(Map::new())),
    );
    copy_extensions(body, &mut out);
    Some(Value::Object(out))
}
