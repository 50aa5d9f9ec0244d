//! Paths and operations: path-level parameters merged into each operation, parameters as 3.0 parameters.
//!
//! A path or operation has the same pointer in the input and the output; only its parameters move
//! (merged from two levels, body and form parameters taken out), and [`super::Origins`] records where.

use crate::pointer::At as _;
use serde_json::{Map, Value};

use super::parameter::{Param, array_style};
use super::{Context, Kind, body, copy_checked, copy_extensions, response, schema, servers};
use crate::grammar::{self, Dialect};
use crate::pointer::child;

/// `paths`: every path item converted; `x-` members copied.
pub(super) fn paths<'v>(value: &'v Value, ctx: &mut Context<'v>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(paths) = value.as_object() else {
        ctx.unexpected("/paths", "an object of path items");
        return out;
    };
    for (path, item) in paths {
        if path.starts_with("x-") {
            out.insert(path.clone(), item.clone());
        } else if let Some(converted) = path_item(item, &child("/paths", path), ctx) {
            out.insert(path.clone(), converted);
        }
    }
    out
}

fn path_item<'v>(value: &'v Value, pointer: &str, ctx: &mut Context<'v>) -> Option<Value> {
    let Some(item) = value.as_object() else {
        ctx.unexpected(pointer, "a path item object");
        return None;
    };
    let shared = collect(item.get("parameters"), &child(pointer, "parameters"), ctx);
    let mut out = Map::new();
    copy_checked(item, "$ref", pointer, Kind::String, &mut out, ctx);
    // `servers` is an OpenAPI 3 field with no Swagger 2.0 equivalent; an overlay adds it to move
    // one path to another base (e.g. an endpoint at the host root), so it is kept as it is.
    copy_checked(item, "servers", pointer, Kind::Array, &mut out, ctx);
    let methods = grammar::methods(Dialect::Swagger2);
    for method in methods {
        let Some(operation) = item.get(*method) else {
            continue;
        };
        if let Some(converted) = self::operation(operation, &child(pointer, method), &shared, ctx) {
            out.insert((*method).into(), converted);
        }
    }
    for key in item.keys() {
        let known = methods.contains(&key.as_str())
            || ["parameters", "$ref", "servers"].contains(&key.as_str());
        if !known && !key.starts_with("x-") {
            let message = format!("`{key}` is not a Swagger 2.0 path item field; dropped");
            ctx.warn("unknown-field", &child(pointer, key), message);
        }
    }
    copy_extensions(item, &mut out);
    Some(Value::Object(out))
}

fn operation<'v>(
    value: &'v Value,
    pointer: &str,
    shared: &[Param<'v>],
    ctx: &mut Context<'v>,
) -> Option<Value> {
    let Some(map) = value.as_object() else {
        ctx.unexpected(pointer, "an operation object");
        return None;
    };
    let own = collect(map.get("parameters"), &child(pointer, "parameters"), ctx);
    let params = merge(shared, own);
    let consumes = ctx.consumes(map, pointer);
    let produces = ctx.produces(map, pointer);
    let mut out = Map::new();
    for (key, kind) in [
        ("tags", Kind::Array),
        ("summary", Kind::String),
        ("description", Kind::String),
        ("externalDocs", Kind::Object),
        ("operationId", Kind::String),
    ] {
        copy_checked(map, key, pointer, kind, &mut out, ctx);
    }
    let (parameters, bodies, forms) = split(params, pointer, ctx);
    if !parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(parameters));
    }
    let body = body::request_body_for(&bodies, &forms, pointer, &consumes, ctx);
    let body_name = body.as_ref().and_then(|(_, name)| name.clone());
    if let Some((request_body, _)) = body {
        out.insert("requestBody".into(), request_body);
    } else if let Some(request_body) = map.get("requestBody") {
        let here = child(pointer, "requestBody");
        if let Some(converted) = super::oas3_request_body(request_body, &here, ctx) {
            out.insert("requestBody".into(), converted);
        }
    }
    if let Some(responses) = map.get("responses") {
        let here = child(pointer, "responses");
        if let Some(converted) = response::responses(responses, &here, &produces, ctx) {
            out.insert("responses".into(), converted);
        }
    }
    copy_checked(map, "deprecated", pointer, Kind::Bool, &mut out, ctx);
    copy_checked(map, "security", pointer, Kind::Array, &mut out, ctx);
    if map.contains_key("servers") {
        copy_checked(map, "servers", pointer, Kind::Array, &mut out, ctx);
    } else if let Some(schemes) = map.get("schemes") {
        let urls = ctx.server_urls(Some(schemes), &child(pointer, "schemes"));
        if urls != ctx.servers {
            out.insert("servers".into(), servers(urls));
        }
    }
    if let Some(name) = body_name.filter(|_| !map.contains_key("x-codegen-request-body-name")) {
        out.insert("x-codegen-request-body-name".into(), name.into());
    }
    for key in map.keys() {
        let known = OPERATION_FIELDS.contains(&key.as_str()) || key.starts_with("x-");
        if !known {
            let message = format!("`{key}` is not a Swagger 2.0 operation field; dropped");
            ctx.warn("unknown-field", &child(pointer, key), message);
        }
    }
    copy_extensions(map, &mut out);
    Some(Value::Object(out))
}

