//! Stage 3: named, generic repairs of defects that real specs have, each reporting what it did.
//!
//! Passes run in the order of [`PASSES`], after the overlay, so a type the overlay pins is never
//! second-guessed. Each pass is generic (nothing here knows about a particular API) and each
//! change it makes is a warning with the JSON pointer of what it changed.

use crate::pointer::At as _;
use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::grammar::{self, Dialect, Kind as Object, METHODS};
use crate::pointer::{Step, child, descend};

/// A repair pass.
pub struct Pass {
    /// Stable name, used as the diagnostic code.
    pub name: &'static str,
    /// What it repairs.
    pub summary: &'static str,
    /// How it runs.
    pub run: Run,
}

/// How a pass runs.
pub enum Run {
    /// Over the whole document, after the schema walk.
    Document(fn(&mut Value, &mut Diagnostics)),
    /// At each schema: one walk over every schema does every schema repair,
    /// before the document passes.
    Schema,
}

/// Every pass, in the order they run.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "invalid-schema-type",
        summary: "a schema `type` that is not a JSON Schema type is dropped: the value stays untyped",
        run: Run::Schema,
    },
    Pass {
        name: "invalid-schema-keyword",
        summary: "a schema keyword whose value has the wrong JSON type is dropped",
        run: Run::Schema,
    },
    Pass {
        name: "untyped-parameter",
        summary: "a Swagger 2.0 non-body parameter without `type` becomes a string",
        run: Run::Document(untyped_parameter),
    },
    Pass {
        name: "form-consumes",
        summary: "an operation with formData parameters but no form media type in `consumes` gets one",
        run: Run::Document(form_consumes),
    },
    Pass {
        name: "base-path-slash",
        summary: "a `basePath` without a leading slash gets one",
        run: Run::Document(base_path_slash),
    },
    Pass {
        name: "https-scheme",
        summary: "`schemes` that allow only plain http are switched to https",
        run: Run::Document(https_scheme),
    },
];

/// Run every pass over `spec`.
pub fn normalize(mut spec: Value, diagnostics: &mut Diagnostics) -> Value {
    schema_walk(&mut spec, diagnostics);
    for pass in PASSES {
        if let Run::Document(run) = pass.run {
            run(&mut spec, diagnostics);
        }
    }
    spec
}

const SCHEMA_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Every top-level schema, with its pointer: definitions and components, parameters, and the
/// bodies and answers of operations in both Swagger 2.0 and OpenAPI 3 form.
fn schema_roots(spec: &Value) -> Vec<(String, &Map<String, Value>)> {
    let mut roots = Vec::new();
    for home in homes(Object::Schema) {
        if let Some(Value::Object(map)) = spec.at(home) {
            roots.extend(objects(map, home));
        }
    }
    for_each_parameter(spec, |pointer, parameter| match parameter.get("schema") {
        Some(Value::Object(schema)) => roots.push((child(pointer, "schema"), schema)),
        Some(_) => {}
        None => roots.push((pointer.to_owned(), parameter)),
    });
    let mut holders: Vec<(String, &Map<String, Value>)> = Vec::new();
    if let Some(Value::Object(paths)) = spec.get("paths") {
        for (path, item) in paths {
            let Value::Object(item) = item else { continue };
            let item_pointer = child("/paths", path);
            for method in METHODS {
                let Some(Value::Object(operation)) = item.get(method) else {
                    continue;
                };
                let operation_pointer = child(&item_pointer, method);
                if let Some(Value::Object(body)) = operation.get("requestBody") {
                    holders.push((child(&operation_pointer, "requestBody"), body));
                }
                if let Some(Value::Object(responses)) = operation.get("responses") {
                    holders.extend(objects(responses, &child(&operation_pointer, "responses")));
                }
            }
        }
    }
    let holder_homes = [
        grammar::home(Object::Response, Dialect::OpenApi3),
        grammar::home(Object::RequestBody, Dialect::OpenApi3),
        grammar::home(Object::Response, Dialect::Swagger2),
    ];
    for home in holder_homes.into_iter().flatten() {
        if let Some(Value::Object(map)) = spec.at(home) {
            holders.extend(objects(map, home));
        }
    }
    for (holder, members) in holders {
        // Swagger 2.0 puts the schema on the response; OpenAPI 3 under each media type.
        if let Some(Value::Object(schema)) = members.get("schema") {
            roots.push((child(&holder, "schema"), schema));
        }
        if let Some(Value::Object(content)) = members.get("content") {
            let content_pointer = child(&holder, "content");
            for (media, item) in content {
                if let Some(Value::Object(schema)) = item.get("schema") {
                    roots.push((child(&child(&content_pointer, media), "schema"), schema));
                }
            }
        }
    }
    roots
}

