//! Stage 3: named, generic repairs of defects that real specs have, each reporting what it did.
//!
//! Passes run in the order of [`PASSES`], after the overlay, so a type the overlay pins is never
//! second-guessed. Each pass is generic (nothing here knows about a particular API) and each
//! change it makes is a warning with the JSON pointer of what it changed.

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics, child};

/// A repair pass.
pub struct Pass {
    /// Stable name, used as the diagnostic code.
    pub name: &'static str,
    /// What it repairs.
    pub summary: &'static str,
    /// The repair.
    pub run: fn(&mut Value, &mut Diagnostics),
}

/// Every pass, in the order they run.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "invalid-schema-type",
        summary: "a schema `type` that is not a JSON Schema type is dropped: the value stays untyped",
        run: invalid_schema_type,
    },
    Pass {
        name: "invalid-schema-keyword",
        summary: "a schema keyword whose value has the wrong JSON type is dropped",
        run: invalid_schema_keyword,
    },
    Pass {
        name: "untyped-parameter",
        summary: "a Swagger 2.0 non-body parameter without `type` becomes a string",
        run: untyped_parameter,
    },
    Pass {
        name: "form-consumes",
        summary: "an operation with formData parameters but no form media type in `consumes` gets one",
        run: form_consumes,
    },
    Pass {
        name: "base-path-slash",
        summary: "a `basePath` without a leading slash gets one",
        run: base_path_slash,
    },
    Pass {
        name: "https-scheme",
        summary: "`schemes` that allow only plain http are switched to https",
        run: https_scheme,
    },
];

/// Run every pass over `spec`.
pub fn normalize(mut spec: Value, diagnostics: &mut Diagnostics) -> Value {
    for pass in PASSES {
        (pass.run)(&mut spec, diagnostics);
    }
    spec
}

const SCHEMA_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn invalid_schema_type(spec: &mut Value, diagnostics: &mut Diagnostics) {
    let roots = schema_roots(spec);
    // Visit schemas iteratively: nested schemas can be deep.
    let mut stack = roots;
    while let Some(pointer) = stack.pop() {
        let Some(Value::Object(schema)) = spec.pointer_mut(&pointer) else {
            continue;
        };
        if let Some(Value::String(ty)) = schema.get("type") {
            let ty = ty.clone();
            let allowed = SCHEMA_TYPES.contains(&ty.as_str())
                || (ty == "file" && !pointer.starts_with("/definitions"));
            if !allowed {
                schema.remove("type");
                diagnostics.push(Diagnostic::warning(
                    "invalid-schema-type",
                    child(&pointer, "type"),
                    format!(
                        "`type: {ty}` is not a JSON Schema type; the value is left untyped (serde_json::Value). \
                         Pin the real type with an overlay action to type it"
                    ),
                ));
            }
        }
        stack.extend(nested_schemas(&pointer, schema));
    }
}

/// Pointers of every top-level schema: definitions and components, parameters, and the bodies
/// and answers of operations in both Swagger 2.0 and OpenAPI 3 form.
fn schema_roots(spec: &Value) -> Vec<String> {
    let mut roots = Vec::new();
    for container in ["/definitions", "/components/schemas"] {
        if let Some(Value::Object(map)) = spec.pointer(container) {
            roots.extend(map.keys().map(|key| child(container, key)));
        }
    }
    for_each_parameter(spec, |pointer, parameter| {
        roots.push(if parameter.contains_key("schema") {
            child(pointer, "schema")
        } else {
            pointer.to_owned()
        });
    });
    let mut holders: Vec<String> = Vec::new();
    for (operation, _) in operations(spec) {
        holders.push(child(&operation, "requestBody"));
        if let Some(Value::Object(responses)) = spec.pointer(&child(&operation, "responses")) {
            holders.extend(
                responses
                    .keys()
                    .map(|code| child(&child(&operation, "responses"), code)),
            );
        }
    }
    for container in [
        "/components/responses",
        "/components/requestBodies",
        "/responses",
    ] {
        if let Some(Value::Object(map)) = spec.pointer(container) {
            holders.extend(map.keys().map(|key| child(container, key)));
        }
    }
    for holder in holders {
        // Swagger 2.0 puts the schema on the response; OpenAPI 3 under each media type.
        roots.push(child(&holder, "schema"));
        if let Some(Value::Object(content)) = spec.pointer(&child(&holder, "content")) {
            roots.extend(
                content
                    .keys()
                    .map(|media| child(&child(&child(&holder, "content"), media), "schema")),
            );
        }
    }
    roots
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
    ("properties", Kind::Objects),
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
    Objects,
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
            Kind::Objects => value
                .as_object()
                .is_some_and(|map| map.values().all(Value::is_object)),
            Kind::ObjectList => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_object)),
            Kind::ObjectOrBool => value.is_object() || value.is_boolean(),
            Kind::ObjectOrString => value.is_object() || value.is_string(),
        }
    }
}

