//! A JSON example for a schema of the OpenAPI 3.0 document: the spec's own `example`, `examples`
//! or `default` when it has one, otherwise a value synthesised from the schema's keywords.
//!
//! Used by `cargo xtask roundtrip`, which decodes one example per union variant into the generated
//! types. Pure, and total: any document and any pointer give a value or a reason, never a panic.

use crate::all_of::Merged;
use crate::pointer::At as _;
use serde_json::{Map, Number, Value};

/// How deep the synthesis goes (schemas inside schemas, through references) before giving up.
const MAX_DEPTH: usize = 32;
/// Optional properties are filled in only in objects this shallow: deep enough to exercise the
/// variant's own fields (and their types), without writing out a whole API's object graph.
const OPTIONAL_DEPTH: usize = 2;
/// The most JSON nodes one example may have (references can fan out exponentially).
const MAX_NODES: usize = 10_000;
/// The most items an example array may have (`minItems` can ask for more).
const MAX_ITEMS: usize = 100;

/// Why no example could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoExample {
    /// JSON pointer of the schema that could not be satisfied.
    pub pointer: String,
    /// What was wrong with it.
    pub reason: String,
}

impl std::fmt::Display for NoExample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at {})", self.reason, self.pointer)
    }
}

/// A JSON example for the schema at `pointer` in `document`, or `None`; [`try_example`] says why.
pub fn example(document: &Value, pointer: &str) -> Option<Value> {
    try_example(document, pointer).ok()
}

/// A JSON example for the schema at `pointer` in `document`.
///
/// When `pointer` is an alternative of a union (`…/oneOf/N` or `…/anyOf/N`) whose schema has a
/// `discriminator`, the example carries this alternative's discriminator value: without it the
/// example would not be one of that union's shapes.
///
/// When the union's schema has properties of its own (`{properties: …, oneOf: […]}`), the example
/// is that object refined by the alternative, as a value of the union must be.
pub fn try_example(document: &Value, pointer: &str) -> Result<Value, NoExample> {
    example_in(document, pointer, Style::Full)
}

/// Like [`try_example`], but as small as the schema allows: only required properties, and
/// `null` wherever `null` is allowed. Where two alternatives differ only in what they allow to be
/// `null`, this is the example that tells the looser one apart.
pub fn try_minimal_example(document: &Value, pointer: &str) -> Result<Value, NoExample> {
    example_in(document, pointer, Style::Minimal)
}

/// Like [`try_example`], but made from the schema's keywords alone: the spec's own `example`,
/// `examples` and `default` are passed over, here and in every schema inside. For a call to try
/// again when the spec's own example breaks its schema.
pub fn try_schema_example(document: &Value, pointer: &str) -> Result<Value, NoExample> {
    example_with(document, pointer, Style::Full, false)
}

/// How much an example shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Optional properties too (near the top), and values where `null` is allowed.
    Full,
    /// Required properties only, `null` where allowed.
    Minimal,
    /// Required properties only, each with a value (`null` only where nothing else is allowed).
    Required,
    /// Optional properties too (near the top), `null` where allowed.
    Nulls,
}

fn example_in(document: &Value, pointer: &str, style: Style) -> Result<Value, NoExample> {
    example_with(document, pointer, style, true)
}

/// [`example_in`], the spec's own examples and defaults used or (`examples: false`) every value
/// made from the keywords.
fn example_with(
    document: &Value,
    pointer: &str,
    style: Style,
    examples: bool,
) -> Result<Value, NoExample> {
    let mut synth = Synth::new(document, style, examples);
    let schema = resolve(document, pointer).ok_or_else(|| NoExample {
        pointer: pointer.to_owned(),
        reason: "no schema at this pointer".to_owned(),
    })?;
    let Some((union, alternative)) = union_of(document, pointer) else {
        return synth.value(schema, pointer, 0, 0);
    };
    let mut value = match refined(union, alternative) {
        Some(refined) => synth.value(&refined, pointer, 0, 0)?,
        None => synth.value(schema, pointer, 0, 0)?,
    };
    synth.set_discriminator(union, alternative, &mut value);
    Ok(value)
}

