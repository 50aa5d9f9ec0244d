//! Schemas: Swagger 2.0 schema objects, and the inline types of parameters and headers, as 3.0 schemas.

use serde_json::{Map, Value, json};

use super::Context;
use crate::pointer::child;

/// Deeper schemas than this are replaced by `{}` with a warning, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 128;

/// The keywords a non-body parameter, a header or an items object shares with a schema.
const SIMPLE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// What `type: file` becomes where it appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileType {
    /// In a form: a binary string (`format: binary`).
    Binary,
    /// Anywhere else `file` means nothing: a plain string, with a warning.
    Invalid,
}

/// A Swagger 2.0 schema object at `pointer` as an OpenAPI 3.0 schema.
pub(super) fn schema(value: &Value, pointer: &str, ctx: &mut Context) -> Value {
    convert(value, pointer, 0, ctx)
}

fn convert(value: &Value, pointer: &str, depth: usize, ctx: &mut Context) -> Value {
    let Some(map) = value.as_object() else {
        ctx.unexpected(pointer, "a schema object");
        return json!({});
    };
    if depth > MAX_DEPTH {
        let message = format!("schema nested deeper than {MAX_DEPTH} levels; replaced by `{{}}`");
        ctx.warn("schema-too-deep", pointer, message);
        return json!({});
    }
    let is_file = map.get("type").and_then(Value::as_str) == Some("file");
    let mut out = Map::new();
    for (key, value) in map {
        let here = child(pointer, key);
        match key.as_str() {
            "$ref" => {
                let rewritten = value
                    .as_str()
                    .map(|reference| ctx.rewrite_ref(reference).into());
                out.insert(key.clone(), rewritten.unwrap_or_else(|| value.clone()));
            }
            "type" if is_file => {
                out.insert("type".into(), "string".into());
                out.insert("format".into(), "binary".into());
            }
            "format" if is_file => {}
            "x-nullable" => match value {
                Value::Bool(true) => {
                    out.insert("nullable".into(), true.into());
                }
                Value::Bool(false) => {}
                _ => ctx.unexpected(&here, "a boolean"),
            },
            "discriminator" => {
                let converted = match value {
                    Value::String(name) => json!({ "propertyName": name }),
                    other => other.clone(),
                };
                out.insert(key.clone(), converted);
            }
            _ => {
                if let Some(converted) = subschema(key, value, &here, depth, ctx) {
                    out.insert(key.clone(), converted);
                }
            }
        }
    }
    Value::Object(wrap_annotated_reference(out))
}

/// OpenAPI 3.0 ignores everything beside a `$ref`, while Swagger 2.0 documents put `x-nullable`
/// and descriptions there (Kubernetes: hundreds of property descriptions). `{$ref, nullable,
/// description}` becomes `{allOf: [{$ref}], nullable, description}`, which keeps their meaning.
fn wrap_annotated_reference(mut out: Map<String, Value>) -> Map<String, Value> {
    if !out.contains_key("$ref") || out.len() == 1 {
        return out;
    }
    let mut wrapped = Map::new();
    if let Some(reference) = out.remove("$ref") {
        wrapped.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
    wrapped.extend(out);
    wrapped
}

/// A keyword other than those handled in [`convert`]: sub-schemas converted, extensions and
/// everything else copied. `None` drops it.
fn subschema(
    key: &str,
    value: &Value,
    pointer: &str,
    depth: usize,
    ctx: &mut Context,
) -> Option<Value> {
    if key.starts_with("x-") {
        return Some(value.clone());
    }
    match (key, value) {
        ("properties" | "patternProperties", Value::Object(properties)) => {
            let converted = properties
                .iter()
                .map(|(name, property)| {
                    let converted = convert(property, &child(pointer, name), depth + 1, ctx);
                    (name.clone(), converted)
                })
                .collect();
            Some(Value::Object(converted))
        }
        ("properties" | "patternProperties", _) => {
            ctx.unexpected(pointer, "an object of schemas");
            None
        }
        ("items" | "additionalProperties" | "not", Value::Object(_)) => {
            Some(convert(value, pointer, depth + 1, ctx))
        }
        ("additionalProperties", Value::Bool(_)) => Some(value.clone()),
        ("items" | "allOf" | "anyOf" | "oneOf", Value::Array(items)) => {
            let converted = items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    convert(item, &child(pointer, &index.to_string()), depth + 1, ctx)
                })
                .collect();
            Some(Value::Array(converted))
        }
        ("items" | "additionalProperties" | "not" | "allOf" | "anyOf" | "oneOf", _) => {
            ctx.unexpected(pointer, "a schema");
            None
        }
        _ => Some(value.clone()),
    }
}

/// The schema of a non-body parameter, header or items object at `pointer`: its schema keywords, in
/// input order. `collectionFormat` is the caller's business, except nested in `items` where 3.0 has
/// no way to say it.
pub(super) fn simple_schema(
    map: &Map<String, Value>,
    pointer: &str,
    files: FileType,
    ctx: &mut Context,
) -> Map<String, Value> {
    simple(map, pointer, files, 0, ctx)
}

fn simple(
    map: &Map<String, Value>,
    pointer: &str,
    files: FileType,
    depth: usize,
    ctx: &mut Context,
) -> Map<String, Value> {
    let is_file = map.get("type").and_then(Value::as_str) == Some("file");
    let mut out = Map::new();
    for (key, value) in map {
        if !SIMPLE_KEYWORDS.contains(&key.as_str()) || (is_file && key == "format") {
            continue;
        }
        let here = child(pointer, key);
        match (key.as_str(), value) {
            ("type", _) if is_file => {
                out.insert("type".into(), "string".into());
                if files == FileType::Binary {
                    out.insert("format".into(), "binary".into());
                } else {
                    let message =
                        "`type: file` is only allowed on formData parameters; treated as a string";
                    ctx.warn("file-outside-form", &here, message);
                }
            }
            ("items", Value::Object(_)) if depth >= MAX_DEPTH => {
                let message = format!("items nested deeper than {MAX_DEPTH} levels; dropped");
                ctx.warn("schema-too-deep", &here, message);
            }
            ("items", Value::Object(items)) => {
                if items.get("type").and_then(Value::as_str) == Some("array")
                    && items.contains_key("collectionFormat")
                {
                    let message = "a collectionFormat nested in `items` has no OpenAPI 3.0 equivalent; dropped";
                    ctx.warn(
                        "collection-format-nested",
                        &child(&here, "collectionFormat"),
                        message,
                    );
                }
                let converted = simple(items, &here, files, depth + 1, ctx);
                out.insert(key.clone(), Value::Object(converted));
            }
            ("items", _) => ctx.unexpected(&here, "an items object"),
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}
