//! Several values for one schema, each meant to be valid: required members only, all members,
//! `null` wherever allowed, each alternative of a union (with its discriminator value), each enum
//! value, numbers, lengths and item counts at their bounds, and the object with one member varied
//! at a time. Used by `cargo xtask samples`, which validates each against the schema and round
//! trips it through the generated type.
//!
//! Pure and total like the rest of the module: a schema that allows no value gives fewer samples,
//! never a panic.

use std::collections::BTreeSet;

use serde_json::{Map, Number, Value};

use super::{
    MAX_DEPTH, Style, Synth, bound, count, escape, example_with, pattern, resolve,
    resolved_pointer, schema_type,
};
use crate::pointer::At as _;

/// The most samples one schema gives.
const MAX_SAMPLES: usize = 400;
/// The most values one member is varied through.
const MAX_VARIANTS: usize = 32;
/// The longest string written to reach a `maxLength` (a longer bound is left untried).
const MAX_LENGTH: u64 = 512;
/// The most items written to reach a `maxItems`.
const MAX_ITEMS: u64 = 8;

/// One value made for a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// What the value shows: `example` (the spec's own examples and defaults), `all-members`,
    /// `required-only`, `nulls`, `alternative`, `enum`, `null`, `boundary` or `value`.
    pub kind: &'static str,
    /// Where it differs from the whole value: `member NAME` when one member was varied, an
    /// alternative's index, an enum value; empty for a whole value.
    pub detail: String,
    /// The value.
    pub value: Value,
}

/// Values for the schema at `pointer` in the OpenAPI 3.0 `document`, distinct, at most
/// a few hundred; none when the schema allows nothing this module can make. Never `null` itself:
/// a nullable schema's `null` belongs to where it is used (an `Option` there), not to its type.
pub fn samples(document: &Value, pointer: &str) -> Vec<Sample> {
    let found = samples_of(document, pointer);
    if !found.is_empty() {
        return found;
    }
    // A schema that allows `null` alone (`enum: [null]`): `null` is its one value.
    let only_null = target(document, pointer).is_some_and(|(_, schema)| {
        schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null))
    });
    match only_null {
        true => vec![Sample {
            kind: "null",
            detail: String::new(),
            value: Value::Null,
        }],
        false => found,
    }
}

fn samples_of(document: &Value, pointer: &str) -> Vec<Sample> {
    let mut out = Samples::default();
    for (kind, style, examples) in [
        ("all-members", Style::Full, false),
        ("required-only", Style::Required, false),
        ("nulls", Style::Nulls, false),
        ("nulls", Style::Minimal, false),
        ("example", Style::Full, true),
    ] {
        if let Ok(value) = example_with(document, pointer, style, examples) {
            out.push(kind, String::new(), value);
        }
    }
    let Some((at, schema)) = target(document, pointer) else {
        return out.finish();
    };
    let maker = Maker { document };
    if let Some((keyword, alternatives)) = union_alternatives(schema) {
        for index in 0..alternatives {
            let here = format!("{at}/{keyword}/{index}");
            for style in [Style::Full, Style::Required, Style::Minimal] {
                if let Ok(value) = example_with(document, &here, style, false) {
                    out.push("alternative", index.to_string(), value);
                }
            }
        }
        if maker.nullable(schema) {
            out.push("null", String::new(), Value::Null);
        }
        return out.finish();
    }
    let full = example_with(document, pointer, Style::Full, false).ok();
    // Each member varied in the whole value, then in the value with required members only (a
    // sparse object: other members absent around the varied one).
    let sparse = example_with(document, pointer, Style::Required, false).ok();
    match (full, maker.members(schema, &at)) {
        (Some(Value::Object(full)), Some(members)) if !members.is_empty() => {
            let sparse = match sparse {
                Some(Value::Object(sparse)) if sparse != full => Some(sparse),
                _ => None,
            };
            for base in std::iter::once(&full).chain(sparse.as_ref()) {
                for (name, (member, here)) in &members {
                    for (kind, value) in maker.variants(member, here, 0) {
                        let mut varied = base.clone();
                        varied.insert(name.clone(), value);
                        out.push(kind, format!("member {name}"), Value::Object(varied));
                    }
                }
            }
        }
        _ => {
            for (kind, value) in maker.variants(schema, &at, 0) {
                out.push(kind, String::new(), value);
            }
        }
    }
    out.finish()
}