/// An alternative of a union whose schema also has properties, as the schema it stands for: the
/// union's own keywords, then the alternative (a later definition wins: its properties do).
fn refined(union: &Value, alternative: &Value) -> Option<Value> {
    let own = union.as_object()?;
    if !own.contains_key("properties") {
        return None;
    }
    let mut base = own.clone();
    for keyword in [
        "oneOf",
        "anyOf",
        "discriminator",
        "example",
        "examples",
        "default",
    ] {
        base.remove(keyword);
    }
    let mut refined = Map::new();
    refined.insert(
        "allOf".to_owned(),
        Value::Array(vec![Value::Object(base), alternative.clone()]),
    );
    Some(Value::Object(refined))
}

/// The node at `pointer`, following any `$ref` met on the way (a pointer may run through a
/// reference: `/paths/…/parameters/2/schema` where parameter 2 is a `$ref` to a shared one), and
/// into `allOf` parts for a member merged from them: the walk of [`resolved_pointer`].
fn resolve<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(document);
    }
    document.at(&resolved_pointer(document, pointer)?)
}

/// `pointer` with every reference met on the way followed, so that a validator that does not
/// follow a path through a `$ref` finds the schema: `/paths/~1a/get/parameters/0/schema` where
/// parameter 0 is a `$ref` becomes `/components/parameters/P/schema`.
pub fn resolved_pointer(document: &Value, pointer: &str) -> Option<String> {
    let tokens: Vec<&str> = pointer.strip_prefix('/')?.split('/').collect();
    walk_to(document, document, String::new(), &tokens, 0)
}

/// The rest of [`resolved_pointer`] from `node` (at `at`): references followed; a property an
/// object's `allOf` holds (`…/properties/x` of `{allOf: [A, B]}`, where lowering merged the
/// parts) looked for in its parts.
fn walk_to<'d>(
    document: &'d Value,
    mut node: &'d Value,
    mut at: String,
    tokens: &[&str],
    mut hops: usize,
) -> Option<String> {
    // The last schema met that has an `allOf`: where to look again when a member is not found.
    let mut merged: Option<(&'d Value, String, usize)> = None;
    for (index, token) in tokens.iter().enumerate() {
        let key = crate::pointer::unescape_token(token);
        while let Some(target) = node
            .get("$ref")
            .filter(|_| node.get(&key).is_none())
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            hops += 1;
            if hops > MAX_DEPTH {
                return None;
            }
            node = document.at(target)?;
            at = target.to_owned();
        }
        if node.get("allOf").is_some_and(Value::is_array) {
            merged = Some((node, at.clone(), index));
        }
        let next = match node {
            Value::Object(members) => members.get(&key),
            Value::Array(items) => items.get(key.parse::<usize>().ok()?),
            _ => return None,
        };
        let Some(next) = next else {
            let (schema, at, from) = merged?;
            let parts = schema.get("allOf")?.as_array()?;
            return parts.iter().enumerate().find_map(|(i, part)| {
                let here = format!("{at}/allOf/{i}");
                walk_to(document, part, here, &tokens[from..], hops + 1)
            });
        };
        node = next;
        at.push('/');
        at.push_str(token);
    }
    Some(at)
}

/// The union schema and the alternative, when `pointer` ends in `/oneOf/N` or `/anyOf/N`.
fn union_of<'a>(document: &'a Value, pointer: &str) -> Option<(&'a Value, &'a Value)> {
    let (parent, index) = pointer.rsplit_once('/')?;
    let (union, keyword) = parent.rsplit_once('/')?;
    if keyword != "oneOf" && keyword != "anyOf" {
        return None;
    }
    let union = resolve(document, union)?;
    let alternative = union.get(keyword)?.get(index.parse::<usize>().ok()?)?;
    Some((union, alternative))
}

struct Synth<'a> {
    document: &'a Value,
    /// The references being followed, outermost first: one seen again is a cycle.
    refs: Vec<String>,
    /// JSON nodes produced so far.
    nodes: usize,
    style: Style,
    /// Whether the spec's own `example`, `examples` and `default` are taken where present.
    examples: bool,
}

