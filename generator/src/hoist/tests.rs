//! Unit tests of the pass: each form of reference, on small documents.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use super::{Dialect, Hoisted, hoist};
use crate::diag::Diagnostics;

fn run(document: Value, dialect: Dialect) -> (Hoisted, Vec<String>) {
    let mut diagnostics = Diagnostics::new();
    let hoisted = hoist(document, dialect, &mut diagnostics);
    let reports = diagnostics.iter().map(ToString::to_string).collect();
    (hoisted, reports)
}

fn oas(paths: Value, components: Value) -> Value {
    json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, "components": components})
}

fn at<'v>(hoisted: &'v Hoisted, pointer: &str) -> &'v Value {
    hoisted
        .value
        .pointer(pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer} in {:#}", hoisted.value))
}

#[test]
fn a_property_referenced_elsewhere_becomes_a_schema_of_its_own() {
    let document = oas(
        json!({}),
        json!({"schemas": {
            "Connection": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}},
            "Integration": {"type": "object", "properties": {
                "connection": {"$ref": "#/components/schemas/Connection/properties/id"}}}
        }}),
    );
    let (hoisted, reports) = run(document, Dialect::OpenApi3);
    assert!(reports.is_empty(), "{reports:?}");
    assert_eq!(
        at(&hoisted, "/components/schemas/Connection_id"),
        &json!({"type": "string", "format": "uuid"})
    );
    let to_it = json!({"$ref": "#/components/schemas/Connection_id"});
    assert_eq!(
        at(&hoisted, "/components/schemas/Connection/properties/id"),
        &to_it
    );
    assert_eq!(
        at(
            &hoisted,
            "/components/schemas/Integration/properties/connection"
        ),
        &to_it
    );
    assert_eq!(
        hoisted
            .origins
            .source_pointer("/components/schemas/Connection_id/format"),
        "/components/schemas/Connection/properties/id/format"
    );
}

#[test]
fn schemas_under_definitions_of_a_schema_are_hoisted_with_what_they_reference() {
    let document = oas(
        json!({}),
        json!({"schemas": {"Address": {
            "type": "object",
            "properties": {"type": {"$ref": "#/components/schemas/Address/definitions/addressType"}},
            "definitions": {
                "addressType": {"type": "object", "properties": {
                    "kind": {"$ref": "#/components/schemas/Address/definitions/kind"}}},
                "kind": {"type": "string", "enum": ["home", "work"]}
            }
        }}}),
    );
    let (hoisted, _) = run(document, Dialect::OpenApi3);
    assert_eq!(
        at(&hoisted, "/components/schemas/Address/properties/type"),
        &json!({"$ref": "#/components/schemas/Address_addressType"})
    );
    // Only read once its holder was a schema: hoisted in the next round.
    assert_eq!(
        at(
            &hoisted,
            "/components/schemas/Address_addressType/properties/kind"
        ),
        &json!({"$ref": "#/components/schemas/Address_kind"})
    );
    assert_eq!(
        at(&hoisted, "/components/schemas/Address_kind/enum"),
        &json!(["home", "work"])
    );
}

#[test]
fn responses_and_parameters_of_other_operations_become_components() {
    let document = oas(
        json!({
            "/a/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"401": {"description": "no"}}
            }},
            "/b/{id}": {"get": {
                "parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"}],
                "responses": {"401": {"$ref": "#/paths/~1a~1{id}/get/responses/401"}}
            }}
        }),
        json!({}),
    );
    let (hoisted, reports) = run(document, Dialect::OpenApi3);
    assert!(reports.is_empty(), "{reports:?}");
    assert_eq!(
        at(&hoisted, "/components/responses/a_id_get_401"),
        &json!({"description": "no"})
    );
    assert_eq!(
        at(&hoisted, "/components/parameters/a_id_get_0/name"),
        &json!("id")
    );
    for path in ["/paths/~1a~1{id}", "/paths/~1b~1{id}"] {
        assert_eq!(
            at(&hoisted, &format!("{path}/get/responses/401")),
            &json!({"$ref": "#/components/responses/a_id_get_401"})
        );
        assert_eq!(
            at(&hoisted, &format!("{path}/get/parameters/0")),
            &json!({"$ref": "#/components/parameters/a_id_get_0"})
        );
    }
}

#[test]
fn a_reference_to_a_reference_is_pointed_at_the_end_of_the_chain() {
    let document = oas(
        json!({}),
        json!({"schemas": {
            "Company": {"type": "object", "properties": {"created": {"$ref": "#/components/schemas/DateTime"}}},
            "DateTime": {"type": "string", "format": "date-time"},
            "Sync": {"type": "object", "properties": {
                "at": {"$ref": "#/components/schemas/Company/properties/created"}}}
        }}),
    );
    let (hoisted, _) = run(document, Dialect::OpenApi3);
    assert_eq!(
        at(&hoisted, "/components/schemas/Sync/properties/at"),
        &json!({"$ref": "#/components/schemas/DateTime"})
    );
    assert_eq!(
        hoisted
            .value
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.len()),
        Some(3),
        "nothing hoisted"
    );
}

