//! `x-events` at the spec's root: the kinds of events the API's streams carry, told apart by
//! their names, each with the schema of its payload. The crate gets an enum of them (see
//! [`crate::ir::Events`]).
//!
//! ```yaml
//! x-events:
//!   name: SpecialEvent                 # the enum (default: KnownEvent)
//!   description: Events the platform publishes itself.
//!   data: {$ref: '#/components/schemas/EventData'}   # what a stream's event data decodes to
//!   payload: data                      # its member holding the payload text
//!   events:
//!     - name: device/status            # an exact name …
//!       variant: Status                # (default: from the name)
//!       description: The device came online or went offline.
//!       payload: {$ref: '#/components/schemas/DeviceStatus'}
//!       examples: [online]             # payload texts; {name, payload} for a name with holes
//!     - name: hook-response/{event}/{part}   # … or a form with holes
//!       payload: {type: string}
//! ```
//!
//! A payload whose schema is a string is published as plain text; any other as JSON text. An
//! event without `payload` keeps none. (In a Swagger 2.0 spec, references to `#/definitions/…`
//! arrive here as OpenAPI 3.0's: the conversion rewrites the `$ref`s of extensions too.)
//! Anything malformed is a warning at its pointer, and that kind (or, for the enclosing parts,
//! the whole declaration) is left out.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind};
use serde_json::{Map, Value};

use super::schema::Schemas;
use crate::diag::Diagnostic;
use crate::ident::{self, Scope};
use crate::ir::{
    Capture, EventExample, EventKind, EventPayload, Events, Model, ModelKind, PayloadFormat, Type,
};
use crate::pointer::child;

/// The diagnostic code of every problem with `x-events`.
const CODE: &str = "invalid-events";

/// The enum's variants that every declaration has.
const RESERVED_VARIANTS: &[&str] = &["Other", "Malformed"];

/// The field a variant's payload takes, beside the template's holes.
const PAYLOAD_FIELD: &str = "payload";

/// `x-events`, read with the payload types lowered (models for inline schemas are added to
/// `schemas`); the payload member of the data type is found by [`finish`] once every model is.
pub(super) struct Declared {
    events: Events,
    /// The wire name of the data type's payload member.
    payload_wire: String,
}

/// Read `x-events` from the spec's root, if there is one.
pub(super) fn lower(spec: &OpenAPI, schemas: &mut Schemas<'_>) -> Option<Declared> {
    let value = spec.extensions.get("x-events")?;
    let root = "/x-events";
    let Some(map) = value.as_object() else {
        warn(
            schemas,
            root,
            "`x-events` must be an object with `data`, `payload` and `events`",
        );
        return None;
    };
    let name = match map.get("name") {
        None => "KnownEvent".to_owned(),
        Some(Value::String(name)) if !name.trim().is_empty() => ident::camel(name),
        Some(other) => {
            warn(
                schemas,
                &child(root, "name"),
                format!("`name` must be a string naming the enum, not `{other}`"),
            );
            return None;
        }
    };
    let data = data_type(map, root, schemas)?;
    let Some(payload_wire) = map.get("payload").and_then(Value::as_str) else {
        warn(
            schemas,
            &child(root, "payload"),
            "`payload` must name the member of `data` that holds an event's payload text",
        );
        return None;
    };
    let Some(list) = map.get("events").and_then(Value::as_array) else {
        warn(
            schemas,
            &child(root, "events"),
            "`events` must be a list of the event kinds, each with a `name`",
        );
        return None;
    };
    let mut variants = Scope::with_reserved(RESERVED_VARIANTS);
    let mut kinds = Vec::new();
    for (index, item) in list.iter().enumerate() {
        let pointer = child(&child(root, "events"), &index.to_string());
        if let Some(kind) = event_kind(item, &pointer, &name, &mut variants, schemas) {
            kinds.push(kind);
        }
    }
    Some(Declared {
        events: Events {
            name,
            doc: text(map, "description"),
            data,
            payload_field: String::new(),
            payload_optional: false,
            kinds,
        },
        payload_wire: payload_wire.to_owned(),
    })
}

/// The declaration with its payload field found in the finished `models`; `None` (and a warning)
/// when the data type has no such string member.
pub(super) fn finish(
    declared: Declared,
    models: &[Model],
    diagnostics: &mut crate::diag::Diagnostics,
) -> Option<Events> {
    let Declared {
        mut events,
        payload_wire,
    } = declared;
    let Type::Named { name, .. } = &events.data else {
        return None;
    };
    let field = models
        .iter()
        .find(|model| &model.name == name)
        .and_then(|model| match &model.kind {
            ModelKind::Struct(object) => object.fields.iter().find(|f| f.wire == payload_wire),
            _ => None,
        });
    let optional = match field {
        Some(field) if field.ty == Type::String => !field.required || field.nullable,
        _ => {
            diagnostics.warning(
                CODE,
                "/x-events/payload",
                format!(
                    "`{payload_wire}` is not a string member of `{name}`, the events' data; \
                     the typed events are left out"
                ),
            );
            return None;
        }
    };
    events.payload_field = field.map(|field| field.name.clone()).unwrap_or_default();
    events.payload_optional = optional;
    Some(events)
}