impl<'a> Synth<'a> {
    fn new(document: &'a Value, style: Style, examples: bool) -> Self {
        Self {
            document,
            refs: Vec::new(),
            nodes: 0,
            style,
            examples,
        }
    }

    /// An example of `schema` (found at `at`); `depth` counts schemas, `objects` nested objects.
    fn value(
        &mut self,
        schema: &Value,
        at: &str,
        depth: usize,
        objects: usize,
    ) -> Result<Value, NoExample> {
        let fail = |reason: String| NoExample {
            pointer: at.to_owned(),
            reason,
        };
        if depth > MAX_DEPTH {
            return Err(fail(format!("nested more than {MAX_DEPTH} schemas deep")));
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(fail(format!("example would exceed {MAX_NODES} JSON nodes")));
        }
        let Some(object) = schema.as_object() else {
            // `true` (or any non-object, which accepts anything in practice): any value will do.
            return Ok(Value::Object(Map::new()));
        };
        if let Some(reference) = object.get("$ref") {
            return self.reference(reference, at, depth, objects);
        }
        if let Some(own) = own_example(object).filter(|_| self.examples) {
            return Ok(own);
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            // `allOf: [one]` beside annotations only is that one schema, its example included.
            if let [only] = parts.as_slice() {
                if object
                    .keys()
                    .all(|key| key == "allOf" || ANNOTATIONS.contains(&key.as_str()))
                {
                    return self.value(only, &format!("{at}/allOf/0"), depth + 1, objects);
                }
            }
            let merged = self.merge(object, parts, at, depth)?;
            return self.synthesise(&merged, at, depth, objects);
        }
        self.synthesise(object, at, depth, objects)
    }

    fn reference(
        &mut self,
        reference: &Value,
        at: &str,
        depth: usize,
        objects: usize,
    ) -> Result<Value, NoExample> {
        let fail = |reason: String| NoExample {
            pointer: at.to_owned(),
            reason,
        };
        let Some(target) = reference.as_str().and_then(|r| r.strip_prefix('#')) else {
            return Err(fail(format!(
                "`$ref: {reference}` is not a local reference"
            )));
        };
        if self.refs.iter().any(|seen| seen == target) {
            return Err(fail(format!("`$ref: #{target}` refers back to itself")));
        }
        let Some(schema) = self.document.at(target) else {
            return Err(fail(format!("`$ref: #{target}` resolves to nothing")));
        };
        self.refs.push(target.to_owned());
        let value = self.value(schema, target, depth + 1, objects);
        self.refs.pop();
        value
    }

