//! `components`: definitions, global parameters and responses, and security definitions in their 3.0 homes.

use serde_json::{Map, Value, json};

use super::{
    Context, Kind, body, copy_checked, copy_extensions, default_media_types, operation, response,
    schema,
};
use crate::pointer::child;

/// The `components` object (empty when the document defines nothing reusable), sections in the
/// order the OpenAPI 3.0.3 specification lists them.
pub(super) fn components(root: &Map<String, Value>, ctx: &mut Context) -> Map<String, Value> {
    let mut out = Map::new();
    let schemas = definitions(root, ctx);
    let responses = responses(root, ctx);
    let (parameters, request_bodies) = parameters(root, ctx);
    let security_schemes = security_schemes(root, ctx);
    for (key, section) in [
        ("schemas", schemas),
        ("responses", responses),
        ("parameters", parameters),
        ("requestBodies", request_bodies),
        ("securitySchemes", security_schemes),
    ] {
        if !section.is_empty() {
            out.insert(key.into(), Value::Object(section));
        }
    }
    out
}

/// `root[key]` as an object; a warning when it is something else.
fn section<'v>(
    root: &'v Map<String, Value>,
    key: &str,
    ctx: &mut Context,
) -> Option<&'v Map<String, Value>> {
    let value = root.get(key)?;
    let map = value.as_object();
    if map.is_none() {
        ctx.unexpected(&child("", key), "an object");
    }
    map
}

/// `definitions` → `components.schemas`.
fn definitions(root: &Map<String, Value>, ctx: &mut Context) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, definition) in section(root, "definitions", ctx).into_iter().flatten() {
        let input = child("/definitions", name);
        ctx.origins
            .record(&child("/components/schemas", name), &input);
        out.insert(name.clone(), schema::schema(definition, &input, ctx));
    }
    out
}

/// Top-level `responses` → `components.responses`, with the document's `produces`.
fn responses(root: &Map<String, Value>, ctx: &mut Context) -> Map<String, Value> {
    let produces = ctx.produces.clone().unwrap_or_else(default_media_types);
    let mut out = Map::new();
    for (name, value) in section(root, "responses", ctx).into_iter().flatten() {
        let input = child("/responses", name);
        let output = child("/components/responses", name);
        if let Some(converted) = response::response(value, &input, &output, &produces, ctx) {
            ctx.origins.record(&output, &input);
            out.insert(name.clone(), converted);
        }
    }
    out
}

/// Top-level `parameters` → `components.parameters` and, for body parameters,
/// `components.requestBodies`. `formData` parameters have no 3.0 home of their own: each operation
/// that refers to one inlines it into its form body.
fn parameters(
    root: &Map<String, Value>,
    ctx: &mut Context,
) -> (Map<String, Value>, Map<String, Value>) {
    let consumes = ctx.consumes.clone().unwrap_or_else(default_media_types);
    let mut parameters = Map::new();
    let mut bodies = Map::new();
    for (name, value) in section(root, "parameters", ctx).into_iter().flatten() {
        let input = child("/parameters", name);
        let Some(map) = value.as_object() else {
            ctx.unexpected(&input, "a parameter object");
            continue;
        };
        match map.get("in").and_then(Value::as_str) {
            Some("body") => {
                let output = child("/components/requestBodies", name);
                ctx.origins.record(&output, &input);
                bodies.insert(
                    name.clone(),
                    body::request_body(map, &input, &output, &consumes, ctx),
                );
            }
            Some("formData") => {}
            Some("path" | "query" | "header") => {
                let output = child("/components/parameters", name);
                if let Some(converted) = operation::parameter(map, &input, &output, ctx) {
                    ctx.origins.record(&output, &input);
                    parameters.insert(name.clone(), converted);
                }
            }
            _ => ctx.unexpected(
                &child(&input, "in"),
                "path, query, header, body or formData",
            ),
        }
    }
    (parameters, bodies)
}

/// `securityDefinitions` → `components.securitySchemes`.
fn security_schemes(root: &Map<String, Value>, ctx: &mut Context) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, value) in section(root, "securityDefinitions", ctx)
        .into_iter()
        .flatten()
    {
        let input = child("/securityDefinitions", name);
        let output = child("/components/securitySchemes", name);
        if let Some(converted) = security_scheme(value, &input, &output, ctx) {
            ctx.origins.record(&output, &input);
            out.insert(name.clone(), converted);
        }
    }
    out
}

/// One security definition: `basic` becomes HTTP basic, `apiKey` is unchanged, `oauth2` gets `flows`.
fn security_scheme(value: &Value, input: &str, output: &str, ctx: &mut Context) -> Option<Value> {
    let Some(map) = value.as_object() else {
        ctx.unexpected(input, "a security scheme object");
        return None;
    };
    let mut out = Map::new();
    match map.get("type").and_then(Value::as_str) {
        Some("apiKey") => return Some(value.clone()),
        Some("basic") => {
            out.insert("type".into(), "http".into());
            copy_checked(map, "description", input, Kind::String, &mut out, ctx);
            out.insert("scheme".into(), "basic".into());
        }
        Some("oauth2") => {
            let (name, flow) = oauth2_flow(map, input, ctx)?;
            ctx.origins
                .record(&child(&child(output, "flows"), name), input);
            out.insert("type".into(), "oauth2".into());
            copy_checked(map, "description", input, Kind::String, &mut out, ctx);
            let mut flows = Map::new();
            flows.insert(name.into(), flow);
            out.insert("flows".into(), Value::Object(flows));
        }
        _ => {
            ctx.unexpected(&child(input, "type"), "basic, apiKey or oauth2");
            return None;
        }
    }
    copy_extensions(map, &mut out);
    Some(Value::Object(out))
}

/// The 3.0 name and object of a 2.0 OAuth 2 scheme's single flow.
fn oauth2_flow(
    map: &Map<String, Value>,
    input: &str,
    ctx: &mut Context,
) -> Option<(&'static str, Value)> {
    let (name, urls): (&str, &[&str]) = match map.get("flow").and_then(Value::as_str) {
        Some("implicit") => ("implicit", &["authorizationUrl"]),
        Some("password") => ("password", &["tokenUrl"]),
        Some("application") => ("clientCredentials", &["tokenUrl"]),
        Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
        _ => {
            let expected = "implicit, password, application or accessCode";
            ctx.unexpected(&child(input, "flow"), expected);
            return None;
        }
    };
    let mut flow = Map::new();
    for url in urls {
        copy_checked(map, url, input, Kind::String, &mut flow, ctx);
    }
    let scopes = match map.get("scopes") {
        Some(Value::Object(scopes)) => Value::Object(scopes.clone()),
        None => json!({}),
        Some(_) => {
            ctx.unexpected(&child(input, "scopes"), "an object of scopes");
            json!({})
        }
    };
    flow.insert("scopes".into(), scopes);
    Some((name, Value::Object(flow)))
}