/// Where reusable objects of `kind` live in Swagger 2.0, then in OpenAPI 3: the repairs read
/// both, since an overlay may write OpenAPI 3 parts into a Swagger 2.0 document.
fn homes(kind: Object) -> impl Iterator<Item = &'static str> {
    [Dialect::Swagger2, Dialect::OpenApi3]
        .into_iter()
        .filter_map(move |dialect| grammar::home(kind, dialect))
}

/// The members of `map` that are objects, each with its pointer (`map` is at `pointer`).
fn objects<'v>(
    map: &'v Map<String, Value>,
    pointer: &str,
) -> impl Iterator<Item = (String, &'v Map<String, Value>)> {
    map.iter().filter_map(move |(key, value)| match value {
        Value::Object(object) => Some((child(pointer, key), object)),
        _ => None,
    })
}

/// The JSON type each schema keyword must have; a keyword of another type is dropped, since the
/// OpenAPI model could not read the schema at all (and its parser retries nested failures, which
/// costs time exponential in the nesting).
const KEYWORD_KINDS: &[(&str, Kind)] = &[
    ("type", Kind::String),
    ("format", Kind::String),
    ("pattern", Kind::String),
    ("title", Kind::String),
    ("description", Kind::String),
    ("minLength", Kind::Count),
    ("maxLength", Kind::Count),
    ("minItems", Kind::Count),
    ("maxItems", Kind::Count),
    ("minProperties", Kind::Count),
    ("maxProperties", Kind::Count),
    ("minimum", Kind::Number),
    ("maximum", Kind::Number),
    ("multipleOf", Kind::Number),
    ("nullable", Kind::Bool),
    ("readOnly", Kind::Bool),
    ("writeOnly", Kind::Bool),
    ("deprecated", Kind::Bool),
    ("uniqueItems", Kind::Bool),
    ("exclusiveMinimum", Kind::Bool),
    ("exclusiveMaximum", Kind::Bool),
    ("required", Kind::Strings),
    ("enum", Kind::Array),
    // Its members that are not schemas are dropped one by one first.
    ("properties", Kind::Object),
    ("allOf", Kind::ObjectList),
    ("oneOf", Kind::ObjectList),
    ("anyOf", Kind::ObjectList),
    ("items", Kind::Object),
    ("not", Kind::Object),
    ("additionalProperties", Kind::ObjectOrBool),
    ("discriminator", Kind::ObjectOrString),
];

/// A JSON shape a schema keyword may take.
#[derive(Clone, Copy)]
enum Kind {
    String,
    Count,
    Number,
    Bool,
    Strings,
    Array,
    Object,
    ObjectList,
    ObjectOrBool,
    ObjectOrString,
}

impl Kind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::String => value.is_string(),
            Kind::Count => value.as_u64().is_some(),
            Kind::Number => value.is_number(),
            Kind::Bool => value.is_boolean(),
            Kind::Strings => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Kind::Array => value.is_array(),
            Kind::Object => value.is_object(),
            Kind::ObjectList => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_object)),
            Kind::ObjectOrBool => value.is_object() || value.is_boolean(),
            Kind::ObjectOrString => value.is_object() || value.is_string(),
        }
    }
}