    /// The schema's `allOf` parts (references followed, nested `allOf`s flattened) and its own
    /// keywords as one object schema: properties and `required` united (a property defined
    /// twice takes its last definition, the schema's own last of all, as lowering does), other
    /// keywords from the first schema that has them (the schema itself first).
    // Whole: one fold over the allOf parts, uniting properties and required and taking other
    // keywords in the same step.
    fn merge<'s>(
        &mut self,
        own: &'s Map<String, Value>,
        parts: &'s [Value],
        at: &str,
        depth: usize,
    ) -> Result<Map<String, Value>, NoExample>
    where
        'a: 's,
    {
        let mut merged = Map::new();
        // Properties and required names by the rule lowering uses (`crate::all_of`), in its
        // order: each part's nested `allOf` before the part's own, the schema's own last.
        let mut members: Merged<Value> = Merged::default();
        let keywords = |merged: &mut Map<String, Value>, schema: &Map<String, Value>| {
            for (key, value) in schema {
                match key.as_str() {
                    // The parts' own examples show the parts, not the whole.
                    "allOf" | "$ref" | "example" | "examples" | "default" | "required"
                    | "properties" => {}
                    _ => {
                        merged.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
        };
        let add = |members: &mut Merged<Value>, schema: &Map<String, Value>| {
            let properties = schema.get("properties").and_then(Value::as_object);
            let required = schema.get("required").and_then(Value::as_array);
            let names: Vec<String> = required
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            members.add(properties.into_iter().flatten(), names.iter());
        };
        keywords(&mut merged, own);
        let mut pending: Vec<(&'s Value, String, usize)> = parts
            .iter()
            .enumerate()
            .rev()
            .map(|(i, part)| (part, format!("{at}/allOf/{i}"), depth + 1))
            .collect();
        // Parts whose own members wait for their nested `allOf`: (stack height, schema).
        let mut after: Vec<(usize, &Map<String, Value>)> = Vec::new();
        let mut followed = Vec::new();
        while let Some((part, here, level)) = pending.pop() {
            if level > MAX_DEPTH {
                return Err(NoExample {
                    pointer: here,
                    reason: format!("`allOf` nested more than {MAX_DEPTH} deep"),
                });
            }
            let (schema, here) = match part.get("$ref") {
                Some(reference) => {
                    let Some(target) = reference.as_str().and_then(|r| r.strip_prefix('#')) else {
                        return Err(NoExample {
                            pointer: here,
                            reason: format!("`$ref: {reference}` is not a local reference"),
                        });
                    };
                    if self.refs.iter().chain(&followed).any(|seen| seen == target) {
                        return Err(NoExample {
                            pointer: here,
                            reason: format!("`allOf` includes `#{target}`, which includes itself"),
                        });
                    }
                    followed.push(target.to_owned());
                    let Some(schema) = self.document.at(target) else {
                        return Err(NoExample {
                            pointer: here,
                            reason: format!("`$ref: #{target}` resolves to nothing"),
                        });
                    };
                    (schema, target.to_owned())
                }
                None => (part, here),
            };
            if let Some(schema) = schema.as_object() {
                keywords(&mut merged, schema);
                match schema.get("allOf").and_then(Value::as_array) {
                    Some(nested) => {
                        after.push((pending.len(), schema));
                        pending.extend(
                            nested
                                .iter()
                                .enumerate()
                                .rev()
                                .map(|(i, p)| (p, format!("{here}/allOf/{i}"), level + 1)),
                        );
                    }
                    None => add(&mut members, schema),
                }
            }
            while after
                .last()
                .is_some_and(|(height, _)| *height >= pending.len())
            {
                if let Some((_, schema)) = after.pop() {
                    add(&mut members, schema);
                }
            }
        }
        add(&mut members, own);
        if !members.properties.is_empty() {
            let properties = members.properties.into_iter().collect();
            merged.insert("properties".to_owned(), Value::Object(properties));
        }
        if !members.required.is_empty() {
            let required = members.required.into_iter().map(Value::String).collect();
            merged.insert("required".to_owned(), Value::Array(required));
        }
        Ok(merged)
    }

    /// An example made from the schema's keywords (its own `example`s already looked at).
    fn synthesise(
        &mut self,
        schema: &Map<String, Value>,
        at: &str,
        depth: usize,
        objects: usize,
    ) -> Result<Value, NoExample> {
        let fail = |reason: String| NoExample {
            pointer: at.to_owned(),
            reason,
        };
        if let Some(own) = own_example(schema).filter(|_| self.examples) {
            return Ok(own);
        }
        if let Some(value) = schema.get("const").filter(|v| !v.is_null()) {
            return Ok(value.clone());
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values
                .iter()
                .find(|v| !v.is_null())
                .cloned()
                .ok_or_else(|| fail("`enum` has no non-null value".to_owned()));
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(alternatives) = schema.get(keyword).and_then(Value::as_array) {
                return self.first_alternative(schema, keyword, alternatives, at, depth, objects);
            }
        }
        match schema_type(schema) {
            Some("string") => string(schema).map_err(fail),
            Some("integer") => integer(schema).map_err(fail),
            Some("number") => number(schema).map_err(fail),
            Some("boolean") => Ok(Value::Bool(true)),
            Some("array") => self.array(schema, at, depth, objects),
            Some("object") => self.object(schema, at, depth, objects),
            Some("null") => Err(fail("only `null` is allowed".to_owned())),
            Some(other) => Err(fail(format!("unknown `type: {other}`"))),
            // No type and nothing else to go by: any value is valid.
            None => Ok(Value::Object(Map::new())),
        }
    }

    /// An example of the first alternative that has one, with its discriminator value.
    fn first_alternative(
        &mut self,
        union: &Map<String, Value>,
        keyword: &str,
        alternatives: &[Value],
        at: &str,
        depth: usize,
        objects: usize,
    ) -> Result<Value, NoExample> {
        let mut first_error = None;
        let around = Value::Object(union.clone());
        for (i, alternative) in alternatives.iter().enumerate() {
            let here = format!("{at}/{keyword}/{i}");
            // An alternative of an object with properties of its own refines that object.
            let refined = refined(&around, alternative);
            let alternative = refined.as_ref().unwrap_or(alternative);
            match self.value(alternative, &here, depth + 1, objects) {
                Ok(mut value) => {
                    self.set_discriminator_in(union, alternative, &mut value);
                    return Ok(value);
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| NoExample {
            pointer: at.to_owned(),
            reason: format!("`{keyword}` has no alternatives"),
        }))
    }

    fn set_discriminator(&self, union: &Value, alternative: &Value, value: &mut Value) {
        if let Some(union) = union.as_object() {
            self.set_discriminator_in(union, alternative, value);
        }
    }

    /// Write the discriminator value that selects `alternative` into `value`: the `mapping` key
    /// naming its reference, or else the referenced schema's name (the OpenAPI default).
    fn set_discriminator_in(
        &self,
        union: &Map<String, Value>,
        alternative: &Value,
        value: &mut Value,
    ) {
        let Some(discriminator) = union.get("discriminator") else {
            return;
        };
        let Some(property) = discriminator
            .get("propertyName")
            .or(Some(discriminator))
            .and_then(Value::as_str)
        else {
            return;
        };
        let Some(reference) = alternative.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let mapped = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .find(|(_, target)| target.as_str().is_some_and(|t| t == reference || t == name))
            .map(|(key, _)| key.clone());
        if let Value::Object(members) = value {
            members.insert(
                property.to_owned(),
                Value::String(mapped.unwrap_or_else(|| name.to_owned())),
            );
        }
    }

    /// Whether a schema (here, or where its `$ref` leads) allows `null`.
    fn nullable(&self, schema: &Value) -> bool {
        let mut schema = schema;
        for _ in 0..MAX_DEPTH {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference
                    .strip_prefix('#')
                    .and_then(|target| self.document.at(target))
                {
                    Some(target) => schema = target,
                    None => return false,
                },
                None => break,
            }
        }
        schema.get("nullable") == Some(&Value::Bool(true))
            || schema
                .get("type")
                .and_then(Value::as_array)
                .is_some_and(|types| types.iter().any(|t| t == "null"))
    }

    fn array(
        &mut self,
        schema: &Map<String, Value>,
        at: &str,
        depth: usize,
        objects: usize,
    ) -> Result<Value, NoExample> {
        let min = count(schema, "minItems").unwrap_or(0);
        let max = count(schema, "maxItems").unwrap_or(u64::MAX);
        let wanted = min.max(1).min(max);
        if wanted == 0 {
            return Ok(Value::Array(Vec::new()));
        }
        let items = schema.get("items").unwrap_or(&Value::Bool(true));
        let item = match self.value(items, &format!("{at}/items"), depth + 1, objects) {
            Ok(item) => item,
            // An empty array is as good an example when the items cannot be made.
            Err(_) if min == 0 => return Ok(Value::Array(Vec::new())),
            Err(error) => return Err(error),
        };
        if wanted > 1 && schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            return Err(NoExample {
                pointer: at.to_owned(),
                reason: format!("`minItems: {min}` with `uniqueItems` needs distinct items"),
            });
        }
        let wanted = usize::try_from(wanted).unwrap_or(usize::MAX);
        if wanted > MAX_ITEMS {
            return Err(NoExample {
                pointer: at.to_owned(),
                reason: format!("`minItems: {min}` is too many"),
            });
        }
        Ok(Value::Array(vec![item; wanted]))
    }

    fn object(
        &mut self,
        schema: &Map<String, Value>,
        at: &str,
        depth: usize,
        objects: usize,
    ) -> Result<Value, NoExample> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let properties = schema.get("properties").and_then(Value::as_object);
        let mut members = Map::new();
        for (name, property) in properties.into_iter().flatten() {
            let needed = required.contains(&name.as_str());
            let minimal = matches!(self.style, Style::Minimal | Style::Required);
            if !needed && (minimal || objects >= OPTIONAL_DEPTH) {
                continue;
            }
            let nulls = matches!(self.style, Style::Minimal | Style::Nulls);
            if nulls && self.nullable(property) {
                members.insert(name.clone(), Value::Null);
                continue;
            }
            let here = format!("{at}/properties/{}", escape(name));
            match self.value(property, &here, depth + 1, objects + 1) {
                Ok(value) => {
                    members.insert(name.clone(), value);
                }
                Err(error) if needed => return Err(error),
                Err(_) => {}
            }
        }
        let additional = schema.get("additionalProperties").filter(|a| a.is_object());
        for name in required {
            if members.contains_key(name) {
                continue;
            }
            // Required but not described: valid with any value the extra properties allow.
            let value = match additional {
                Some(additional) => self.value(
                    additional,
                    &format!("{at}/additionalProperties"),
                    depth + 1,
                    objects + 1,
                )?,
                None => Value::String("string".to_owned()),
            };
            members.insert(name.to_owned(), value);
        }
        if let (Some(additional), None) = (additional, properties) {
            // A map: one entry shows its values' shape.
            if members.is_empty() {
                let here = format!("{at}/additionalProperties");
                if let Ok(value) = self.value(additional, &here, depth + 1, objects + 1) {
                    members.insert("key".to_owned(), value);
                }
            }
        }
        Ok(Value::Object(members))
    }
}

/// The schema's own example: `example`, else the first of `examples`, else `default` (a `null`
/// counts as none: the example is meant to show a value).
/// Keywords that describe a schema without constraining its values.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "xml",
];

