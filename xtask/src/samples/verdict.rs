//! Whose failure a failed sample is: the validator (the spec's schemas as Draft 4, registered once
//! per spec, one validator compiled per model from a `$ref` into them) says why it rejects a
//! value, and that reason, with the kind of sample, makes the class.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, Validator};
use serde_json::{Value, json};

use super::{Pending, draft4};
use generator::example::Sample;

/// The document's name in the validator's registry.
const BASE: &str = "urn:samples:spec";

/// Whose failure it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Class {
    /// A failure of the generator or of the sample maker: the command fails.
    Ours(String),
    /// The spec's schema contradicts itself, of this kind.
    Spec(&'static str),
    /// The same value written differently: a date-time's zero fraction or `+00:00` offset
    /// written as chrono writes it (`Z`, no fraction). Not a failure; counted apart.
    Equivalent,
}

impl Class {
    pub(super) fn kind(&self) -> &str {
        match self {
            Class::Ours(kind) => kind,
            Class::Spec(kind) => kind,
            Class::Equivalent => "date-time written differently, same instant",
        }
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Class::Ours(_) => "ours",
            Class::Spec(_) => "spec's own",
            Class::Equivalent => "equivalent",
        })
    }
}

/// The spec's schemas, registered for validation.
pub(super) struct Checker {
    registry: Registry<'static>,
    draft: Draft,
    /// The Draft 4 translation, where pointers are looked up ([`draft4::locate`]); `None` for a
    /// document registered as it is.
    translated: Option<Value>,
}

impl Checker {
    /// Register the OpenAPI 3.0 `document`, translated to Draft 4.
    pub(super) fn new(document: &Value) -> anyhow::Result<Self> {
        let translated = draft4::translate(document);
        let mut checker = Self::with_draft(translated.clone(), Draft::Draft4)?;
        checker.translated = Some(translated);
        Ok(checker)
    }

    /// Register an OpenAPI 3.1 `document` as it is: its schemas are Draft 2020-12's (keywords
    /// of OpenAPI's own, like `discriminator`, are annotations there).
    pub(super) fn openapi31(document: Value) -> anyhow::Result<Self> {
        Self::with_draft(document, Draft::Draft202012)
    }

    fn with_draft(document: Value, draft: Draft) -> anyhow::Result<Self> {
        let registry = Registry::new()
            .draft(draft)
            .add(BASE, draft.create_resource(document))
            .and_then(|builder| builder.prepare())
            .map_err(|error| anyhow::anyhow!("registering the spec's schemas: {error}"))?;
        Ok(Self {
            registry,
            draft,
            translated: None,
        })
    }

    /// A validator for the schema at `pointer` (references already followed in it).
    pub(super) fn validator(&self, pointer: &str) -> Result<Validator, String> {
        let pointer = match &self.translated {
            Some(translated) => draft4::locate(translated, pointer),
            None => pointer.to_owned(),
        };
        jsonschema::options()
            .with_draft(self.draft)
            .with_registry(&self.registry)
            .build(&json!({"$ref": format!("{BASE}#{}", fragment(&pointer))}))
            .map_err(|error| error.to_string())
    }

    /// Why `validator` rejects the sample, classified; `None` when it accepts it.
    pub(super) fn rejection(
        &self,
        validator: &Validator,
        sample: &Sample,
    ) -> Option<(Class, String)> {
        let error = validator.iter_errors(&sample.value).next()?;
        let keyword = error.kind().keyword().to_owned();
        let reason = format!(
            "{} (at `{}`, schema `{}`)",
            error,
            error.instance_path(),
            error.schema_path()
        );
        let closed = error
            .schema_path()
            .as_str()
            .contains("/additionalProperties");
        let class = match (sample.kind, error.kind()) {
            ("example", _) => Class::Spec("an example or default not valid against its schema"),
            // `enum: [null]` under a `type` that has no `null`: no value is valid.
            ("null", ValidationErrorKind::Type { .. }) => {
                Class::Spec("an enum value not of its schema's type")
            }
            ("enum", kind) if !matches!(kind, ValidationErrorKind::Enum { .. }) => {
                Class::Spec("an enum value not of its schema's type")
            }
            (_, ValidationErrorKind::OneOfMultipleValid { .. }) => {
                Class::Spec("oneOf alternatives a value fits more than one of")
            }
            (_, ValidationErrorKind::AdditionalProperties { .. }) => {
                Class::Spec("a closed object without a member it requires")
            }
            (_, ValidationErrorKind::FalseSchema) if closed => {
                Class::Spec("a closed object without a member it requires")
            }
            // A member the sample maker took from the model's own (merged) properties, rejected
            // by an `additionalProperties` schema: one `allOf` part's extra-member schema refuses
            // what another part declares.
            _ if closed => {
                Class::Spec("an allOf part's additionalProperties refusing another part's members")
            }
            _ => Class::Ours(format!("sample rejected by `{keyword}`")),
        };
        Some((class, reason))
    }
}

