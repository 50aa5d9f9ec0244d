//! Responses: headers as 3.0 headers, the schema and examples as one content entry per produced media type.

use serde_json::{Map, Value, json};

use super::parameter::array_style;
use super::schema::{self, FileType};
use super::{Context, Kind, copy_checked, copy_extensions};
use crate::pointer::child;

/// An operation's `responses` at `pointer` (the same in input and output).
pub(super) fn responses(
    value: &Value,
    pointer: &str,
    produces: &[String],
    ctx: &mut Context,
) -> Option<Value> {
    let Some(map) = value.as_object() else {
        ctx.unexpected(pointer, "an object of responses");
        return None;
    };
    let mut out = Map::new();
    for (status, response) in map {
        let here = child(pointer, status);
        if status.starts_with("x-") {
            out.insert(status.clone(), response.clone());
        } else if let Some(converted) = self::response(response, &here, &here, produces, ctx) {
            out.insert(status.clone(), converted);
        }
    }
    Some(Value::Object(out))
}

/// The response at `input` as a 3.0 response at `output`; a `$ref` is rewritten.
pub(super) fn response(
    value: &Value,
    input: &str,
    output: &str,
    produces: &[String],
    ctx: &mut Context,
) -> Option<Value> {
    let Some(map) = value.as_object() else {
        ctx.unexpected(input, "a response object");
        return None;
    };
    if let Some(reference) = map.get("$ref") {
        let Some(reference) = reference.as_str() else {
            ctx.unexpected(&child(input, "$ref"), "a reference string");
            return None;
        };
        return Some(json!({ "$ref": ctx.rewrite_ref(reference) }));
    }
    let mut out = Map::new();
    // Required in 3.0 and in 2.0 alike; an empty one says no more than a missing one.
    out.insert("description".into(), "".into());
    copy_checked(map, "description", input, Kind::String, &mut out, ctx);
    if let Some(headers) = map.get("headers") {
        if let Some(converted) = self::headers(
            headers,
            &child(input, "headers"),
            &child(output, "headers"),
            ctx,
        ) {
            out.insert("headers".into(), converted);
        }
    }
    let converted = match map.get("content") {
        Some(content) => super::oas3_content(content, &child(input, "content"), ctx),
        None => content(map, input, output, produces, ctx),
    };
    if let Some(content) = converted {
        out.insert("content".into(), content);
    }
    copy_extensions(map, &mut out);
    Some(Value::Object(out))
}

/// Response headers: each header's type keywords move into a `schema`.
fn headers(value: &Value, input: &str, output: &str, ctx: &mut Context) -> Option<Value> {
    let Some(map) = value.as_object() else {
        ctx.unexpected(input, "an object of headers");
        return None;
    };
    let mut out = Map::new();
    for (name, header) in map {
        let here = child(input, name);
        let Some(header) = header.as_object() else {
            ctx.unexpected(&here, "a header object");
            continue;
        };
        let mut converted = Map::new();
        copy_checked(
            header,
            "description",
            &here,
            Kind::String,
            &mut converted,
            ctx,
        );
        // A 3.0 header is always `style: simple`, which is `csv`; only other formats need a word.
        let _ = array_style(header, false, &here, ctx);
        let schema = schema::simple_schema(header, &here, FileType::Invalid, ctx);
        converted.insert("schema".into(), Value::Object(schema));
        ctx.origins
            .record(&child(&child(output, name), "schema"), &here);
        copy_extensions(header, &mut converted);
        out.insert(name.clone(), Value::Object(converted));
    }
    Some(Value::Object(out))
}

/// One content entry per produced media type with the schema and that type's example; `None`
/// when the response has no schema (no body).
fn content(
    map: &Map<String, Value>,
    input: &str,
    output: &str,
    produces: &[String],
    ctx: &mut Context,
) -> Option<Value> {
    let examples_input = child(input, "examples");
    let examples = match map.get("examples") {
        Some(Value::Object(examples)) => Some(examples),
        None => None,
        Some(_) => {
            ctx.unexpected(&examples_input, "an object of examples by media type");
            None
        }
    };
    let Some(schema) = map.get("schema") else {
        if examples.is_some_and(|examples| !examples.is_empty()) {
            let message =
                "examples of a response without a schema have no place in OpenAPI 3.0; dropped";
            ctx.warn("examples-without-schema", &examples_input, message);
        }
        return None;
    };
    let schema_input = child(input, "schema");
    let schema = schema::schema(schema, &schema_input, ctx);
    let mut content = Map::new();
    for media_type in produces {
        let here = child(&child(output, "content"), media_type);
        let mut entry = Map::new();
        entry.insert("schema".into(), schema.clone());
        ctx.origins.record(&child(&here, "schema"), &schema_input);
        if let Some(example) = examples.and_then(|examples| examples.get(media_type)) {
            entry.insert("example".into(), example.clone());
            ctx.origins.record(
                &child(&here, "example"),
                &child(&examples_input, media_type),
            );
        }
        content.insert(media_type.clone(), Value::Object(entry));
    }
    for media_type in examples.into_iter().flat_map(|examples| examples.keys()) {
        if !produces.contains(media_type) {
            let message = format!(
                "an example for `{media_type}`, which the operation does not produce; dropped"
            );
            ctx.warn(
                "example-not-produced",
                &child(&examples_input, media_type),
                message,
            );
        }
    }
    Some(Value::Object(content))
}