fn invalid_schema_keyword(spec: &mut Value, diagnostics: &mut Diagnostics) {
    let is_swagger = spec.get("swagger").is_some();
    let mut stack = schema_roots(spec);
    while let Some(pointer) = stack.pop() {
        let Some(Value::Object(schema)) = spec.pointer_mut(&pointer) else {
            continue;
        };
        if schema.contains_key("$ref") {
            continue;
        }
        drop_non_schema_properties(schema, &pointer, diagnostics);
        // A Swagger 2.0 non-body parameter is its own schema, but its `required` is a boolean.
        let parameter = schema.contains_key("in");
        for (keyword, kind) in KEYWORD_KINDS {
            if parameter && *keyword == "required" {
                continue;
            }
            // In Swagger 2.0 `exclusiveMinimum` is a boolean too; in 3.1 (downgraded later) a
            // number is right, so only booleans-or-numbers are checked loosely there.
            let loose = !is_swagger && keyword.starts_with("exclusive");
            let Some(value) = schema.get(*keyword) else {
                continue;
            };
            if kind.accepts(value) || (loose && value.is_number()) {
                continue;
            }
            let shown = value.to_string();
            schema.remove(*keyword);
            diagnostics.push(Diagnostic::warning(
                "invalid-schema-keyword",
                child(&pointer, keyword),
                format!(
                    "`{keyword}: {}` has the wrong JSON type for this keyword; ignored",
                    shown.chars().take(40).collect::<String>()
                ),
            ));
        }
        stack.extend(nested_schemas(&pointer, schema));
    }
}

/// A member of `properties` that is not a schema object (`additionalProperties: false` written
/// among the properties, a JSON Schema boolean) is dropped alone, not the whole `properties`.
fn drop_non_schema_properties(
    schema: &mut Map<String, Value>,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    let pointer = child(pointer, "properties");
    properties.retain(|name, value| {
        if value.is_object() {
            return true;
        }
        diagnostics.push(Diagnostic::warning(
            "invalid-schema-keyword",
            child(&pointer, name),
            format!("property `{name}: {value}` is not a schema object; the property is ignored"),
        ));
        false
    });
}

/// Pointers of the schemas directly inside `schema`.
fn nested_schemas(pointer: &str, schema: &Map<String, Value>) -> Vec<String> {
    let mut nested = Vec::new();
    for key in ["items", "additionalProperties", "not"] {
        if schema.get(key).is_some_and(Value::is_object) {
            nested.push(child(pointer, key));
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(items)) = schema.get(key) {
            nested.extend((0..items.len()).map(|i| child(&child(pointer, key), &i.to_string())));
        }
    }
    if let Some(Value::Object(properties)) = schema.get("properties") {
        nested.extend(
            properties
                .keys()
                .map(|name| child(&child(pointer, "properties"), name)),
        );
    }
    nested
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
        if let Some(Value::Object(parameter)) = spec.pointer_mut(&pointer) {
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
        let Some(operation) = spec.pointer(&pointer) else {
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
        if let Some(Value::Object(operation)) = spec.pointer_mut(&pointer) {
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
            if item.get(*method).is_some_and(Value::is_object) {
                found.push((child(&item_pointer, method), item_pointer.clone()));
            }
        }
    }
    found
}

/// Call `f` with every parameter object (path-level, operation-level and global), by pointer.
fn for_each_parameter(spec: &Value, mut f: impl FnMut(&str, &Map<String, Value>)) {
    let mut lists = vec!["/parameters".to_owned()];
    if let Some(Value::Object(paths)) = spec.get("paths") {
        for (path, item) in paths {
            let item_pointer = child("/paths", path);
            lists.push(child(&item_pointer, "parameters"));
            for method in METHODS {
                if item.get(*method).is_some() {
                    lists.push(child(&child(&item_pointer, method), "parameters"));
                }
            }
        }
    }
    for list in lists {
        match spec.pointer(&list) {
            Some(Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    if let Value::Object(parameter) = item {
                        f(&child(&list, &index.to_string()), parameter);
                    }
                }
            }
            // Swagger 2.0 global parameters are a map from name to parameter.
            Some(Value::Object(map)) if list == "/parameters" => {
                for (name, item) in map {
                    if let Value::Object(parameter) = item {
                        f(&child(&list, name), parameter);
                    }
                }
            }
            _ => {}
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
        let Some(Value::Array(items)) = spec.pointer(&list) else {
            continue;
        };
        for item in items {
            let resolved = match item.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference.strip_prefix('#').and_then(|p| spec.pointer(p)),
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