/// The class of a sample the schema accepts but the generated type did not round-trip: `stage`
/// is `decode`, `encode`, `differs` (with the encoded text as `reason`) or `data`.
pub(super) fn after_test(
    checker: Option<&Checker>,
    sample: &Pending,
    stage: &str,
    reason: &str,
) -> (Class, String) {
    match stage {
        "decode" => (Class::Ours("does not decode".to_owned()), reason.to_owned()),
        "encode" => (Class::Ours("does not encode".to_owned()), reason.to_owned()),
        "differs" => {
            let encoded: Option<Value> = serde_json::from_str(reason).ok();
            let tri_state = encoded.as_ref().is_some_and(|encoded| {
                same(&without_nulls(&sample.value), &without_nulls(encoded))
                    && checker.is_some_and(|checker| {
                        checker
                            .validator(&sample.pointer)
                            .is_ok_and(|validator| validator.is_valid(encoded))
                    })
            });
            let equivalent = encoded
                .as_ref()
                .is_some_and(|encoded| same(&instants(&sample.value), &instants(encoded)));
            let dropped = encoded
                .as_ref()
                .filter(|encoded| only_drops(&sample.value, encoded));
            // A member the generated struct drops is one it does not declare: the spec's own
            // failure when its example has it, or its schema requires it without declaring it
            // (then the value without it is invalid for want of it).
            let undeclared_required = dropped.is_some_and(|encoded| {
                checker
                    .and_then(|checker| checker.validator(&sample.pointer).ok())
                    .is_some_and(|validator| {
                        validator
                            .iter_errors(encoded)
                            .any(|e| matches!(e.kind(), ValidationErrorKind::Required { .. }))
                    })
            });
            let class = match (tri_state, equivalent) {
                // The types keep an optional member's `null` (`Nullable`): losing it is ours.
                (true, _) => Class::Ours("an optional member's null dropped".to_owned()),
                (false, true) => Class::Equivalent,
                _ if dropped.is_some() && sample.kind == "example" => {
                    Class::Spec("an example with members its schema does not declare")
                }
                _ if undeclared_required => Class::Spec("a required member it does not declare"),
                _ => Class::Ours("encodes differently".to_owned()),
            };
            (class, format!("sent {}, encoded as {reason}", sample.value))
        }
        _ => (
            Class::Ours("the test could not read it".to_owned()),
            reason.to_owned(),
        ),
    }
}

/// Whether `encoded` is `sent` with some object members that are not `null` left out (at any
/// depth), and nothing else changed.
fn only_drops(sent: &Value, encoded: &Value) -> bool {
    match (sent, encoded) {
        (Value::Object(sent), Value::Object(encoded)) => {
            encoded
                .iter()
                .all(|(k, v)| sent.get(k).is_some_and(|s| only_drops(s, v)))
                && sent
                    .iter()
                    .all(|(k, v)| encoded.contains_key(k) || !v.is_null())
        }
        (Value::Array(sent), Value::Array(encoded)) => {
            sent.len() == encoded.len() && sent.iter().zip(encoded).all(|(s, e)| only_drops(s, e))
        }
        _ => same(sent, encoded),
    }
}

/// `value` with every RFC 3339 date-time in UTC written as chrono writes it: a fraction of only
/// zeros dropped, `+00:00` as `Z`.
fn instants(value: &Value) -> Value {
    match value {
        Value::String(text) if text.len() >= 20 && text.as_bytes().get(10) == Some(&b'T') => {
            let text = text.replace("+00:00", "Z");
            let text = match (text.find('.'), text.strip_suffix('Z')) {
                (Some(dot), Some(_))
                    if text[dot + 1..text.len() - 1].bytes().all(|b| b == b'0') =>
                {
                    format!("{}Z", &text[..dot])
                }
                _ => text,
            };
            Value::String(text)
        }
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), instants(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(instants).collect()),
        other => other.clone(),
    }
}