/// Every operation streaming the events' data type says how to tell their kinds apart.
pub(super) fn point_streams_at(events: &Events, operations: &mut [crate::ir::Operation]) {
    let name = &events.name;
    let line = format!(
        "Tell the events' kinds apart, their payloads typed, with \
         [`{name}::of`](crate::events::{name}::of)."
    );
    for operation in operations {
        if operation.success != crate::ir::Response::Events(events.data.clone()) {
            continue;
        }
        let doc = operation.doc.get_or_insert_with(String::new);
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&line);
    }
}

/// The type `data` names: a model (an object schema of the components).
fn data_type(map: &Map<String, Value>, root: &str, schemas: &mut Schemas<'_>) -> Option<Type> {
    let pointer = child(root, "data");
    let reference = map
        .get("data")
        .and_then(|data| data.get("$ref"))
        .and_then(Value::as_str);
    let ty = reference.and_then(|reference| {
        let schema = ReferenceOr::<Schema>::Reference {
            reference: reference.to_owned(),
        };
        let was_muted = schemas.diagnostics.mute();
        let ty = schemas.type_of(&schema, "EventData", &pointer);
        schemas.diagnostics.unmute(was_muted);
        Some(ty).filter(|ty| matches!(ty, Type::Named { .. }))
    });
    if ty.is_none() {
        warn(
            schemas,
            &pointer,
            "`data` must be a `$ref` to the schema of the streams' event data",
        );
    }
    ty
}

/// One item of `events`.
fn event_kind(
    item: &Value,
    pointer: &str,
    enum_name: &str,
    variants: &mut Scope,
    schemas: &mut Schemas<'_>,
) -> Option<EventKind> {
    let Some(map) = item.as_object() else {
        warn(
            schemas,
            pointer,
            "an event kind must be an object with a `name`",
        );
        return None;
    };
    let Some(template) = map.get("name").and_then(Value::as_str) else {
        warn(
            schemas,
            &child(pointer, "name"),
            "an event kind needs a `name`: the event name, or its form with `{holes}`",
        );
        return None;
    };
    let holes = match holes(template) {
        Ok(holes) => holes,
        Err(problem) => {
            warn(
                schemas,
                &child(pointer, "name"),
                format!("`{template}`: {problem}"),
            );
            return None;
        }
    };
    let literal: String = template.split(['{', '}']).step_by(2).collect();
    let variant = match map.get("variant").and_then(Value::as_str) {
        Some(variant) => ident::camel(variant),
        None => ident::camel(&literal),
    };
    let variant = variants.claim(variant);
    let captures = captures(
        map,
        pointer,
        &holes,
        &format!("{enum_name}{variant}"),
        schemas,
    )?;
    let payload = match map.get("payload") {
        None => None,
        Some(value) => {
            let payload_pointer = child(pointer, "payload");
            let schema = match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()) {
                Ok(schema) => schema,
                Err(error) => {
                    warn(
                        schemas,
                        &payload_pointer,
                        format!("`payload` must be a schema: {error}"),
                    );
                    return None;
                }
            };
            let format = match map.get("forms") {
                None if is_string(&schema, schemas) => PayloadFormat::Text,
                None => PayloadFormat::Json,
                Some(forms) => PayloadFormat::Forms(payload_forms(
                    forms,
                    &child(pointer, "forms"),
                    &schema,
                    schemas,
                )?),
            };
            let trim = match map.get("trim") {
                None => false,
                Some(Value::Bool(trim)) => *trim,
                Some(other) => {
                    warn(
                        schemas,
                        &child(pointer, "trim"),
                        format!("`trim` must be true or false, not `{other}`"),
                    );
                    false
                }
            };
            let name = format!("{enum_name}{variant}");
            let ty = schemas.type_of(&schema, &name, &payload_pointer);
            Some(EventPayload { ty, format, trim })
        }
    };
    let examples = examples(map, pointer, template, holes.is_empty(), schemas);
    Some(EventKind {
        variant,
        doc: text(map, "description"),
        template: template.to_owned(),
        captures,
        payload,
        examples,
    })
}