fn own_example(schema: &Map<String, Value>) -> Option<Value> {
    let example = schema.get("example").filter(|v| !v.is_null());
    let examples = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|all| all.iter().find(|v| !v.is_null()));
    let default = schema.get("default").filter(|v| !v.is_null());
    example.or(examples).or(default).cloned()
}

/// The schema's `type`, inferred from its keywords when absent; of a list of types (OpenAPI 3.1),
/// the first that is not `null`.
fn schema_type(schema: &Map<String, Value>) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => Some(name),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|name| *name != "null")
            .or(Some("null")),
        _ if schema.contains_key("properties") || schema.contains_key("additionalProperties") => {
            Some("object")
        }
        _ if schema.contains_key("items") => Some("array"),
        _ => None,
    }
}

fn count(schema: &Map<String, Value>, keyword: &str) -> Option<u64> {
    schema.get(keyword).and_then(Value::as_u64)
}

fn string(schema: &Map<String, Value>) -> Result<Value, String> {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    // Formats the generated types parse are written as those types print them (a date-time in
    // UTC with `Z`, as chrono writes it), so a round trip gives the same text.
    let formatted = match format {
        "date-time" => Some("2024-01-02T03:04:05Z"),
        "date" => Some("2024-01-02"),
        "time" => Some("03:04:05"),
        "uuid" => Some("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        "email" => Some("user@example.com"),
        "uri" | "url" | "uri-reference" => Some("https://example.com/"),
        "hostname" => Some("example.com"),
        "ipv4" => Some("192.0.2.1"),
        "ipv6" => Some("2001:db8::1"),
        // Base64 of "example".
        "byte" => Some("ZXhhbXBsZQ=="),
        "binary" => Some("example"),
        _ => None,
    };
    let min = count(schema, "minLength").unwrap_or(0);
    let max = count(schema, "maxLength").unwrap_or(u64::MAX);
    if let Some(text) = formatted {
        return Ok(Value::String(text.to_owned()));
    }
    if min > max {
        return Err(format!("`minLength: {min}` is above `maxLength: {max}`"));
    }
    let length = usize::try_from(min.max(6).min(max)).unwrap_or(6);
    if length > MAX_NODES {
        return Err(format!("`minLength: {min}` is too long for an example"));
    }
    let filler: String = "string".chars().cycle().take(length).collect();
    // A `pattern`: a string made to match it, when its length is allowed; else the schema's own
    // example (when examples are not taken first), else the filler.
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        if let Some(matched) = pattern::matching(pattern, min..=max) {
            return Ok(Value::String(matched));
        }
        if let Some(own) = own_example(schema).filter(Value::is_string) {
            return Ok(own);
        }
    }
    Ok(Value::String(filler))
}

