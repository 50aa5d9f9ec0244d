//! Tests of the Swagger 2.0 → OpenAPI 3.0 conversion (one fixture per rule) and of the `$ref` checks.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use generator::convert::convert;
use generator::diag::{Diagnostic, Diagnostics};

/// The `$ref` problems of `document`.
mod refs {
    use super::{Diagnostic, Diagnostics, Value};

    pub fn check(document: &Value) -> Vec<Diagnostic> {
        let mut found = Diagnostics::new();
        generator::refs::check(document, &mut found);
        found.into_vec()
    }
}
use serde_json::{Value, json};

/// What a fixture snapshot shows: every diagnostic, the `$ref` problems left in the output, whether
/// the output reads as an OpenAPI 3.0 document, and the output itself.
fn snapshot_of(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
    let swagger: Value = serde_yaml::from_str(&text).map_err(|error| error.to_string())?;
    let mut diagnostics = Diagnostics::new();
    let converted = convert(&swagger, &mut diagnostics);
    let diagnostics = diagnostics.into_vec();
    let output_refs = refs::check(&converted.value);
    let parses = match serde_json::from_value::<openapiv3::OpenAPI>(converted.value.clone()) {
        Ok(_) => "yes".to_owned(),
        Err(error) => format!("no: {error}"),
    };
    Ok(json!({
        "diagnostics": strings(&diagnostics),
        "ref_problems_in_output": strings(&output_refs),
        "parses_as_openapiv3": parses,
        "openapi": converted.value,
    }))
}

