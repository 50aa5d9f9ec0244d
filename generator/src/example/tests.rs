//! Examples synthesised for each kind of schema, and examples a spec gives.

use serde_json::json;

use super::*;

fn of(schema: Value) -> Result<Value, NoExample> {
    let document = json!({ "components": { "schemas": { "S": schema } } });
    try_example(&document, "/components/schemas/S")
}

#[test]
fn own_example_then_examples_then_default() {
    let both = json!({"type": "integer", "example": 7, "default": 3});
    assert_eq!(of(both), Ok(json!(7)));
    let listed = json!({"type": "integer", "examples": [null, 8], "default": 3});
    assert_eq!(of(listed), Ok(json!(8)));
    assert_eq!(of(json!({"type": "integer", "default": 3})), Ok(json!(3)));
    let null = json!({"type": "string", "example": null});
    assert_eq!(of(null), Ok(json!("string")));
}

#[test]
fn enum_and_const() {
    let values = json!({"type": "string", "enum": [null, "b", "c"]});
    assert_eq!(of(values), Ok(json!("b")));
    assert_eq!(of(json!({"const": 4})), Ok(json!(4)));
    assert!(of(json!({"enum": []})).is_err());
}

#[test]
fn strings_by_format_and_length() {
    let at = |format: &str| of(json!({"type": "string", "format": format}));
    assert_eq!(at("date-time"), Ok(json!("2024-01-02T03:04:05Z")));
    assert_eq!(at("date"), Ok(json!("2024-01-02")));
    assert_eq!(
        at("uuid"),
        Ok(json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"))
    );
    assert_eq!(at("email"), Ok(json!("user@example.com")));
    assert_eq!(at("uri"), Ok(json!("https://example.com/")));
    assert_eq!(at("byte"), Ok(json!("ZXhhbXBsZQ==")));
    assert_eq!(at("binary"), Ok(json!("example")));
    let long = json!({"type": "string", "minLength": 10});
    assert_eq!(of(long), Ok(json!("stringstri")));
    let short = json!({"type": "string", "maxLength": 2});
    assert_eq!(of(short), Ok(json!("st")));
    assert!(of(json!({"type": "string", "minLength": 3, "maxLength": 2})).is_err());
}

#[test]
fn strings_match_their_pattern() {
    let literal = json!({"type": "string", "pattern": "^v1\\.0$"});
    assert_eq!(of(literal), Ok(json!("v1.0")));
    let class = json!({"type": "string", "pattern": "^[a-z]+$"});
    assert_eq!(of(class), Ok(json!("a")));
    let longer = json!({"type": "string", "pattern": "^[a-z]+$", "minLength": 3});
    assert_eq!(of(longer), Ok(json!("aaa")));
    // Not Rust regex syntax: the filler.
    let unread = json!({"type": "string", "pattern": "^(?!x)"});
    assert_eq!(of(unread), Ok(json!("string")));
}

#[test]
fn numbers_within_bounds() {
    assert_eq!(of(json!({"type": "integer"})), Ok(json!(1)));
    let ranged = json!({"type": "integer", "minimum": 10, "maximum": 20, "multipleOf": 7});
    assert_eq!(of(ranged), Ok(json!(14)));
    let exclusive = json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true});
    assert_eq!(of(exclusive), Ok(json!(1)));
    let negative = json!({"type": "integer", "maximum": -5});
    assert_eq!(of(negative), Ok(json!(-5)));
    let empty = json!({"type": "integer", "minimum": 3, "maximum": 4, "multipleOf": 5});
    assert!(of(empty).is_err());
    assert_eq!(of(json!({"type": "number"})), Ok(json!(1.5)));
    let ranged = json!({"type": "number", "minimum": 0, "maximum": 1, "exclusiveMaximum": 1});
    assert_eq!(of(ranged), Ok(json!(0.5)));
    let stepped = json!({"type": "number", "minimum": 1, "multipleOf": 0.25});
    assert_eq!(of(stepped), Ok(json!(1.0)));
    assert_eq!(of(json!({"type": "boolean"})), Ok(json!(true)));
}

#[test]
fn arrays_have_one_item_or_min_items() {
    let one = json!({"type": "array", "items": {"type": "boolean"}});
    assert_eq!(of(one), Ok(json!([true])));
    let three = json!({"type": "array", "minItems": 3, "items": {"type": "integer"}});
    assert_eq!(of(three), Ok(json!([1, 1, 1])));
    let none = json!({"type": "array", "maxItems": 0, "items": {"type": "integer"}});
    assert_eq!(of(none), Ok(json!([])));
    let unique = json!({"minItems": 2, "uniqueItems": true, "items": {"type": "integer"}});
    assert!(of(unique).is_err());
}

