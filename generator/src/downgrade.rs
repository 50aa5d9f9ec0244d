//! OpenAPI 3.1 → 3.0.3, value to value, so 3.1 input lowers through the same code as 3.0.
//!
//! 3.1 schemas are JSON Schema 2020-12; the differences that matter to a client generator are
//! rewritten to their 3.0 spelling: `type` arrays with `"null"` (→ `nullable`), several types (→
//! `oneOf`), `const` (→ one-value `enum`), schema `examples` (→ `example`), numeric
//! `exclusiveMinimum`/`exclusiveMaximum` (→ the 3.0 boolean form), binary content keywords (→
//! `format`). What 3.0 cannot say (webhooks) is dropped with a warning. Pointers are unchanged.

use serde_json::{Map, Value, json};

use crate::diag::{Diagnostic, Diagnostics};
use crate::pointer::child;

/// Keys whose values are data, not schemas: nothing below them is rewritten.
const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];

/// `document` (OpenAPI 3.1) rewritten as OpenAPI 3.0.3.
pub fn downgrade(mut document: Value, diagnostics: &mut Diagnostics) -> Value {
    rewrite(&mut document, diagnostics);
    document
}

fn rewrite(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Value::Object(root) = document else {
        return;
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    for key in ["webhooks", "jsonSchemaDialect"] {
        if root.remove(key).is_some() {
            diagnostics.push(Diagnostic::warning(
                "unsupported-construct",
                child("", key),
                format!("`{key}` has no OpenAPI 3.0 equivalent; ignored"),
            ));
        }
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    // Iterative walk: specs can nest deeply.
    let mut stack: Vec<(&mut Value, String)> = vec![(document, String::new())];
    while let Some((value, pointer)) = stack.pop() {
        match value {
            Value::Object(map) => {
                rewrite_schema(map);
                for (key, child_value) in map.iter_mut() {
                    if DATA.contains(&key.as_str()) || key.starts_with("x-") {
                        continue;
                    }
                    stack.push((child_value, child(&pointer, key)));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    stack.push((item, child(&pointer, &index.to_string())));
                }
            }
            _ => {}
        }
    }
}

/// Rewrite the 3.1-only keywords of one object, if it is a schema.
fn rewrite_schema(map: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let names: Vec<String> = types
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let concrete: Vec<&String> = names.iter().filter(|t| *t != "null").collect();
        if names.len() != concrete.len() {
            map.insert("nullable".into(), Value::Bool(true));
        }
        map.remove("type");
        match concrete.as_slice() {
            [] => {}
            [one] => {
                map.insert("type".into(), Value::String((*one).clone()));
            }
            several => {
                let alternatives = several.iter().map(|t| json!({ "type": t })).collect();
                map.insert("oneOf".into(), Value::Array(alternatives));
            }
        }
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
    }
    if let Some(value) = map.remove("const") {
        // 3.1 lets `const` stand alone; a 3.0 enum needs its type to be typed.
        if !map.contains_key("type") {
            let ty = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                Value::Number(_) => Some("number"),
                _ => None,
            };
            if let Some(ty) = ty {
                map.insert("type".into(), Value::String(ty.into()));
            }
        }
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(number @ Value::Number(_)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), number);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if map
        .remove("contentEncoding")
        .and_then(|v| v.as_str().map(str::to_owned))
        .as_deref()
        == Some("base64")
    {
        map.insert("format".into(), Value::String("byte".into()));
    }
    if map.remove("contentMediaType").is_some() && !map.contains_key("format") {
        map.insert("format".into(), Value::String("binary".into()));
    }
    strip_null_alternative(map);
}

/// `oneOf`/`anyOf` with a `{type: "null"}` alternative (already rewritten to `{nullable: true}`)
/// becomes the other alternatives, nullable.
fn strip_null_alternative(map: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(alternatives)) = map.get_mut(key) else {
            continue;
        };
        let is_null = |v: &Value| {
            v.get("type").and_then(Value::as_str) == Some("null")
                || (v.get("nullable") == Some(&Value::Bool(true))
                    && v.as_object().is_some_and(|o| o.len() == 1))
        };
        let before = alternatives.len();
        alternatives.retain(|v| !is_null(v));
        if alternatives.len() == before {
            continue;
        }
        map.insert("nullable".into(), Value::Bool(true));
        if let Some(Value::Array(rest)) = map.get(key) {
            if let [only] = rest.as_slice() {
                // One alternative left: `allOf` keeps a `$ref` valid next to `nullable`.
                let only = only.clone();
                map.remove(key);
                map.insert("allOf".into(), Value::Array(vec![only]));
            }
        }
    }
}
