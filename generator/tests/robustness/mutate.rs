//! Random changes to a spec value for `mutated_fixtures`: what they are, how they are applied,
//! and the proptest strategies that choose them.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

/// One random change to a spec value. Every `Index` picks among the nodes that exist when the
/// mutation is applied, so a sequence of mutations always applies.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Delete an object member.
    Delete(Index),
    /// Replace a node by a value of another type.
    Replace(Index, Value),
    /// Copy a subtree to another place: a new member of an object, an item of an array, or
    /// instead of a scalar.
    Duplicate { from: Index, to: Index, key: String },
    /// Rename an object member (keeping its value).
    Rename(Index, String),
    /// Set `type` on an object.
    SetType(Index, String),
    /// Replace a node by a `$ref`.
    Ref(Index, RefTarget),
    /// Wrap a subtree in `depth` levels of schema.
    Nest(Index, Nesting, usize),
}

#[derive(Debug, Clone)]
pub enum RefTarget {
    /// Any node of the document.
    Node(Index),
    /// The node itself: a pure-reference cycle of one.
    Itself,
    /// An ancestor: a cycle through the structure.
    Ancestor(Index),
    /// Arbitrary text.
    Text(String),
}

#[derive(Debug, Clone, Copy)]
pub enum Nesting {
    Items,
    Properties,
    AllOf,
    AdditionalProperties,
}

/// A JSON pointer and, when the node is an object member, whether its parent is an object.
pub struct Node {
    pub pointer: String,
    pub member: bool,
    pub object: bool,
}

/// Every node in document order (iteratively: a mutated value can be deep).
pub fn nodes(root: &Value) -> Vec<Node> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), root, false)];
    while let Some((pointer, value, member)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    stack.push((
                        format!("{pointer}/{}", generator::pointer::escape_token(key)),
                        child,
                        true,
                    ));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{index}"), child, false));
                }
            }
            _ => {}
        }
        out.push(Node {
            pointer,
            member,
            object: value.is_object(),
        });
    }
    out
}

pub fn pick<'n>(
    nodes: &'n [Node],
    index: &Index,
    filter: impl Fn(&Node) -> bool,
) -> Option<&'n Node> {
    let candidates: Vec<&Node> = nodes.iter().filter(|node| filter(node)).collect();
    if candidates.is_empty() {
        None
    } else {
        Some(candidates[index.index(candidates.len())])
    }
}

/// The parent pointer and the (unescaped) last token.
pub fn split(pointer: &str) -> Option<(&str, String)> {
    let (parent, token) = pointer.rsplit_once('/')?;
    Some((parent, token.replace("~1", "/").replace("~0", "~")))
}

pub fn apply(root: &mut Value, mutation: &Mutation) {
    let all = nodes(root);
    match mutation {
        Mutation::Delete(index) => {
            let Some(node) = pick(&all, index, |n| n.member) else {
                return;
            };
            let Some((parent, key)) = split(&node.pointer) else {
                return;
            };
            if let Some(Value::Object(map)) = root.pointer_mut(parent) {
                map.shift_remove(&key);
            }
        }
        Mutation::Replace(index, value) => {
            let Some(node) = pick(&all, index, |_| true) else {
                return;
            };
            if let Some(target) = root.pointer_mut(&node.pointer) {
                *target = of_another_type(target, value.clone());
            }
        }
        Mutation::Duplicate { from, to, key } => {
            let (Some(from), Some(to)) = (pick(&all, from, |_| true), pick(&all, to, |_| true))
            else {
                return;
            };
            let Some(copy) = root.pointer(&from.pointer).cloned() else {
                return;
            };
            match root.pointer_mut(&to.pointer) {
                Some(Value::Object(map)) => {
                    map.insert(key.clone(), copy);
                }
                Some(Value::Array(items)) => items.push(copy),
                Some(other) => *other = copy,
                None => {}
            }
        }
        Mutation::Rename(index, new) => {
            let Some(node) = pick(&all, index, |n| n.member) else {
                return;
            };
            let Some((parent, key)) = split(&node.pointer) else {
                return;
            };
            let Some(Value::Object(map)) = root.pointer_mut(parent) else {
                return;
            };
            let Some(position) = map.keys().position(|k| *k == key) else {
                return;
            };
            let Some(value) = map.shift_remove(&key) else {
                return;
            };
            if map.contains_key(new) {
                map.insert(new.clone(), value);
            } else {
                map.shift_insert(position.min(map.len()), new.clone(), value);
            }
        }
        Mutation::SetType(index, ty) => {
            let Some(node) = pick(&all, index, |n| n.object) else {
                return;
            };
            if let Some(Value::Object(map)) = root.pointer_mut(&node.pointer) {
                map.insert("type".to_owned(), Value::String(ty.clone()));
            }
        }
        Mutation::Ref(index, target) => {
            let Some(node) = pick(&all, index, |_| true) else {
                return;
            };
            let reference = match target {
                RefTarget::Node(index) => {
                    pick(&all, index, |_| true).map(|n| format!("#{}", n.pointer))
                }
                RefTarget::Itself => Some(format!("#{}", node.pointer)),
                RefTarget::Ancestor(index) => pick(&all, index, |n| {
                    node.pointer.starts_with(&format!("{}/", n.pointer)) || n.pointer.is_empty()
                })
                .map(|n| format!("#{}", n.pointer)),
                RefTarget::Text(text) => Some(text.clone()),
            };
            if let (Some(reference), Some(slot)) = (reference, root.pointer_mut(&node.pointer)) {
                *slot = json!({ "$ref": reference });
            }
        }
        Mutation::Nest(index, how, depth) => {
            let Some(node) = pick(&all, index, |_| true) else {
                return;
            };
            let Some(slot) = root.pointer_mut(&node.pointer) else {
                return;
            };
            let mut value = slot.take();
            for _ in 0..*depth {
                value = match how {
                    Nesting::Items => json!({ "type": "array", "items": value }),
                    Nesting::Properties => {
                        json!({ "type": "object", "properties": { "p": value } })
                    }
                    Nesting::AllOf => json!({ "allOf": [value] }),
                    Nesting::AdditionalProperties => {
                        json!({ "type": "object", "additionalProperties": value })
                    }
                };
            }
            *slot = value;
        }
    }
}