/// The variant's fields for the holes of its name: each a `String`, or the type `holes`
/// declares for it (`holes: {part: {type: integer}}`).
fn captures(
    map: &Map<String, Value>,
    pointer: &str,
    holes: &[String],
    type_name: &str,
    schemas: &mut Schemas<'_>,
) -> Option<Vec<Capture>> {
    let declared = match map.get("holes") {
        None => Map::new(),
        Some(Value::Object(declared)) => declared.clone(),
        Some(_) => {
            warn(
                schemas,
                &child(pointer, "holes"),
                "`holes` must map hole names to their schemas",
            );
            return None;
        }
    };
    let holes_pointer = child(pointer, "holes");
    if let Some(stray) = declared.keys().find(|key| !holes.contains(key)) {
        warn(
            schemas,
            &child(&holes_pointer, stray),
            format!("`{stray}` is not a hole of the name"),
        );
        return None;
    }
    let mut fields = Scope::with_reserved(&[PAYLOAD_FIELD]);
    let mut captures = Vec::new();
    for hole in holes {
        let field = fields.claim(ident::snake(hole));
        let (ty, doc) = match declared.get(hole) {
            None => (Type::String, None),
            Some(value) => {
                let hole_pointer = child(&holes_pointer, hole);
                let schema = match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()) {
                    Ok(schema) => schema,
                    Err(error) => {
                        warn(
                            schemas,
                            &hole_pointer,
                            format!("a hole's type must be a schema: {error}"),
                        );
                        return None;
                    }
                };
                let doc = value
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let name = format!("{type_name}{}", ident::camel(hole));
                (schemas.type_of(&schema, &name, &hole_pointer), doc)
            }
        };
        captures.push(Capture {
            field,
            hole: hole.clone(),
            ty,
            doc,
        });
    }
    Some(captures)
}

/// The holes of a template, in order; why it is not one (an unclosed or empty hole, two holes
/// side by side, a `}` outside a hole).
fn holes(template: &str) -> Result<Vec<String>, String> {
    if template.is_empty() {
        return Err("an event name cannot be empty".to_owned());
    }
    let mut holes = Vec::new();
    let mut rest = template;
    let mut after_hole = false;
    loop {
        let open = rest.find('{');
        let close = rest.find('}');
        match (open, close) {
            (None, None) => return Ok(holes),
            (Some(open), Some(close)) if open < close => {
                if open == 0 && after_hole {
                    return Err("two holes side by side cannot be told apart".to_owned());
                }
                let hole = &rest[open + 1..close];
                if hole.is_empty() || hole.contains('{') {
                    return Err("a hole is `{name}`, with a name".to_owned());
                }
                holes.push(hole.to_owned());
                rest = &rest[close + 1..];
                after_hole = true;
            }
            (Some(_), None) => return Err("a `{` without its `}`".to_owned()),
            _ => return Err("a `}` outside a hole".to_owned()),
        }
    }
}

/// The documented examples of a kind: payload texts (for an exact name) or `{name, payload}`
/// objects, each name checked against the template.
fn examples(
    map: &Map<String, Value>,
    pointer: &str,
    template: &str,
    exact: bool,
    schemas: &mut Schemas<'_>,
) -> Vec<EventExample> {
    let Some(list) = map.get("examples") else {
        return Vec::new();
    };
    let list_pointer = child(pointer, "examples");
    let Some(list) = list.as_array() else {
        warn(schemas, &list_pointer, "`examples` must be a list");
        return Vec::new();
    };
    let mut examples = Vec::new();
    for (index, item) in list.iter().enumerate() {
        let item_pointer = child(&list_pointer, &index.to_string());
        let example = match item {
            Value::String(payload) if exact => EventExample {
                name: template.to_owned(),
                payload: Some(payload.clone()),
            },
            Value::Object(fields) => {
                let name = fields.get("name").and_then(Value::as_str);
                let payload = fields.get("payload");
                match (name, payload) {
                    (Some(name), None | Some(Value::String(_) | Value::Null)) => EventExample {
                        name: name.to_owned(),
                        payload: payload.and_then(Value::as_str).map(str::to_owned),
                    },
                    _ => {
                        warn(
                            schemas,
                            &item_pointer,
                            "an example is `{name, payload}`, both strings (payload optional)",
                        );
                        continue;
                    }
                }
            }
            _ => {
                let problem = if exact {
                    "an example is a payload text, or `{name, payload}`"
                } else {
                    "an example of a name with holes is `{name, payload}`"
                };
                warn(schemas, &item_pointer, problem);
                continue;
            }
        };
        let fits = if exact {
            example.name == template
        } else {
            fits_template(template, &example.name)
        };
        if !fits {
            warn(
                schemas,
                &child(&item_pointer, "name"),
                format!("`{}` is not of the form `{template}`", example.name),
            );
            continue;
        }
        examples.push(example);
    }
    examples
}

