//! Request bodies: an operation's `body` parameter, or its `formData` parameters, as one 3.0 `requestBody`.

use serde_json::{Map, Value, json};

use super::parameter::{Param, array_style};
use super::schema::{self, FileType};
use super::{Context, Kind, copy_checked, copy_extensions, default_media_types};
use crate::diag::Diagnostic;
use crate::pointer::child;

const URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// The request body of the operation at `pointer`, and the name of the body parameter it came from
/// (for `x-codegen-request-body-name`). A body parameter wins over form parameters.
pub(super) fn request_body_for(
    bodies: &[Param],
    forms: &[Param],
    pointer: &str,
    consumes: &[String],
    ctx: &mut Context,
) -> Option<(Value, Option<String>)> {
    let output = child(pointer, "requestBody");
    if let Some(body) = bodies.first() {
        for extra in bodies.iter().skip(1) {
            let message = "an operation can have only one body parameter; this one is ignored";
            ctx.warn("multiple-body-parameters", &extra.pointer, message);
        }
        if !forms.is_empty() {
            let message = "an operation cannot have both a body parameter and formData parameters; \
                           the formData parameters are ignored";
            ctx.diagnostics
                .push(Diagnostic::warning("body-and-form", pointer, message));
        }
        return body_parameter(body, &output, consumes, ctx);
    }
    let first = forms.first()?;
    ctx.origins.record(&output, &first.pointer);
    Some((form_body(forms, &output, consumes, ctx), None))
}

/// A body parameter: a reference to `components.requestBodies` when it refers to a global one
/// whose media types are the operation's, the converted body otherwise.
fn body_parameter(
    param: &Param,
    output: &str,
    consumes: &[String],
    ctx: &mut Context,
) -> Option<(Value, Option<String>)> {
    let (map, input) = param.resolved.as_ref()?;
    ctx.origins.record(output, &param.pointer);
    let name = param.field("name").map(str::to_owned);
    if let Some(reference) = param.reference {
        let rewritten = ctx.rewrite_ref(reference);
        let global = ctx.consumes.clone().unwrap_or_else(default_media_types);
        if rewritten.starts_with("#/components/requestBodies/") && global == consumes {
            return Some((json!({ "$ref": rewritten }), name));
        }
    }
    Some((request_body(map, input, output, consumes, ctx), name))
}

/// The body parameter at `input` as a request body at `output`, one content entry per media type.
pub(super) fn request_body(
    map: &Map<String, Value>,
    input: &str,
    output: &str,
    consumes: &[String],
    ctx: &mut Context,
) -> Value {
    let mut out = Map::new();
    copy_checked(map, "description", input, Kind::String, &mut out, ctx);
    let schema_input = child(input, "schema");
    let schema = match map.get("schema") {
        Some(value) => Some(schema::schema(value, &schema_input, ctx)),
        None => {
            let message = "a body parameter needs a `schema`; the body is left untyped";
            ctx.warn("body-without-schema", input, message);
            None
        }
    };
    let mut content = Map::new();
    for media_type in consumes {
        let mut entry = Map::new();
        if let Some(schema) = &schema {
            entry.insert("schema".into(), schema.clone());
            let schema_output = child(&child(&child(output, "content"), media_type), "schema");
            ctx.origins.record(&schema_output, &schema_input);
        }
        content.insert(media_type.clone(), Value::Object(entry));
    }
    out.insert("content".into(), Value::Object(content));
    copy_checked(map, "required", input, Kind::Bool, &mut out, ctx);
    copy_extensions(map, &mut out);
    Value::Object(out)
}

/// The form parameters of one operation as a single object schema per form media type.
fn form_body(forms: &[Param], output: &str, consumes: &[String], ctx: &mut Context) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut encoding = Map::new();
    let mut origins = Vec::new();
    let mut has_file = false;
    for param in forms {
        let Some((map, input)) = &param.resolved else {
            continue;
        };
        let Some(name) = map.get("name").and_then(Value::as_str) else {
            ctx.unexpected(&child(input, "name"), "a parameter name string");
            continue;
        };
        let mut property = schema::simple_schema(map, input, FileType::Binary, ctx);
        copy_checked(map, "description", input, Kind::String, &mut property, ctx);
        has_file |= map.get("type").and_then(Value::as_str) == Some("file");
        if map.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::from(name));
        }
        if let Some((style, explode)) = array_style(map, true, input, ctx) {
            let mut field = Map::new();
            field.insert("style".into(), style.into());
            field.extend(explode.map(|explode| ("explode".to_owned(), explode.into())));
            encoding.insert(name.into(), Value::Object(field));
        }
        properties.insert(name.into(), Value::Object(property));
        origins.push((name, input.clone()));
    }
    let mut object = Map::new();
    object.insert("type".into(), "object".into());
    object.insert("properties".into(), Value::Object(properties));
    let is_required = !required.is_empty();
    if is_required {
        object.insert("required".into(), Value::Array(required));
    }
    let object = Value::Object(object);
    let mut content = Map::new();
    for media_type in form_media_types(forms, consumes, has_file, ctx) {
        let mut entry = Map::new();
        entry.insert("schema".into(), object.clone());
        if !encoding.is_empty() {
            entry.insert("encoding".into(), Value::Object(encoding.clone()));
        }
        let schema = child(&child(&child(output, "content"), &media_type), "schema");
        for (name, input) in &origins {
            ctx.origins
                .record(&child(&child(&schema, "properties"), name), input);
        }
        content.insert(media_type, Value::Object(entry));
    }
    let mut out = Map::new();
    out.insert("content".into(), Value::Object(content));
    if is_required {
        out.insert("required".into(), true.into());
    }
    Value::Object(out)
}

/// The form media types among `consumes`; when there are none, the one the parameters need
/// (multipart for files), with a warning.
fn form_media_types(
    forms: &[Param],
    consumes: &[String],
    has_file: bool,
    ctx: &mut Context,
) -> Vec<String> {
    let is_form = |media_type: &&String| {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        essence == URLENCODED || essence == MULTIPART
    };
    let found: Vec<String> = consumes.iter().filter(is_form).cloned().collect();
    if !found.is_empty() {
        return found;
    }
    let chosen = if has_file { MULTIPART } else { URLENCODED };
    let pointer = forms
        .first()
        .map(|param| param.pointer.as_str())
        .unwrap_or_default();
    let message = format!(
        "formData parameters, but the operation consumes only `{}`; the form is sent as `{chosen}`",
        consumes.join("`, `")
    );
    ctx.warn("form-without-form-consumes", pointer, message);
    vec![chosen.to_owned()]
}