/// Which of the six JSON types a value is.
pub fn kind(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// `new`, or something built from it, so that its type differs from `old`'s.
pub fn of_another_type(old: &Value, new: Value) -> Value {
    if kind(old) != kind(&new) {
        new
    } else if new.is_array() {
        json!({ "x": new })
    } else {
        json!([new])
    }
}

/// Keys and words that mean something in a spec, and some that trip identifiers.
pub const WORDS: &[&str] = &[
    "type",
    "items",
    "properties",
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "additionalProperties",
    "required",
    "enum",
    "in",
    "name",
    "schema",
    "schemas",
    "responses",
    "parameters",
    "default",
    "x-nullable",
    "nullable",
    "format",
    "200",
    "204",
    "get",
    "post",
    "delete",
    "paths",
    "definitions",
    "components",
    "requestBody",
    "content",
    "application/json",
    "multipart/form-data",
    "body",
    "formData",
    "query",
    "path",
    "header",
    "consumes",
    "produces",
    "discriminator",
    "x-pagination",
    "x-method-name",
    "x-default-credentials",
    "securityDefinitions",
    "securitySchemes",
    "servers",
    "host",
    "basePath",
    "",
    "self",
    "Self",
    "super",
    "crate",
    "r#type",
    "1abc",
    "a/b",
    "~0",
    "__",
    "-",
    "Client",
    "Result",
    "Error",
    "Option",
    "Box",
    "Vec",
    "String",
    "mod",
    "fn",
    "async",
    "ä",
    "日本",
];

pub const TYPES: &[&str] = &[
    "object", "array", "string", "integer", "number", "boolean", "file", "null", "", "Object",
    "str ing",
];

pub fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9_$/~{} .-]{0,10}",
    ]
}

pub fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        Just(json!(u64::MAX)),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((word(), inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

pub fn ref_target() -> impl Strategy<Value = RefTarget> {
    prop_oneof![
        3 => any::<Index>().prop_map(RefTarget::Node),
        1 => Just(RefTarget::Itself),
        2 => any::<Index>().prop_map(RefTarget::Ancestor),
        1 => prop_oneof![
            Just("#".to_owned()),
            Just("#/".to_owned()),
            Just("#/definitions/".to_owned()),
            Just("#/components/schemas/Missing".to_owned()),
            Just("other.yaml#/definitions/A".to_owned()),
            Just("https://example.com/spec.json#/x".to_owned()),
            Just("#/definitions/A~2".to_owned()),
            Just("%%".to_owned()),
            Just(String::new()),
            "#/[a-z/~0-9]{0,12}",
        ]
        .prop_map(RefTarget::Text),
    ]
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    let nesting = prop_oneof![
        Just(Nesting::Items),
        Just(Nesting::Properties),
        Just(Nesting::AllOf),
        Just(Nesting::AdditionalProperties),
    ];
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), arb_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<Index>(), any::<Index>(), word()).prop_map(|(from, to, key)| Mutation::Duplicate { from, to, key }),
        2 => (any::<Index>(), word()).prop_map(|(i, k)| Mutation::Rename(i, k)),
        2 => (any::<Index>(), proptest::sample::select(TYPES)).prop_map(|(i, t)| Mutation::SetType(i, t.to_owned())),
        3 => (any::<Index>(), ref_target()).prop_map(|(i, t)| Mutation::Ref(i, t)),
        // Shallow: an invalid schema under deep nesting takes exponential time to reject (see
        // `invalid_schema_under_deep_nesting_fails_promptly`); depth has its own tests.
        1 => (any::<Index>(), nesting, 1usize..6).prop_map(|(i, n, d)| Mutation::Nest(i, n, d)),
    ]
}
