//! An OpenAPI 3.0 document's schemas as JSON Schema Draft 4, for a validator: 3.0's schema object
//! is Draft 4's (boolean `exclusiveMinimum` and all) plus `nullable` and keywords of its own.
//!
//! `nullable: true` becomes `anyOf: [{type: null}, the schema]`, which allows `null` whatever the
//! schema says (an `enum` without `null`, a `$ref`, an `allOf`), as the generated types do. The
//! wrapper is marked, and [`locate`] turns a pointer into the document into one into the
//! translation (through `anyOf/1` at each wrapper). The
//! keywords only OpenAPI reads (`discriminator`, `xml`, `example`, `externalDocs`, `deprecated`,
//! `readOnly`, `writeOnly`) are dropped, but a `discriminator` beside `oneOf` makes it `anyOf`:
//! the tag picks the alternative, so a value that fits two of them (a `Dog` that is also a valid
//! `Cat` but for its tag's meaning) is one value of the union, not an ambiguous one. Everything
//! outside schemas is kept as it is, so a
//! pointer into the document names the same node in the translation.

use serde_json::{Map, Value, json};

/// The member marking a `nullable` wrapper (validators ignore unknown keywords).
const WRAPPER: &str = "x-samples-nullable";

/// The translation's pointer for `pointer` into the document: `anyOf/1` inside each `nullable`
/// wrapper on the way.
pub(crate) fn locate(translated: &Value, pointer: &str) -> String {
    let mut out = String::new();
    let mut node = Some(translated);
    for token in pointer.split('/').skip(1) {
        if let Some(wrapper) = node.filter(|n| n.get(WRAPPER).is_some()) {
            out.push_str("/anyOf/1");
            node = wrapper.get("anyOf").and_then(|a| a.get(1));
        }
        let key = token.replace("~1", "/").replace("~0", "~");
        node = node.and_then(|n| match n {
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => n.get(&key),
        });
        out.push('/');
        out.push_str(token);
    }
    out
}

/// Keywords of OpenAPI's schema object that JSON Schema does not have.
const OPENAPI_ONLY: &[&str] = &[
    "nullable",
    "discriminator",
    "xml",
    "example",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// The document with every schema translated: those under `components/schemas` and every
/// `schema` member (parameters, headers, media types), wherever they are.
pub(crate) fn translate(document: &Value) -> Value {
    walk(document, false)
}

fn walk(node: &Value, in_components: bool) -> Value {
    match node {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| {
                    let value = match key.as_str() {
                        "schema" => schema(value),
                        "schemas" if in_components => match value {
                            Value::Object(schemas) => Value::Object(
                                schemas
                                    .iter()
                                    .map(|(k, v)| (k.clone(), schema(v)))
                                    .collect(),
                            ),
                            other => other.clone(),
                        },
                        "components" => walk(value, true),
                        _ => walk(value, false),
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, false)).collect()),
        other => other.clone(),
    }
}