#[test]
fn objects_have_required_and_shallow_optional_properties() {
    let schema = json!({
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "nullable": true},
            "inner": {
                "type": "object",
                "properties": {
                    "deeper": {"type": "object", "properties": {"x": {"type": "integer"}}}
                }
            }
        }
    });
    let expected = json!({"id": "string", "inner": {"deeper": {}}});
    assert_eq!(of(schema), Ok(expected));
    let map = json!({"type": "object", "additionalProperties": {"type": "integer"}});
    assert_eq!(of(map), Ok(json!({"key": 1})));
}

#[test]
fn references_all_of_and_unions() {
    let document = json!({"components": {"schemas": {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
        "Dog": {"allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
        ]},
        "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Cat"}],
            "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}}
        },
        "Either": {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    }}});
    let at = |pointer: &str| try_example(&document, pointer);
    assert_eq!(
        at("/components/schemas/Dog"),
        Ok(json!({"kind": "string", "id": 1}))
    );
    // The discriminator value of each alternative: mapped, or the schema's name.
    let dog = at("/components/schemas/Pet/oneOf/0");
    assert_eq!(dog, Ok(json!({"kind": "dog", "id": 1})));
    assert_eq!(
        at("/components/schemas/Pet/oneOf/1"),
        Ok(json!({"kind": "Cat"}))
    );
    assert_eq!(
        at("/components/schemas/Pet"),
        Ok(json!({"kind": "dog", "id": 1}))
    );
    assert_eq!(at("/components/schemas/Either"), Ok(json!(1)));
    assert_eq!(
        at("/components/schemas/Either/anyOf/1"),
        Ok(json!("string"))
    );
}

#[test]
fn pointers_may_run_through_references() {
    let document = json!({
        "paths": {"/a/{id}": {"get": {"parameters": [{"$ref": "#/components/parameters/Id"}]}}},
        "components": {
            "parameters": {"Id": {"name": "id", "in": "path", "schema": {
                "oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/Name"}]}}},
            "schemas": {"Name": {"type": "string", "example": "octo"}, "Me": {"$ref": "#/components/schemas/Me"}}
        }
    });
    let at = |pointer: &str| try_example(&document, pointer);
    let base = "/paths/~1a~1{id}/get/parameters/0/schema/oneOf";
    assert_eq!(at(&format!("{base}/0")), Ok(json!(1)));
    assert_eq!(at(&format!("{base}/1")), Ok(json!("octo")));
    assert!(at("/components/schemas/Me/x").is_err());
}

#[test]
fn cycles_and_bad_pointers_give_reasons() {
    let document = json!({"components": {"schemas": {
        "Loop": {"type": "object", "required": ["next"],
                 "properties": {"next": {"$ref": "#/components/schemas/Loop"}}},
        "Tree": {"type": "object", "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}},
        "Knot": {"allOf": [{"$ref": "#/components/schemas/Knot"}]},
        "Dangling": {"$ref": "#/components/schemas/Nowhere"}
    }}});
    let at = |pointer: &str| try_example(&document, pointer);
    let error = at("/components/schemas/Loop").unwrap_err();
    assert!(error.reason.contains("refers back"), "{error}");
    assert_eq!(
        at("/components/schemas/Tree"),
        Ok(json!({"children": [{"children": []}]}))
    );
    assert!(at("/components/schemas/Knot").is_err());
    assert!(at("/components/schemas/Dangling").is_err());
    assert!(at("/nothing/here").is_err());
    assert_eq!(example(&document, "/components/schemas/Dangling"), None);
}

#[test]
fn any_input_gives_a_value_or_a_reason() {
    for schema in [
        json!(null),
        json!([1, 2]),
        json!({"type": 5}),
        json!({"type": ["null"]}),
        json!({"allOf": 3}),
        json!({"oneOf": []}),
        json!({"items": {"minItems": 1e300}, "minItems": -1}),
        json!({"$ref": 12}),
        json!({"discriminator": "kind", "oneOf": [{"$ref": "#/components/schemas/S"}]}),
        json!({"type": "integer", "minimum": 1e300}),
        json!({"type": "number", "multipleOf": 0, "maximum": "x"}),
    ] {
        let _ = of(schema);
    }
}

#[test]
fn a_refined_alternative_carries_the_union_objects_members() {
    let document = json!({"components": {"schemas": {"Run": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "status": {"type": "string", "enum": ["queued", "completed"]}},
        "oneOf": [
            {"properties": {"status": {"enum": ["completed"]}}, "required": ["status"]},
            {"properties": {"status": {"enum": ["queued"]}}}
        ]
    }}}});
    let second = try_example(&document, "/components/schemas/Run/oneOf/1");
    assert_eq!(second, Ok(json!({"status": "queued", "name": "string"})));
    let first = try_example(&document, "/components/schemas/Run/oneOf/0");
    assert_eq!(first, Ok(json!({"status": "completed", "name": "string"})));
}