/// The schema repairs, in one walk over every schema: `invalid-schema-type` at every schema, and
/// `invalid-schema-keyword` at every schema that is not a `$ref` and is not inside one (or inside a
/// keyword it drops). The walk reads the document and builds a JSON pointer only for what it
/// repairs; the repairs (all removals of object members) are made after it.
fn schema_walk(spec: &mut Value, diagnostics: &mut Diagnostics) {
    let is_swagger = spec.get("swagger").is_some();
    let mut removals = Vec::new();
    for (root, schema) in schema_roots(spec) {
        let mut walk = Walk {
            is_swagger,
            in_definitions: root.starts_with("/definitions"),
            path: Vec::new(),
            root: &root,
            removals: &mut removals,
            diagnostics,
        };
        walk.schema(schema, true);
    }
    for (pointer, key) in removals {
        if let Some(Value::Object(map)) = spec.at_mut(&pointer) {
            map.shift_remove(&key);
        }
    }
}

/// The state of [`schema_walk`] under one root schema.
struct Walk<'a, 's> {
    is_swagger: bool,
    /// A `type: file` is allowed, except in Swagger 2.0 definitions.
    in_definitions: bool,
    /// Where the walk is, below `root`.
    path: Vec<Step<'s>>,
    root: &'a str,
    /// (pointer of an object, member to remove from it).
    removals: &'a mut Vec<(String, String)>,
    diagnostics: &'a mut Diagnostics,
}

impl<'s> Walk<'_, 's> {
    /// The pointer of where the walk is, with `more` appended.
    fn pointer(&self, more: &[&str]) -> String {
        let more: Vec<Step<'_>> = more.iter().map(|key| Step::Key(key)).collect();
        descend(&descend(self.root, &self.path), &more)
    }

    fn remove(&mut self, key: &str, code: &'static str, at: String, message: String) {
        self.removals.push((self.pointer(&[]), key.to_owned()));
        self.diagnostics
            .push(Diagnostic::warning(code, at, message));
    }

    /// Check `schema`, then the schemas inside it. `keywords`: whether `invalid-schema-keyword`
    /// applies here.
    fn schema(&mut self, schema: &'s Map<String, Value>, keywords: bool) {
        if let Some(Value::String(ty)) = schema.get("type") {
            let allowed =
                SCHEMA_TYPES.contains(&ty.as_str()) || (ty == "file" && !self.in_definitions);
            if !allowed {
                let at = self.pointer(&["type"]);
                self.remove(
                    "type",
                    "invalid-schema-type",
                    at,
                    format!(
                        "`type: {ty}` is not a JSON Schema type; the value is left untyped (serde_json::Value). \
                         Pin the real type with an overlay action to type it"
                    ),
                );
            }
        }
        let keywords = keywords && !schema.contains_key("$ref");
        let dropped = if keywords {
            self.keywords(schema)
        } else {
            Vec::new()
        };
        let descend = |key: &str| keywords && !dropped.contains(&key);
        for key in ["items", "additionalProperties", "not"] {
            if let Some(Value::Object(nested)) = schema.get(key) {
                let keywords = descend(key);
                self.path.push(Step::Key(key));
                self.schema(nested, keywords);
                self.path.pop();
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(items)) = schema.get(key) {
                let keywords = descend(key);
                self.path.push(Step::Key(key));
                for (index, item) in items.iter().enumerate() {
                    if let Value::Object(nested) = item {
                        self.path.push(Step::Index(index));
                        self.schema(nested, keywords);
                        self.path.pop();
                    }
                }
                self.path.pop();
            }
        }
        if let Some(Value::Object(properties)) = schema.get("properties") {
            let keywords = descend("properties");
            self.path.push(Step::Key("properties"));
            for (name, property) in properties {
                if let Value::Object(nested) = property {
                    self.path.push(Step::Key(name));
                    self.schema(nested, keywords);
                    self.path.pop();
                }
            }
            self.path.pop();
        }
    }

    /// `invalid-schema-keyword` at `schema`: the keywords it drops.
    fn keywords(&mut self, schema: &'s Map<String, Value>) -> Vec<&'static str> {
        // A member of `properties` that is not a schema object (`additionalProperties: false`
        // written among the properties, a JSON Schema boolean) is dropped alone, not the whole
        // `properties`.
        if let Some(Value::Object(properties)) = schema.get("properties") {
            for (name, value) in properties {
                if value.is_object() {
                    continue;
                }
                let at = self.pointer(&["properties", name]);
                self.path.push(Step::Key("properties"));
                self.remove(
                    name,
                    "invalid-schema-keyword",
                    at,
                    format!(
                        "property `{name}: {value}` is not a schema object; the property is ignored"
                    ),
                );
                self.path.pop();
            }
        }
        // A Swagger 2.0 non-body parameter is its own schema, but its `required` is a boolean.
        let parameter = schema.contains_key("in");
        let mut dropped = Vec::new();
        for (keyword, kind) in KEYWORD_KINDS {
            if parameter && *keyword == "required" {
                continue;
            }
            // In Swagger 2.0 `exclusiveMinimum` is a boolean too; in 3.1 (downgraded later) a
            // number is right, so only booleans-or-numbers are checked loosely there.
            let loose = !self.is_swagger && keyword.starts_with("exclusive");
            let Some(value) = schema.get(*keyword) else {
                continue;
            };
            if kind.accepts(value) || (loose && value.is_number()) {
                continue;
            }
            let shown = value.to_string();
            let at = self.pointer(&[keyword]);
            self.remove(
                keyword,
                "invalid-schema-keyword",
                at,
                format!(
                    "`{keyword}: {}` has the wrong JSON type for this keyword; ignored",
                    shown.chars().take(40).collect::<String>()
                ),
            );
            dropped.push(*keyword);
        }
        dropped
    }
}