/// Whether `name` has the form of `template` (each hole one character at least), by the rule
/// the runtime matches names with.
fn fits_template(template: &str, name: &str) -> bool {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        pieces.push(Some(&rest[..open]));
        pieces.push(None);
        rest = &rest[close + 1..];
    }
    pieces.push(Some(rest));
    fn fits(pieces: &[Option<&str>], name: &str) -> bool {
        match pieces.split_first() {
            None => name.is_empty(),
            Some((Some(text), rest)) => name
                .strip_prefix(text)
                .is_some_and(|after| fits(rest, after)),
            Some((None, rest)) => name
                .char_indices()
                .skip(1)
                .map(|(at, _)| at)
                .chain([name.len()])
                .any(|end| end > 0 && fits(rest, &name[end..])),
        }
    }
    fits(&pieces, name)
}

/// `forms`: the templates a payload text with parts may have, each hole a property of the
/// payload's object schema; `None` (and a warning) when they are not.
fn payload_forms(
    forms: &Value,
    pointer: &str,
    schema: &ReferenceOr<Schema>,
    schemas: &mut Schemas<'_>,
) -> Option<Vec<String>> {
    let properties: Option<Vec<String>> =
        resolved(schema, schemas).and_then(|schema| match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(object)) => {
                Some(object.properties.keys().cloned().collect())
            }
            _ => None,
        });
    let Some(properties) = properties else {
        warn(
            schemas,
            pointer,
            "`forms` needs a payload that is an object schema, whose properties the holes name",
        );
        return None;
    };
    let Some(list) = forms.as_array().filter(|list| !list.is_empty()) else {
        warn(
            schemas,
            pointer,
            "`forms` must be a non-empty list of templates",
        );
        return None;
    };
    let mut out = Vec::new();
    for (index, form) in list.iter().enumerate() {
        let form_pointer = child(pointer, &index.to_string());
        let Some(form) = form.as_str() else {
            warn(
                schemas,
                &form_pointer,
                "a form is a string: text and `{holes}`",
            );
            return None;
        };
        match holes(form) {
            Ok(holes) => {
                if let Some(hole) = holes.iter().find(|hole| !properties.contains(hole)) {
                    warn(
                        schemas,
                        &form_pointer,
                        format!("`{form}`: `{hole}` is not a property of the payload's schema"),
                    );
                    return None;
                }
            }
            Err(problem) => {
                warn(schemas, &form_pointer, format!("`{form}`: {problem}"));
                return None;
            }
        }
        out.push(form.to_owned());
    }
    Some(out)
}

/// A schema, references followed.
fn resolved<'s>(schema: &'s ReferenceOr<Schema>, schemas: &Schemas<'s>) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => schemas.component(reference),
    }
}

/// Whether a payload schema is a string (published as plain text), references followed.
fn is_string(schema: &ReferenceOr<Schema>, schemas: &Schemas<'_>) -> bool {
    resolved(schema, schemas).is_some_and(|schema| {
        matches!(
            schema.schema_kind,
            SchemaKind::Type(openapiv3::Type::String(_))
        )
    })
}

/// A string member of `map`.
fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn warn(schemas: &mut Schemas<'_>, pointer: &str, message: impl Into<String>) {
    schemas
        .diagnostics
        .push(Diagnostic::warning(CODE, pointer.to_owned(), message));
}

#[cfg(test)]
mod tests {
    use super::{fits_template, holes};

    #[test]
    fn templates_are_checked() {
        assert_eq!(holes("spark/status").unwrap(), Vec::<String>::new());
        assert_eq!(
            holes("hook-response/{event}/{part}").unwrap(),
            vec!["event".to_owned(), "part".to_owned()]
        );
        assert!(holes("").is_err());
        assert!(holes("a/{b").unwrap_err().contains("without its"));
        assert!(holes("a/b}").unwrap_err().contains("outside"));
        assert!(holes("a/{}").unwrap_err().contains("with a name"));
        assert!(holes("a/{b}{c}").unwrap_err().contains("side by side"));
    }

    #[test]
    fn example_names_are_matched_as_the_runtime_does() {
        let template = "hook-response/{event}/{part}";
        assert!(fits_template(template, "hook-response/a/b/0"));
        assert!(!fits_template(template, "hook-response/a/"));
        assert!(!fits_template(template, "hook-sent/a/0"));
        assert!(fits_template("loc", "loc"));
        assert!(!fits_template("loc", "loc-enhanced"));
    }
}
