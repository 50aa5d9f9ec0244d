//! The sample maker: the kinds of values it makes for objects, unions, enums and bounds.

use serde_json::{Value, json};

use super::{resolved_pointer, samples};

fn values(document: &Value, pointer: &str, kind: &str) -> Vec<Value> {
    samples(document, pointer)
        .into_iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.value)
        .collect()
}

#[test]
fn an_object_gives_whole_values_and_each_member_varied() {
    let document = json!({"components": {"schemas": {"Pet": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 2, "maxLength": 4},
            "size": {"type": "string", "enum": ["s", "m"]},
            "age": {"type": "integer", "minimum": 0, "maximum": 30, "nullable": true}
        }
    }}}});
    let all = samples(&document, "/components/schemas/Pet");
    let whole: Vec<&str> = all
        .iter()
        .filter(|s| s.detail.is_empty())
        .map(|s| s.kind)
        .collect();
    assert_eq!(whole, ["all-members", "required-only", "nulls"], "{all:#?}");
    let required = values(&document, "/components/schemas/Pet", "required-only");
    assert_eq!(required, [json!({"name": "stri"})]);
    let enums = values(&document, "/components/schemas/Pet", "enum");
    assert!(enums.iter().any(|v| v["size"] == "m"), "{enums:?}");
    let bounds = values(&document, "/components/schemas/Pet", "boundary");
    assert!(bounds.iter().any(|v| v["name"] == "ün"), "{bounds:?}");
    assert!(bounds.iter().any(|v| v["age"] == 30), "{bounds:?}");
    assert!(bounds.iter().all(|v| v["age"] != 31), "{bounds:?}");
    let nulls = values(&document, "/components/schemas/Pet", "nulls");
    assert!(
        nulls
            .iter()
            .any(|v| v["age"] == Value::Null && v["size"] == "s"),
        "{nulls:?}"
    );
}

#[test]
fn a_union_gives_each_alternative_with_its_discriminator_value() {
    let document = json!({"components": {"schemas": {
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Cat"}],
            "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}}
        },
        "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
        "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
    }}});
    let alternatives: Vec<Value> = samples(&document, "/components/schemas/Pet")
        .into_iter()
        .map(|s| s.value)
        .collect();
    assert!(
        alternatives.contains(&json!({"kind": "dog"})),
        "{alternatives:?}"
    );
    assert!(
        alternatives.contains(&json!({"kind": "Cat"})),
        "{alternatives:?}"
    );
}

#[test]
fn bounds_respect_exclusive_limits_and_multiples() {
    let document = json!({"components": {"schemas": {
        "Even": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 9, "multipleOf": 2},
        "Ratio": {"type": "number", "minimum": 0, "maximum": 1, "exclusiveMaximum": true},
        "Tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3}
    }}});
    let even: Vec<Value> = samples(&document, "/components/schemas/Even")
        .into_iter()
        .map(|s| s.value)
        .collect();
    assert_eq!(even, [json!(2), json!(8)]);
    let ratio: Vec<Value> = samples(&document, "/components/schemas/Ratio")
        .into_iter()
        .map(|s| s.value)
        .collect();
    assert!(
        ratio.contains(&json!(0.0)) && ratio.contains(&json!(0.5)),
        "{ratio:?}"
    );
    assert!(
        ratio
            .iter()
            .all(|v| v.as_f64().is_some_and(|f| (0.0..1.0).contains(&f)))
    );
    let tags = values(&document, "/components/schemas/Tags", "boundary");
    assert!(tags.contains(&json!([])), "{tags:?}");
    assert!(
        tags.iter()
            .any(|v| v.as_array().is_some_and(|a| a.len() == 3)),
        "{tags:?}"
    );
}

#[test]
fn the_spec_own_example_is_a_sample_of_its_own() {
    let document = json!({"components": {"schemas": {"Id": {"type": "string", "example": "abc"}}}});
    assert_eq!(
        values(&document, "/components/schemas/Id", "example"),
        [json!("abc")]
    );
}

#[test]
fn a_pointer_through_a_reference_is_resolved() {
    let document = json!({
        "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}]}}},
        "components": {"parameters": {"P": {"schema": {"type": "string"}}}}
    });
    assert_eq!(
        resolved_pointer(&document, "/paths/~1a/get/parameters/0/schema").as_deref(),
        Some("/components/parameters/P/schema")
    );
    assert_eq!(resolved_pointer(&document, "/paths/~1b"), None);
}

#[test]
fn a_pointer_to_a_member_an_allof_part_holds_is_found_in_the_part() {
    let document = json!({"components": {"schemas": {
        "Base": {"type": "object", "properties": {"odata.type": {"type": "string", "enum": ["a"]}}},
        "Derived": {
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "properties": {"allOf": {"type": "array", "items": {"type": "string"}}}
        }
    }}});
    assert_eq!(
        resolved_pointer(
            &document,
            "/components/schemas/Derived/properties/odata.type"
        ),
        Some("/components/schemas/Base/properties/odata.type".to_owned())
    );
    assert_eq!(
        resolved_pointer(&document, "/components/schemas/Derived/properties/allOf"),
        Some("/components/schemas/Derived/properties/allOf".to_owned())
    );
    assert_eq!(
        resolved_pointer(&document, "/components/schemas/Derived/properties/missing"),
        None
    );
}