#[test]
fn a_target_inside_another_target_is_moved_first() {
    let document = oas(
        json!({}),
        json!({"schemas": {
            "A": {"type": "object", "properties": {"b": {"type": "object", "properties": {
                "c": {"type": "object", "properties": {"d": {"type": "integer"}}}}}}},
            "UsesB": {"$ref": "#/components/schemas/A/properties/b"},
            "UsesC": {"$ref": "#/components/schemas/A/properties/b/properties/c"},
            "UsesD": {"$ref": "#/components/schemas/A/properties/b/properties/c/properties/d"}
        }}),
    );
    let (hoisted, _) = run(document, Dialect::OpenApi3);
    assert_eq!(
        at(&hoisted, "/components/schemas/UsesB"),
        &json!({"$ref": "#/components/schemas/A_b"})
    );
    assert_eq!(
        at(&hoisted, "/components/schemas/A_b/properties/c"),
        &json!({"$ref": "#/components/schemas/A_b_c"})
    );
    assert_eq!(
        at(&hoisted, "/components/schemas/A_b_c/properties/d"),
        &json!({"$ref": "#/components/schemas/A_b_c_d"})
    );
    assert_eq!(
        at(&hoisted, "/components/schemas/UsesD"),
        &json!({"$ref": "#/components/schemas/A_b_c_d"})
    );
    assert_eq!(
        hoisted
            .origins
            .source_pointer("/components/schemas/A_b_c_d/type"),
        "/components/schemas/A/properties/b/properties/c/properties/d/type"
    );
}

#[test]
fn a_hoisted_name_never_takes_an_existing_one() {
    let document = oas(
        json!({}),
        json!({"schemas": {
            "A": {"type": "object", "properties": {"b": {"type": "string"}}},
            "A_b": {"type": "integer"},
            "C": {"$ref": "#/components/schemas/A/properties/b"}
        }}),
    );
    let (hoisted, _) = run(document, Dialect::OpenApi3);
    assert_eq!(
        at(&hoisted, "/components/schemas/C"),
        &json!({"$ref": "#/components/schemas/A_b_2"})
    );
    assert_eq!(
        at(&hoisted, "/components/schemas/A_b"),
        &json!({"type": "integer"})
    );
}