fn untyped_parameter(spec: &mut Value, diagnostics: &mut Diagnostics) {
    if spec.get("swagger").is_none() {
        return;
    }
    let mut untyped = Vec::new();
    for_each_parameter(spec, |pointer, parameter| {
        let body = parameter.get("in").and_then(Value::as_str) == Some("body");
        if !body && !parameter.contains_key("type") && !parameter.contains_key("$ref") {
            untyped.push(pointer.to_owned());
        }
    });
    for pointer in untyped {
        if let Some(Value::Object(parameter)) = spec.at_mut(&pointer) {
            parameter.insert("type".to_owned(), Value::String("string".to_owned()));
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            diagnostics.push(Diagnostic::warning(
                "untyped-parameter",
                pointer.clone(),
                format!("parameter `{name}` has no `type`; typed as string"),
            ));
        }
    }
}

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

fn form_consumes(spec: &mut Value, diagnostics: &mut Diagnostics) {
    if spec.get("swagger").is_none() {
        return;
    }
    let global = media_types(spec.get("consumes"));
    for (pointer, path_pointer) in operations(spec) {
        let Some(operation) = spec.at(&pointer) else {
            continue;
        };
        let own = media_types(operation.get("consumes"));
        let consumes = if operation.get("consumes").is_some() {
            own
        } else {
            global.clone()
        };
        if consumes
            .iter()
            .any(|m| m.starts_with(FORM) || m.starts_with(MULTIPART))
        {
            continue;
        }
        let parameters = effective_parameters(spec, &path_pointer, &pointer);
        let form: Vec<&Map<String, Value>> = parameters
            .iter()
            .filter(|p| p.get("in").and_then(Value::as_str) == Some("formData"))
            .copied()
            .collect();
        let body = parameters
            .iter()
            .any(|p| p.get("in").and_then(Value::as_str) == Some("body"));
        // With a body parameter as well the operation is contradictory; conversion reports it.
        if form.is_empty() || body {
            continue;
        }
        let file = form
            .iter()
            .any(|p| p.get("type").and_then(Value::as_str) == Some("file"));
        let media = if file { MULTIPART } else { FORM };
        if let Some(Value::Object(operation)) = spec.at_mut(&pointer) {
            operation.insert(
                "consumes".to_owned(),
                Value::Array(vec![Value::String(media.to_owned())]),
            );
        }
        diagnostics.push(Diagnostic::warning(
            "form-consumes",
            pointer.clone(),
            if consumes.is_empty() {
                format!("formData parameters but no `consumes`; the operation now consumes `{media}`")
            } else {
                format!(
                    "formData parameters but `consumes` is [{}]; the operation now consumes `{media}`",
                    consumes.join(", ")
                )
            },
        ));
    }
}