/// `value` without any object member whose value is `null`.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// JSON equality as JSON Schema has it: numbers by value, members in any order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y || (x.as_i64().is_none() || y.as_i64().is_none()) && x.as_f64() == y.as_f64()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A JSON pointer as a URI fragment: what a URI does not allow percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for byte in pointer.bytes() {
        let allowed = byte.is_ascii_alphanumeric() || b"/~-._!$&'()*+,;=:@".contains(&byte);
        match allowed {
            true => out.push(char::from(byte)),
            false => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(kind: &'static str, value: Value) -> Sample {
        Sample {
            kind,
            detail: String::new(),
            value,
        }
    }

    #[test]
    fn rejections_are_classified_by_keyword_and_sample() {
        let document = json!({"components": {"schemas": {
            "Closed": {"type": "object", "required": ["a"], "additionalProperties": false},
            "Size": {"type": "integer", "enum": ["big"]},
            "Name": {"type": "string", "nullable": true, "maxLength": 2},
            "Two": {"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 5}]}
        }}});
        let checker = Checker::new(&document).unwrap();
        let class = |name: &str, sample: Sample| {
            let pointer = format!("/components/schemas/{name}");
            let validator = checker.validator(&pointer).unwrap();
            checker
                .rejection(&validator, &sample)
                .map(|(class, _)| class)
        };
        assert_eq!(
            class("Closed", sample("required-only", json!({"a": "string"}))),
            Some(Class::Spec("a closed object without a member it requires"))
        );
        assert_eq!(
            class("Size", sample("enum", json!("big"))),
            Some(Class::Spec("an enum value not of its schema's type"))
        );
        assert_eq!(class("Name", sample("null", Value::Null)), None);
        assert_eq!(
            class("Name", sample("boundary", json!("abc"))),
            Some(Class::Ours("sample rejected by `anyOf`".to_owned()))
        );
        assert_eq!(
            class("Two", sample("alternative", json!("abc"))),
            Some(Class::Spec(
                "oneOf alternatives a value fits more than one of"
            ))
        );
    }

    #[test]
    fn a_dropped_null_is_ours() {
        let document = json!({"components": {"schemas": {"A": {
            "type": "object",
            "required": ["r"],
            "properties": {"r": {"type": "string", "nullable": true}, "o": {"type": "string", "nullable": true}}
        }}}});
        let checker = Checker::new(&document).unwrap();
        let pending = |value| Pending {
            model: "A".to_owned(),
            kind: "nulls",
            detail: String::new(),
            value,
            pointer: "/components/schemas/A".to_owned(),
            in_original: false,
        };
        let optional = pending(json!({"r": "x", "o": null}));
        let (class, _) = after_test(Some(&checker), &optional, "differs", r#"{"r":"x"}"#);
        assert_eq!(
            class,
            Class::Ours("an optional member's null dropped".to_owned())
        );
        let required = pending(json!({"r": null}));
        let (class, _) = after_test(Some(&checker), &required, "differs", "{}");
        assert_eq!(class, Class::Ours("encodes differently".to_owned()));
    }

    #[test]
    fn a_dropped_member_the_schema_requires_but_does_not_declare_is_the_specs() {
        let document = json!({"components": {"schemas": {"A": {
            "type": "object", "required": ["tags"], "properties": {"tag": {"type": "string"}}
        }}}});
        let checker = Checker::new(&document).unwrap();
        let sample = Pending {
            model: "A".to_owned(),
            kind: "all-members",
            detail: String::new(),
            value: json!({"tag": "a", "tags": "string"}),
            pointer: "/components/schemas/A".to_owned(),
            in_original: false,
        };
        let (class, _) = after_test(Some(&checker), &sample, "differs", r#"{"tag":"a"}"#);
        assert_eq!(class, Class::Spec("a required member it does not declare"));
        let (class, _) = after_test(Some(&checker), &sample, "differs", r#"{"tag":"b"}"#);
        assert_eq!(class, Class::Ours("encodes differently".to_owned()));
    }

    #[test]
    fn pointers_become_fragments() {
        assert_eq!(fragment("/paths/~1a~1{id}/get"), "/paths/~1a~1%7Bid%7D/get");
    }
}