/// The samples so far, each value once.
#[derive(Default)]
struct Samples {
    seen: BTreeSet<String>,
    samples: Vec<Sample>,
}

impl Samples {
    fn push(&mut self, kind: &'static str, detail: String, value: Value) {
        if !value.is_null()
            && self.samples.len() < MAX_SAMPLES
            && self.seen.insert(value.to_string())
        {
            self.samples.push(Sample {
                kind,
                detail,
                value,
            });
        }
    }

    fn finish(self) -> Vec<Sample> {
        self.samples
    }
}

/// The schema a pointer names, references followed, with its own pointer.
fn target<'a>(document: &'a Value, pointer: &str) -> Option<(String, &'a Value)> {
    let mut at = resolved_pointer(document, pointer)?;
    let mut schema = resolve(document, pointer)?;
    for _ in 0..MAX_DEPTH {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return Some((at, schema));
        };
        let reference = reference.strip_prefix('#')?;
        schema = document.at(reference)?;
        at = reference.to_owned();
    }
    None
}

/// `oneOf` or `anyOf` and how many alternatives it has.
fn union_alternatives(schema: &Value) -> Option<(&'static str, usize)> {
    ["oneOf", "anyOf"].into_iter().find_map(|keyword| {
        let alternatives = schema.get(keyword)?.as_array()?;
        (!alternatives.is_empty()).then_some((keyword, alternatives.len()))
    })
}

/// Makes the values a member is varied through.
struct Maker<'a> {
    document: &'a Value,
}