/// The fields of a Swagger 2.0 operation, plus the OpenAPI 3 ones an overlay may add.
const OPERATION_FIELDS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "consumes",
    "produces",
    "parameters",
    "responses",
    "schemes",
    "deprecated",
    "security",
    "servers",
    "requestBody",
];

/// The entries of a `parameters` array, each with what it resolves to.
fn collect<'v>(value: Option<&'v Value>, pointer: &str, ctx: &mut Context<'v>) -> Vec<Param<'v>> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(entries) = value.as_array() else {
        ctx.unexpected(pointer, "an array of parameters");
        return Vec::new();
    };
    let mut params = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let here = child(pointer, &index.to_string());
        let Some(map) = entry.as_object() else {
            ctx.unexpected(&here, "a parameter object");
            continue;
        };
        let param = match map.get("$ref") {
            None => Param {
                resolved: Some((map, here.clone())),
                pointer: here,
                reference: None,
            },
            Some(Value::String(reference)) => {
                let target = crate::refs::target_pointer(reference);
                let resolved = target.as_deref().and_then(|target| {
                    let object = ctx.swagger.at(target)?.as_object()?;
                    Some((object, target.to_owned()))
                });
                Param {
                    pointer: here,
                    reference: Some(reference),
                    resolved,
                }
            }
            Some(_) => {
                ctx.unexpected(&child(&here, "$ref"), "a reference string");
                continue;
            }
        };
        params.push(param);
    }
    params
}

/// Path-level parameters with those the operation redefines (same name and location) replaced in
/// place, then the operation's other parameters.
fn merge<'v>(shared: &[Param<'v>], own: Vec<Param<'v>>) -> Vec<Param<'v>> {
    let mut merged = shared.to_vec();
    for param in own {
        let key = param.key();
        let slot = key.and_then(|key| {
            merged
                .iter_mut()
                .take(shared.len())
                .find(|p| p.key() == Some(key))
        });
        match slot {
            Some(slot) => *slot = param,
            None => merged.push(param),
        }
    }
    merged
}

/// Converted non-body parameters (their output indexes recorded in origins), body parameters and
/// form parameters.
fn split<'v>(
    params: Vec<Param<'v>>,
    pointer: &str,
    ctx: &mut Context<'v>,
) -> (Vec<Value>, Vec<Param<'v>>, Vec<Param<'v>>) {
    let (mut parameters, mut bodies, mut forms) = (Vec::new(), Vec::new(), Vec::new());
    let list = child(pointer, "parameters");
    for param in params {
        let output = child(&list, &parameters.len().to_string());
        let converted = match (&param.resolved, param.field("in")) {
            (Some(_), Some("body")) => {
                bodies.push(param);
                continue;
            }
            (Some(_), Some("formData")) => {
                forms.push(param);
                continue;
            }
            (Some((map, input)), Some("path" | "query" | "header")) => {
                match param.reference.map(|reference| ctx.rewrite_ref(reference)) {
                    Some(rewritten) if rewritten.starts_with("#/components/parameters/") => {
                        Some(serde_json::json!({ "$ref": rewritten }))
                    }
                    _ => parameter(map, input, &output, ctx),
                }
            }
            // Unresolved: refs::check reports it; keep the reference so the output says the same.
            (None, _) => param
                .reference
                .map(|reference| serde_json::json!({ "$ref": ctx.rewrite_ref(reference) })),
            (Some((_, input)), _) => {
                ctx.unexpected(&child(input, "in"), "path, query, header, body or formData");
                None
            }
        };
        if let Some(converted) = converted {
            ctx.origins.record(&output, &param.pointer);
            parameters.push(converted);
        }
    }
    (parameters, bodies, forms)
}

/// A path, query or header parameter at `input` as a 3.0 parameter at `output`.
pub(super) fn parameter(
    map: &Map<String, Value>,
    input: &str,
    output: &str,
    ctx: &mut Context,
) -> Option<Value> {
    let Some(name) = map.get("name").and_then(Value::as_str) else {
        ctx.unexpected(&child(input, "name"), "a parameter name string");
        return None;
    };
    let location = map.get("in").and_then(Value::as_str).unwrap_or_default();
    let mut out = Map::new();
    out.insert("name".into(), name.into());
    out.insert("in".into(), location.into());
    copy_checked(map, "description", input, Kind::String, &mut out, ctx);
    if location == "path" {
        out.insert("required".into(), true.into());
    } else {
        copy_checked(map, "required", input, Kind::Bool, &mut out, ctx);
    }
    copy_checked(map, "deprecated", input, Kind::Bool, &mut out, ctx);
    copy_checked(map, "allowEmptyValue", input, Kind::Bool, &mut out, ctx);
    if let Some((style, explode)) = array_style(map, location == "query", input, ctx) {
        out.insert("style".into(), style.into());
        if let Some(explode) = explode {
            out.insert("explode".into(), explode.into());
        }
    }
    let schema = schema::simple_schema(map, input, schema::FileType::Invalid, ctx);
    out.insert("schema".into(), Value::Object(schema));
    ctx.origins.record(&child(output, "schema"), input);
    copy_extensions(map, &mut out);
    Some(Value::Object(out))
}