#[test]
fn a_document_without_components_gets_them() {
    let document = json!({"openapi": "3.0.3", "paths": {"/a": {
        "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}}},
        "post": {"responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}}}}}}
    }}});
    let (hoisted, _) = run(document, Dialect::OpenApi3);
    assert_eq!(
        at(&hoisted, "/components/schemas/a_get_200/properties/n"),
        &json!({"type": "integer"})
    );
}

#[test]
fn a_reference_to_the_wrong_kind_is_left_for_the_lowering_to_skip() {
    let document = oas(
        json!({"/a": {"get": {"responses": {"400": {"$ref": "#/components/schemas/BadRequest"}}}}}),
        json!({"schemas": {"BadRequest": {"type": "object"}}}),
    );
    let (hoisted, reports) = run(document.clone(), Dialect::OpenApi3);
    assert!(reports.is_empty());
    assert_eq!(hoisted.value, document);
}

#[test]
fn callbacks_and_path_items_are_copied_where_no_reference_can_stand() {
    let callback =
        json!({"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}});
    let document = oas(
        json!({
            "/a": {"get": {
                "callbacks": {"onEvent": {"$ref": "#/components/callbacks/Event"}},
                "responses": {"200": {"description": "ok"}}
            }},
            "/b": {"$ref": "#/paths/~1a"}
        }),
        json!({"callbacks": {"Event": callback}}),
    );
    let (hoisted, reports) = run(document, Dialect::OpenApi3);
    assert!(reports.is_empty(), "{reports:?}");
    assert_eq!(at(&hoisted, "/paths/~1a/get/callbacks/onEvent"), &callback);
    assert_eq!(at(&hoisted, "/paths/~1b/get/callbacks/onEvent"), &callback);
    assert_eq!(
        hoisted
            .origins
            .source_pointer("/paths/~1b/get/callbacks/onEvent/x"),
        "/paths/~1a/get/callbacks/onEvent/x"
    );
    assert_eq!(
        hoisted
            .origins
            .source_pointer("/paths/~1a/get/callbacks/onEvent/x"),
        "/components/callbacks/Event/x"
    );
}

#[test]
fn a_callback_that_holds_itself_is_dropped_with_a_warning() {
    let document = oas(
        json!({"/a": {"get": {
            "callbacks": {"again": {"$ref": "#/components/callbacks/Loop"}},
            "responses": {"200": {"description": "ok"}}
        }}}),
        json!({"callbacks": {"Loop": {"{$url}": {"post": {
            "callbacks": {"again": {"$ref": "#/components/callbacks/Loop"}},
            "responses": {"200": {"description": "ok"}}
        }}}}}),
    );
    let (hoisted, reports) = run(document, Dialect::OpenApi3);
    assert!(
        reports
            .iter()
            .all(|report| report.contains("warning[unsupported-ref]")),
        "{reports:?}"
    );
    assert!(!reports.is_empty());
    // Nothing where the model takes no reference is left a reference.
    let text = hoisted.value.pointer("/paths").unwrap().to_string();
    assert!(!text.contains("$ref"), "{text}");
}

#[test]
fn a_path_item_reference_to_something_else_skips_its_operations() {
    let document = oas(
        json!({"/a": {"$ref": "#/components/schemas/A"}}),
        json!({"schemas": {"A": {"type": "object"}}}),
    );
    let (hoisted, reports) = run(document, Dialect::OpenApi3);
    assert_eq!(at(&hoisted, "/paths"), &json!({}));
    assert_eq!(reports.len(), 1);
    assert!(
        reports[0].starts_with("warning[skipped-operation]"),
        "{reports:?}"
    );
    assert!(reports[0].contains("(at /paths/~1a/$ref)"), "{reports:?}");
}

#[test]
fn swagger_2_targets_move_to_its_own_homes() {
    let document = json!({
        "swagger": "2.0",
        "paths": {
            "/orders": {"get": {
                "parameters": [{"name": "limit", "in": "query", "type": "integer"}],
                "responses": {"200": {"description": "ok", "schema": {"type": "object"}}}
            }},
            "/other": {"get": {
                "parameters": [{"$ref": "#/paths/~1orders/get/parameters/0"}],
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/paths/~1orders/get/responses/200/schema"}},
                    "404": {"$ref": "#/paths/~1orders/get/responses/200"}
                }
            }}
        },
        "definitions": {
            "Address": {"type": "object", "properties": {"zip": {"type": "string"}}},
            "Shipment": {"type": "object", "properties": {"zip": {"$ref": "#/definitions/Address/properties/zip"}}}
        }
    });
    let (hoisted, reports) = run(document, Dialect::Swagger2);
    assert!(reports.is_empty(), "{reports:?}");
    assert_eq!(
        at(&hoisted, "/definitions/Shipment/properties/zip"),
        &json!({"$ref": "#/definitions/Address_zip"})
    );
    assert_eq!(
        at(&hoisted, "/paths/~1other/get/parameters/0"),
        &json!({"$ref": "#/parameters/orders_get_0"})
    );
    // The schema inside the response moved first, then the response around it.
    assert_eq!(
        at(&hoisted, "/paths/~1other/get/responses/404"),
        &json!({"$ref": "#/responses/orders_get_200"})
    );
    assert_eq!(
        at(&hoisted, "/paths/~1other/get/responses/200/schema"),
        &json!({"$ref": "#/definitions/orders_get_200"})
    );
    assert_eq!(
        at(&hoisted, "/responses/orders_get_200/schema"),
        &json!({"$ref": "#/definitions/orders_get_200"})
    );
}

#[test]
fn a_document_that_needs_nothing_is_left_as_it_is() {
    let document = oas(
        json!({"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Ok"}}}}}),
        json!({"responses": {"Ok": {"description": "ok"}},
               "schemas": {"Other": {"$ref": "other.yaml#/Thing"}, "Broken": {"$ref": "#/nowhere"}}}),
    );
    let (hoisted, reports) = run(document.clone(), Dialect::OpenApi3);
    assert!(reports.is_empty());
    assert_eq!(hoisted.value, document);
    assert_eq!(hoisted.origins, crate::origins::Origins::default());
}

#[test]
fn a_callback_in_another_file_is_dropped_with_a_warning() {
    let document = oas(
        json!({"/a": {"get": {
            "callbacks": {"elsewhere": {"$ref": "callbacks.yaml#/Event"}},
            "responses": {"200": {"description": "ok"}}
        }}}),
        json!({}),
    );
    let (hoisted, reports) = run(document, Dialect::OpenApi3);
    assert_eq!(at(&hoisted, "/paths/~1a/get/callbacks"), &json!({}));
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0].contains("it does not point into this document"),
        "{reports:?}"
    );
}

/// A header map's names are the author's, `x-` ones too: a reference inside a header named
/// `x-trace` is hoisted as one inside `X-Trace` is.
#[test]
fn a_reference_under_a_name_like_an_extension_is_hoisted() {
    let answer = json!({"description": "ok", "headers": {
        "x-trace": {"schema": {"$ref": "#/components/schemas/Thing/properties/id"}}}});
    let document = oas(
        json!({"/a": {"get": {"responses": {"200": answer}}}}),
        json!({"schemas": {
            "Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}}),
    );
    let (hoisted, reports) = run(document, Dialect::OpenApi3);
    assert!(reports.is_empty(), "{reports:?}");
    assert_eq!(
        at(
            &hoisted,
            "/paths/~1a/get/responses/200/headers/x-trace/schema"
        ),
        &json!({"$ref": "#/components/schemas/Thing_id"})
    );
    assert_eq!(
        at(&hoisted, "/components/schemas/Thing_id"),
        &json!({"type": "string"})
    );
}