/// The least integer in `[minimum, maximum]` that is a multiple of `multipleOf`, starting from 1
/// when there is no minimum.
fn integer(schema: &Map<String, Value>) -> Result<Value, String> {
    let (min, min_exclusive) = bound(schema, "minimum", "exclusiveMinimum");
    let (max, max_exclusive) = bound(schema, "maximum", "exclusiveMaximum");
    let mut low = match min {
        Some(min) if min_exclusive => min.floor() + 1.0,
        Some(min) => min.ceil(),
        None => 1f64.min(max.map_or(1.0, |max| max.floor())),
    };
    if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64) {
        if step > 0.0 && step.fract() == 0.0 {
            low = (low / step).ceil() * step;
        }
    }
    let fits = match max {
        Some(max) if max_exclusive => low < max,
        Some(max) => low <= max,
        None => true,
    };
    if !fits || !low.is_finite() || low.abs() > 9.0e15 {
        return Err("no integer within `minimum`, `maximum` and `multipleOf`".to_owned());
    }
    // Exactly integral and within ±2^53, so the conversion is exact.
    let low = low as i64;
    Ok(Value::Number(Number::from(low)))
}

/// A number in range: 1.5 (exact in `f32` and `f64`) when nothing says otherwise.
fn number(schema: &Map<String, Value>) -> Result<Value, String> {
    let (min, min_exclusive) = bound(schema, "minimum", "exclusiveMinimum");
    let (max, max_exclusive) = bound(schema, "maximum", "exclusiveMaximum");
    let mut value = match (min, max) {
        (Some(min), Some(max)) if min_exclusive || max_exclusive => (min + max) / 2.0,
        (Some(min), _) if min_exclusive => min + 0.5,
        (Some(min), _) => min,
        (None, Some(max)) if max_exclusive => (max - 0.5).min(1.5),
        (None, Some(max)) => max.min(1.5),
        (None, None) => 1.5,
    };
    if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64) {
        if step > 0.0 {
            let next = (value / step).ceil() * step;
            value = if min_exclusive && Some(next) == min {
                next + step
            } else {
                next
            };
        }
    }
    let above = match min {
        Some(min) if min_exclusive => value > min,
        Some(min) => value >= min,
        None => true,
    };
    let below = match max {
        Some(max) if max_exclusive => value < max,
        Some(max) => value <= max,
        None => true,
    };
    match Number::from_f64(value) {
        Some(number) if above && below => Ok(Value::Number(number)),
        _ => Err("no number within `minimum`, `maximum` and `multipleOf`".to_owned()),
    }
}

/// A bound and whether it is exclusive: OpenAPI 3.0's boolean `exclusiveMinimum`, or 3.1's
/// numeric one.
fn bound(schema: &Map<String, Value>, keyword: &str, exclusive: &str) -> (Option<f64>, bool) {
    let value = schema.get(keyword).and_then(Value::as_f64);
    match schema.get(exclusive) {
        Some(Value::Bool(flag)) => (value, *flag),
        Some(Value::Number(number)) => (number.as_f64(), true),
        _ => (value, false),
    }
}

/// A JSON pointer token (RFC 6901).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

mod pattern;
mod samples;
#[cfg(test)]
mod tests;

pub use samples::{Sample, samples};