impl Maker<'_> {
    fn synth(&self, style: Style) -> Synth<'_> {
        Synth::new(self.document, style, false)
    }

    fn nullable(&self, schema: &Value) -> bool {
        self.synth(Style::Full).nullable(schema)
    }

    /// An object schema's members (its `allOf` merged) with their pointers.
    fn members(&self, schema: &Value, at: &str) -> Option<Vec<(String, (Value, String))>> {
        let object = schema.as_object()?;
        let merged;
        let object = match object.get("allOf").and_then(Value::as_array) {
            Some(parts) => {
                merged = self.synth(Style::Full).merge(object, parts, at, 0).ok()?;
                &merged
            }
            None => object,
        };
        let properties = object.get("properties")?.as_object()?;
        Some(
            properties
                .iter()
                .map(|(name, member)| {
                    let here = format!("{at}/properties/{}", escape(name));
                    (name.clone(), (member.clone(), here))
                })
                .collect(),
        )
    }

    /// The values a schema is tried with: `null` where allowed, each enum value, each
    /// alternative, bounds of numbers, lengths and item counts, a whole object and its required
    /// members only.
    fn variants(&self, schema: &Value, at: &str, depth: usize) -> Vec<(&'static str, Value)> {
        let mut out = Vec::new();
        if depth > 2 {
            return out;
        }
        let (at, schema) = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => match target(self.document, reference.trim_start_matches('#')) {
                Some(found) => found,
                None => return out,
            },
            None => (at.to_owned(), schema),
        };
        if self.nullable(schema) {
            out.push(("null", Value::Null));
        }
        let Some(object) = schema.as_object() else {
            return out;
        };
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            out.extend(
                values
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| ("enum", v.clone())),
            );
        } else if object.contains_key("allOf") {
            out.extend(self.objects(object, &at, depth));
        } else if let Some((keyword, alternatives)) = union_alternatives(schema) {
            for index in 0..alternatives {
                let here = format!("{at}/{keyword}/{index}");
                if let Ok(value) = example_with(self.document, &here, Style::Full, false) {
                    out.push(("alternative", value));
                }
            }
        } else {
            match schema_type(object) {
                Some("string") => out.extend(strings(object).into_iter().map(|v| ("boundary", v))),
                Some("integer") => {
                    out.extend(integers(object).into_iter().map(|v| ("boundary", v)))
                }
                Some("number") => out.extend(numbers(object).into_iter().map(|v| ("boundary", v))),
                Some("boolean") => {
                    out.extend([("value", Value::Bool(true)), ("value", false.into())])
                }
                Some("array") => out.extend(self.arrays(object, &at, depth)),
                Some("object") => out.extend(self.objects(object, &at, depth)),
                _ => {}
            }
        }
        out.truncate(MAX_VARIANTS);
        out
    }

    /// The object at `at` whole, with its required members only, and (for a member's object,
    /// not deeper) whole with each of its own members varied in turn.
    fn objects(
        &self,
        schema: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Vec<(&'static str, Value)> {
        let mut out: Vec<(&'static str, Value)> = [Style::Full, Style::Required]
            .into_iter()
            .filter_map(|style| example_with(self.document, at, style, false).ok())
            .map(|value| ("value", value))
            .collect();
        let whole = match out.first() {
            Some((_, Value::Object(whole))) if depth == 0 => whole.clone(),
            _ => return out,
        };
        let schema = Value::Object(schema.clone());
        for (name, (member, here)) in self.members(&schema, at).into_iter().flatten() {
            for (kind, value) in self.variants(&member, &here, depth + 2) {
                let mut varied = whole.clone();
                varied.insert(name.clone(), value);
                out.push((kind, Value::Object(varied)));
            }
        }
        out
    }

    /// Arrays: empty when allowed, one item for each of the items' variants (as many as
    /// `minItems` asks, when they need not be distinct), and `maxItems` items when few.
    fn arrays(
        &self,
        schema: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Vec<(&'static str, Value)> {
        let min = count(schema, "minItems").unwrap_or(0);
        let max = count(schema, "maxItems").unwrap_or(u64::MAX);
        let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
        let mut out = Vec::new();
        if min > max || min > MAX_ITEMS {
            return out;
        }
        if min == 0 {
            out.push(("boundary", Value::Array(Vec::new())));
        }
        let items = schema.get("items").cloned().unwrap_or(Value::Bool(true));
        let mut variants: Vec<Value> = self
            .variants(&items, &format!("{at}/items"), depth + 1)
            .into_iter()
            .map(|(_, value)| value)
            .collect();
        if variants.is_empty() {
            if let Ok(item) =
                example_with(self.document, &format!("{at}/items"), Style::Full, false)
            {
                variants.push(item);
            }
        }
        let length = usize::try_from(min.max(1)).unwrap_or(1);
        if !(unique && length > 1) && max >= 1 {
            for item in variants.iter().take(4) {
                out.push(("value", Value::Array(vec![item.clone(); length])));
            }
        }
        if max > min.max(1) && max <= MAX_ITEMS {
            let length = usize::try_from(max).unwrap_or(1);
            let items: Vec<Value> = match unique {
                true => variants.iter().take(length).cloned().collect(),
                false => variants.iter().cycle().take(length).cloned().collect(),
            };
            if items.len() == length {
                out.push(("boundary", Value::Array(items)));
            }
        }
        out
    }
}

/// Strings at the length bounds, and one matching `pattern` at each when there is one; the
/// format's value for a formatted string.
fn strings(schema: &Map<String, Value>) -> Vec<Value> {
    if let Ok(formatted) = super::string(schema) {
        if schema
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|f| {
                [
                    "date-time",
                    "date",
                    "time",
                    "uuid",
                    "email",
                    "uri",
                    "url",
                    "uri-reference",
                ]
                .contains(&f)
                    || ["hostname", "ipv4", "ipv6", "byte", "binary"].contains(&f)
            })
        {
            return vec![formatted];
        }
    }
    let min = count(schema, "minLength").unwrap_or(0);
    let max = count(schema, "maxLength").unwrap_or(u64::MAX);
    if min > max {
        return Vec::new();
    }
    let mut lengths = vec![min, min.max(6).min(max)];
    if max <= MAX_LENGTH {
        lengths.push(max);
    }
    lengths.dedup();
    let pattern = schema.get("pattern").and_then(Value::as_str);
    let mut out = Vec::new();
    for length in lengths.into_iter().filter(|l| *l <= MAX_LENGTH) {
        let text = match pattern {
            Some(pattern) => match pattern::matching(pattern, length..=length) {
                Some(text) => text,
                None => continue,
            },
            None => "ünïcode string "
                .chars()
                .cycle()
                .take(usize::try_from(length).unwrap_or(0))
                .collect(),
        };
        if !out.contains(&Value::String(text.clone())) {
            out.push(Value::String(text));
        }
    }
    if out.is_empty() {
        out.extend(super::string(schema).ok());
    }
    out
}

/// Integers at the bounds (exclusive ones stepped inside), zero and the format's extremes when
/// unbounded, each a multiple of `multipleOf`.
fn integers(schema: &Map<String, Value>) -> Vec<Value> {
    let (min, min_exclusive) = bound(schema, "minimum", "exclusiveMinimum");
    let (max, max_exclusive) = bound(schema, "maximum", "exclusiveMaximum");
    let (floor, ceiling) = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => (f64::from(i32::MIN), f64::from(i32::MAX)),
        // Within ±2^53, where a JSON number is exact in every reader.
        _ => (-9_007_199_254_740_991.0, 9_007_199_254_740_991.0),
    };
    let low = match min {
        Some(min) if min_exclusive => min.floor() + 1.0,
        Some(min) => min.ceil(),
        None => floor,
    };
    let high = match max {
        Some(max) if max_exclusive => max.ceil() - 1.0,
        Some(max) => max.floor(),
        None => ceiling,
    };
    let step = schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0 && s.fract() == 0.0);
    let mut out = Vec::new();
    for candidate in [low, high, 0.0, 1.0, -1.0] {
        let value = match step {
            Some(step) if candidate == high => (candidate / step).floor() * step,
            Some(step) => (candidate / step).ceil() * step,
            None => candidate,
        };
        if value >= low.max(floor) && value <= high.min(ceiling) && value.is_finite() {
            // Integral and within ±2^53: the conversion is exact.
            let value = Value::Number(Number::from(value as i64));
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    out
}

/// Numbers at the bounds (exclusive ones stepped inside), zero, a fraction and a large one when
/// unbounded, each a multiple of `multipleOf`.
fn numbers(schema: &Map<String, Value>) -> Vec<Value> {
    let (min, min_exclusive) = bound(schema, "minimum", "exclusiveMinimum");
    let (max, max_exclusive) = bound(schema, "maximum", "exclusiveMaximum");
    let step = schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0);
    let inside = |value: f64| {
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
        let multiple = step.is_none_or(|step| (value / step).fract() == 0.0);
        above && below && multiple && value.is_finite()
    };
    let nudge = |bound: f64, up: bool| {
        let delta = step.unwrap_or(if bound.abs() >= 1.0 {
            bound.abs() / 1024.0
        } else {
            0.5
        });
        if up { bound + delta } else { bound - delta }
    };
    let mut candidates = Vec::new();
    if let Some(min) = min {
        candidates.push(if min_exclusive { nudge(min, true) } else { min });
    }
    if let Some(max) = max {
        candidates.push(if max_exclusive {
            nudge(max, false)
        } else {
            max
        });
    }
    candidates.extend([0.0, 0.5, -2.5, 1.0e10]);
    if let Some(step) = step {
        candidates.extend([step, step * 3.0]);
    }
    let mut out = Vec::new();
    for candidate in candidates {
        if inside(candidate) {
            if let Some(number) = Number::from_f64(candidate) {
                let value = Value::Number(number);
                if !out.contains(&value) {
                    out.push(value);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