fn base_path_slash(spec: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(Value::String(base_path)) = spec.get_mut("basePath") else {
        return;
    };
    if base_path.starts_with('/') {
        return;
    }
    let fixed = format!("/{base_path}");
    diagnostics.push(Diagnostic::warning(
        "base-path-slash",
        "/basePath",
        format!("`basePath: {base_path}` has no leading slash; using `{fixed}`"),
    ));
    *base_path = fixed;
}

fn https_scheme(spec: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(Value::Array(schemes)) = spec.get_mut("schemes") else {
        return;
    };
    let http_only = !schemes.is_empty() && schemes.iter().all(|s| s.as_str() == Some("http"));
    if http_only {
        *schemes = vec![Value::String("https".to_owned())];
        diagnostics.push(Diagnostic::warning(
            "https-scheme",
            "/schemes",
            "`schemes` allows only plain http; using https (credentials must not travel unencrypted)",
        ));
    }
}

/// Every operation as (operation pointer, path item pointer), in document order.
fn operations(spec: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Some(Value::Object(paths)) = spec.get("paths") else {
        return found;
    };
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let item_pointer = child("/paths", path);
        for method in METHODS {
            if item.get(method).is_some_and(Value::is_object) {
                found.push((child(&item_pointer, method), item_pointer.clone()));
            }
        }
    }
    found
}

/// Call `f` with every parameter object (global, then path-level and operation-level), by pointer.
fn for_each_parameter<'v>(spec: &'v Value, mut f: impl FnMut(&str, &'v Map<String, Value>)) {
    fn list<'v>(
        items: Option<&'v Value>,
        pointer: &str,
        f: &mut impl FnMut(&str, &'v Map<String, Value>),
    ) {
        if let Some(Value::Array(items)) = items {
            for (index, item) in items.iter().enumerate() {
                if let Value::Object(parameter) = item {
                    f(&child(pointer, &index.to_string()), parameter);
                }
            }
        }
    }
    match spec.get("parameters") {
        // Swagger 2.0 global parameters are a map from name to parameter.
        Some(Value::Object(map)) => {
            for (name, item) in map {
                if let Value::Object(parameter) = item {
                    f(&child("/parameters", name), parameter);
                }
            }
        }
        items => list(items, "/parameters", &mut f),
    }
    let Some(Value::Object(paths)) = spec.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let item_pointer = child("/paths", path);
        list(
            item.get("parameters"),
            &child(&item_pointer, "parameters"),
            &mut f,
        );
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                let pointer = child(&child(&item_pointer, method), "parameters");
                list(operation.get("parameters"), &pointer, &mut f);
            }
        }
    }
}

/// The parameters that apply to an operation, following local `$ref`s to global parameters.
fn effective_parameters<'s>(
    spec: &'s Value,
    path_pointer: &str,
    operation_pointer: &str,
) -> Vec<&'s Map<String, Value>> {
    let mut found = Vec::new();
    for list in [
        child(path_pointer, "parameters"),
        child(operation_pointer, "parameters"),
    ] {
        let Some(Value::Array(items)) = spec.at(&list) else {
            continue;
        };
        for item in items {
            let resolved = match item.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference.strip_prefix('#').and_then(|p| spec.at(p)),
                None => Some(item),
            };
            if let Some(Value::Object(parameter)) = resolved {
                found.push(parameter);
            }
        }
    }
    found
}

fn media_types(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}