#[test]
fn a_minimal_example_has_required_members_only_and_null_where_allowed() {
    let document = json!({"components": {"schemas": {
        "App": {"type": "object", "nullable": true, "properties": {"slug": {"type": "string"}}},
        "Event": {
            "type": "object",
            "required": ["id", "app", "note"],
            "properties": {
                "id": {"type": "integer"},
                "app": {"$ref": "#/components/schemas/App"},
                "note": {"type": "string", "nullable": true},
                "extra": {"type": "string"}
            }
        }
    }}});
    let minimal = try_minimal_example(&document, "/components/schemas/Event");
    assert_eq!(minimal, Ok(json!({"id": 1, "app": null, "note": null})));
    let full = try_example(&document, "/components/schemas/Event");
    assert_eq!(
        full,
        Ok(json!({"id": 1, "app": {"slug": "string"}, "note": "string", "extra": "string"}))
    );
}

#[test]
fn an_annotated_single_reference_gives_the_referenced_example() {
    let document = json!({"components": {"schemas": {
        "Net": {"oneOf": [{"title": "v6", "allOf": [{"$ref": "#/components/schemas/V6"}]}]},
        "V6": {"type": "string", "example": "fd12::/64", "pattern": "^[0-9a-f:]+/[0-9]+$"}
    }}});
    let example = try_example(&document, "/components/schemas/Net/oneOf/0");
    assert_eq!(example, Ok(json!("fd12::/64")));
}

#[test]
fn a_union_inside_an_object_keeps_the_objects_members() {
    let run = json!({
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "status": {"type": "string", "enum": ["queued", "completed"]}},
        "oneOf": [{"properties": {"status": {"enum": ["completed"]}}, "required": ["status"]}]
    });
    assert_eq!(
        of(run),
        Ok(json!({"status": "completed", "name": "string"}))
    );
    // Constraint-only alternatives: at least one of `a` and `b` must be there.
    let either = json!({
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
        "anyOf": [{"required": ["a"]}, {"required": ["b"]}]
    });
    assert_eq!(of(either), Ok(json!({"a": "string", "b": 1})));
}

#[test]
fn a_schema_example_passes_over_the_specs_own_examples() {
    let doc = json!({"components": {"schemas": {"Thing": {
        "type": "object",
        "required": ["size"],
        "example": {"size": "big"},
        "properties": {"size": {"type": "integer", "minimum": 3, "example": "3"}}
    }}}});
    let pointer = "/components/schemas/Thing";
    assert_eq!(
        super::try_example(&doc, pointer),
        Ok(json!({"size": "big"}))
    );
    assert_eq!(
        super::try_schema_example(&doc, pointer),
        Ok(json!({"size": 3}))
    );
}

#[test]
fn a_redefined_property_takes_its_last_definition_as_lowering_does() {
    let document = json!({"components": {"schemas": {
        "A": {"type": "object", "properties": {"x": {"type": "string"}}},
        "B": {"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}},
        "C": {
            "allOf": [
                {"$ref": "#/components/schemas/A"},
                {"allOf": [{"$ref": "#/components/schemas/B"}], "properties": {"y": {"type": "integer"}}}
            ],
            "properties": {"x": {"type": "boolean"}}
        },
        "D": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}
    }}});
    // The schema's own definition of `x` comes last of all.
    assert_eq!(
        try_minimal_example(&document, "/components/schemas/C"),
        Ok(json!({"x": true}))
    );
    // Of two parts, the later one's.
    assert_eq!(
        try_minimal_example(&document, "/components/schemas/D"),
        Ok(json!({"x": 1}))
    );
}