fn strings(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/convert/*.yaml", |path| {
        let result = snapshot_of(path);
        assert!(result.is_ok(), "{}: {result:?}", path.display());
        if let Ok(snapshot) = result {
            insta::assert_yaml_snapshot!(snapshot);
        }
    });
}

#[test]
fn any_shape_converts_without_panicking() {
    let inputs = [
        json!(null),
        json!(5),
        json!([{"swagger": "2.0"}]),
        json!({"paths": [], "definitions": 1, "parameters": [], "securityDefinitions": "x"}),
        json!({"parameters": {"p": {"$ref": "#/parameters/p"}},
               "paths": {"/a": {"get": {"parameters": [{"$ref": "#/parameters/p"}, {"$ref": "#/nowhere"}]}}}}),
        json!({"paths": {"/a": {"get": {"parameters": [{"in": "formData", "name": 1}], "responses": {"200": []}}}}}),
    ];
    for input in inputs {
        let mut diagnostics = Diagnostics::new();
        let converted = convert(&input, &mut diagnostics);
        assert_eq!(
            converted.value.get("openapi"),
            Some(&json!("3.0.3")),
            "{input}"
        );
    }
}

#[test]
fn deep_schemas_are_cut_off_with_a_warning() {
    let mut schema = json!({"type": "string"});
    for _ in 0..1_000 {
        schema = object([("type", json!("array")), ("items", schema)]);
    }
    let swagger = object([("definitions", object([("Deep", schema)]))]);
    let mut diagnostics = Diagnostics::new();
    let converted = convert(&swagger, &mut diagnostics);
    let diagnostics = diagnostics.into_vec();
    assert!(
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic.code == "schema-too-deep")
    );
    assert!(
        converted
            .value
            .pointer("/components/schemas/Deep/items/items")
            .is_some()
    );
    assert!(refs::check(&swagger).is_empty());
    // serde_json drops nested values recursively: do that where the stack is large.
    let dropper = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || drop(swagger));
    assert!(dropper.is_ok_and(|handle| handle.join().is_ok()));
}

/// An object of `members`, built without `json!`, which would serialize (recursively) what it embeds.
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

#[test]
fn source_pointer_rewrites_the_longest_recorded_prefix() {
    let swagger = json!({
        "swagger": "2.0",
        "host": "api.example.com",
        "paths": {"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
            "get": {"responses": {"200": {"description": "OK", "schema": {"type": "array", "items": {"type": "string"}}}}},
            "post": {
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [{"name": "f", "in": "formData", "type": "integer"}],
                "responses": {"200": {"description": "OK"}}
            }
        }},
        "definitions": {"A": {"type": "object", "properties": {"name": {"type": "string"}}}},
        "securityDefinitions": {"code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "u", "tokenUrl": "t"}}
    });
    let mut diagnostics = Diagnostics::new();
    let origins = convert(&swagger, &mut diagnostics).origins;
    assert!(diagnostics.is_empty(), "{:?}", diagnostics.into_vec());
    let cases = [
        (
            "/components/schemas/A/properties/name",
            "/definitions/A/properties/name",
        ),
        ("/components/schemas/A", "/definitions/A"),
        ("/components/schemas/AB", "/components/schemas/AB"),
        (
            "/components/securitySchemes/code/flows/authorizationCode/tokenUrl",
            "/securityDefinitions/code/tokenUrl",
        ),
        (
            "/paths/~1a~1{id}/get/parameters/0",
            "/paths/~1a~1{id}/parameters/0",
        ),
        (
            "/paths/~1a~1{id}/post/parameters/0/schema/type",
            "/paths/~1a~1{id}/parameters/0/type",
        ),
        (
            "/paths/~1a~1{id}/post/requestBody",
            "/paths/~1a~1{id}/post/parameters/0",
        ),
        (
            "/paths/~1a~1{id}/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/f/type",
            "/paths/~1a~1{id}/post/parameters/0/type",
        ),
        (
            "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/items",
            "/paths/~1a~1{id}/get/responses/200/schema/items",
        ),
        (
            "/paths/~1a~1{id}/get/responses/200/description",
            "/paths/~1a~1{id}/get/responses/200/description",
        ),
        ("/servers/0/url", "/host"),
        ("/servers", "/host"),
        ("", ""),
    ];
    for (output, input) in cases {
        assert_eq!(origins.source_pointer(output), input, "{output}");
    }
}

fn check(document: &Value) -> Vec<String> {
    strings(&refs::check(document))
}

#[test]
fn refs_unresolved_and_external() {
    let document = json!({
        "definitions": {
            "A": {"properties": {
                "b": {"$ref": "#/definitions/B"},
                "c": {"$ref": "other.yaml#/definitions/C"},
                "d": {"$ref": "#/definitions/Sp%20ace"},
                "e": {"$ref": "#/definitions/a~1b"},
                "f": {"$ref": "#/definitions/Bad%zz"},
                "g": {"$ref": "#"},
                "h": {"$ref": "#anchor"}
            }},
            "Sp ace": {"type": "string"},
            "a/b": {"type": "string"}
        },
        "paths": {"/a": {"get": {"responses": {"default": {"$ref": "#/responses/Missing"}}}}},
        "x-data": {"$ref": "not checked: extensions are data"},
        "example": {"$ref": "not checked either"}
    });
    assert_eq!(
        check(&document),
        [
            "error[unresolved-ref]: $ref `#/definitions/B` points at nothing in this document (at /definitions/A/properties/b/$ref)",
            "warning[external-ref]: external $ref `other.yaml#/definitions/C` is not followed (only references within the document are); a schema there is typed as serde_json::Value, anything else is skipped (at /definitions/A/properties/c/$ref)",
            "error[unresolved-ref]: $ref `#/definitions/Bad%zz` is not a JSON pointer (`#/…`) (at /definitions/A/properties/f/$ref)",
            "error[unresolved-ref]: $ref `#anchor` is not a JSON pointer (`#/…`) (at /definitions/A/properties/h/$ref)",
            "error[unresolved-ref]: $ref `#/responses/Missing` points at nothing in this document (at /paths/~1a/get/responses/default/$ref)",
        ]
    );
}

#[test]
fn refs_cycle_is_reported_once() {
    let document = json!({
        "definitions": {
            "B": {"$ref": "#/definitions/A"},
            "A": {"$ref": "#/definitions/B", "description": "only a reference"},
            "C": {"properties": {"a": {"$ref": "#/definitions/A"}}},
            "Self": {"$ref": "#/definitions/Self"}
        }
    });
    assert_eq!(
        check(&document),
        [
            "error[ref-cycle]: $ref cycle never reaches a schema: #/definitions/A → #/definitions/B → #/definitions/A (at /definitions/A/$ref)",
            "error[ref-cycle]: $ref cycle never reaches a schema: #/definitions/Self → #/definitions/Self (at /definitions/Self/$ref)",
        ]
    );
}

#[test]
fn refs_recursive_schemas_are_fine() {
    let document = json!({
        "definitions": {
            "Node": {"type": "object", "properties": {
                "child": {"$ref": "#/definitions/Node"},
                "children": {"type": "array", "items": {"$ref": "#/definitions/Alias"}}
            }},
            "Alias": {"$ref": "#/definitions/Node"},
            "AliasOfAlias": {"$ref": "#/definitions/Alias"}
        }
    });
    assert_eq!(check(&document), Vec::<String>::new());
}

#[test]
fn refs_walk_deep_documents_without_recursion() {
    let mut value = json!({"$ref": "#/missing"});
    for _ in 0..5_000 {
        value = object([("properties", object([("p", value)]))]);
    }
    let document = object([("definitions", object([("Deep", value)]))]);
    let found = refs::check(&document);
    assert_eq!(found.len(), 1);
    assert!(
        found
            .iter()
            .all(|diagnostic| diagnostic.code == "unresolved-ref")
    );
    // serde_json drops nested values recursively: do that where the stack is large.
    let dropper = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || drop(document));
    assert!(dropper.is_ok_and(|handle| handle.join().is_ok()));
}

/// A `$ref` inside an extension points where the OpenAPI 3.0 document keeps its target: tools
/// (Prism, validators) resolve references wherever they are.
#[test]
fn references_inside_extensions_are_converted() {
    let swagger = json!({
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "x-events": {
            "data": {"$ref": "#/definitions/Envelope"},
            "events": [{"name": "a", "payload": {"$ref": "#/definitions/A"}}],
            "other": {"$ref": "https://example.com/schema.json"}
        },
        "definitions": {
            "Envelope": {"type": "object"},
            "A": {"type": "string"}
        }
    });
    let mut diagnostics = Diagnostics::new();
    let converted = convert(&swagger, &mut diagnostics).value;
    let events = &converted["x-events"];
    assert_eq!(events["data"]["$ref"], "#/components/schemas/Envelope");
    assert_eq!(
        events["events"][0]["payload"]["$ref"],
        "#/components/schemas/A"
    );
    assert_eq!(events["other"]["$ref"], "https://example.com/schema.json");
    assert!(refs::check(&converted).is_empty());
}