/// One schema object and every schema inside it.
pub(crate) fn schema(node: &Value) -> Value {
    let Value::Object(members) = node else {
        return node.clone();
    };
    // A `$ref` to another file, which the generator does not follow (it types the value as any
    // JSON): any value here too.
    if members
        .get("$ref")
        .and_then(Value::as_str)
        .is_some_and(|reference| !reference.starts_with('#'))
    {
        return json!({});
    }
    let mut out = Map::new();
    for (key, value) in members {
        if OPENAPI_ONLY.contains(&key.as_str()) {
            continue;
        }
        let value = match key.as_str() {
            "properties" | "patternProperties" | "definitions" => match value {
                Value::Object(schemas) => Value::Object(
                    schemas
                        .iter()
                        .map(|(k, v)| (k.clone(), schema(v)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "items" | "additionalProperties" | "not" => match value {
                Value::Array(items) => Value::Array(items.iter().map(schema).collect()),
                other => schema(other),
            },
            "oneOf" if members.contains_key("discriminator") => {
                out.insert(
                    "anyOf".to_owned(),
                    match value {
                        Value::Array(items) => Value::Array(items.iter().map(schema).collect()),
                        other => other.clone(),
                    },
                );
                continue;
            }
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(items) => Value::Array(items.iter().map(schema).collect()),
                other => other.clone(),
            },
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    exclusive_bounds(&mut out);
    let translated = Value::Object(out);
    if members.get("nullable") == Some(&Value::Bool(true)) {
        json!({"anyOf": [{"type": "null"}, translated], WRAPPER: true})
    } else {
        translated
    }
}

/// Draft 4's `exclusiveMinimum` is a flag on `minimum` and needs it; a number (what 3.1 writes,
/// left in by an author) is the bound itself.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (bound, flag) in [
        ("minimum", "exclusiveMinimum"),
        ("maximum", "exclusiveMaximum"),
    ] {
        match schema.get(flag) {
            Some(Value::Number(number)) => {
                let number = Value::Number(number.clone());
                schema.insert(bound.to_owned(), number);
                schema.insert(flag.to_owned(), Value::Bool(true));
            }
            Some(Value::Bool(_)) if !schema.contains_key(bound) => {
                schema.remove(flag);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_allows_null_around_anything() {
        let enumeration = json!({"type": "string", "enum": ["a"], "nullable": true});
        assert_eq!(
            schema(&enumeration),
            json!({"anyOf": [{"type": "null"}, {"type": "string", "enum": ["a"]}], WRAPPER: true})
        );
        let reference = json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true});
        assert_eq!(
            schema(&reference),
            json!({"anyOf": [{"type": "null"}, {"allOf": [{"$ref": "#/components/schemas/A"}]}], WRAPPER: true})
        );
    }

    #[test]
    fn openapi_keywords_dropped_inside_schemas_only() {
        let document = json!({
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "example": 1,
                "schema": {"type": "integer", "example": 1, "readOnly": true}}]}}},
            "components": {"schemas": {"A": {
                "type": "object",
                "discriminator": {"propertyName": "kind"},
                "properties": {"example": {"type": "string", "xml": {"name": "x"}}},
                "additionalProperties": {"type": "string", "deprecated": true}
            }}}
        });
        let translated = translate(&document);
        assert_eq!(
            translated["paths"]["/a"]["get"]["parameters"][0],
            json!({"name": "q", "example": 1, "schema": {"type": "integer"}})
        );
        assert_eq!(
            translated["components"]["schemas"]["A"],
            json!({
                "type": "object",
                "properties": {"example": {"type": "string"}},
                "additionalProperties": {"type": "string"}
            })
        );
    }

    #[test]
    fn pointers_find_their_schema_inside_nullable_wrappers() {
        let document = json!({"components": {"schemas": {"A": {"type": "object", "nullable": true,
            "properties": {"b": {"type": "object", "nullable": true, "properties": {"c": {}}}}}}}});
        let translated = translate(&document);
        let pointer = locate(
            &translated,
            "/components/schemas/A/properties/b/properties/c",
        );
        assert_eq!(
            pointer,
            "/components/schemas/A/anyOf/1/properties/b/anyOf/1/properties/c"
        );
        assert_eq!(translated.pointer(&pointer), Some(&json!({})));
    }

    #[test]
    fn a_discriminator_lets_the_tag_choose() {
        let union = json!({"oneOf": [{"$ref": "#/a"}], "discriminator": {"propertyName": "kind"}});
        assert_eq!(schema(&union), json!({"anyOf": [{"$ref": "#/a"}]}));
    }

    #[test]
    fn exclusive_bounds_are_draft_4_flags() {
        assert_eq!(
            schema(&json!({"minimum": 1, "exclusiveMinimum": true})),
            json!({"minimum": 1, "exclusiveMinimum": true})
        );
        assert_eq!(
            schema(&json!({"exclusiveMaximum": 5})),
            json!({"maximum": 5, "exclusiveMaximum": true})
        );
        assert_eq!(schema(&json!({"exclusiveMinimum": true})), json!({}));
    }
}
