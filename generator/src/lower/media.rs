//! Media types and answers of an operation: one method per media type, multipart parts, fixed
//! query pairs, and the error body type (shared, or an enum by status).

use openapiv3::{ReferenceOr, Response as SpecResponse};

use super::derived_names;
use super::schema::Schemas;
use crate::ident;
use crate::ir::{Encoding, Model, ModelKind, Part, StatusMatch, StatusVariant, Type};

/// The error body type: the one type every error status shares, or an enum with a variant per
/// status when they differ (the flag says which), or untyped when no error is described.
pub(crate) fn error_type(
    errors: Vec<(String, Type, Option<String>)>,
    type_stem: &str,
    schemas: &mut Schemas<'_>,
) -> (Type, bool) {
    let mut distinct: Vec<&Type> = errors.iter().map(|(_, ty, _)| ty).collect();
    distinct.sort();
    distinct.dedup();
    match distinct.as_slice() {
        [] => return (Type::Value, false),
        [only] => return ((*only).clone(), false),
        _ => {}
    }
    let mut variants: Vec<StatusVariant> = errors
        .into_iter()
        .filter_map(|(code, ty, doc)| {
            let status = status_match(&code)?;
            let name = match status {
                StatusMatch::Code(code) => format!("Status{code}"),
                StatusMatch::Range(class) => format!("Status{class}xx"),
                StatusMatch::Default => "Other".to_owned(),
            };
            Some(StatusVariant {
                name,
                status,
                ty,
                doc,
            })
        })
        .collect();
    // Exact codes first, then classes, then the catch-all, as `match` arms must be.
    variants.sort_by_key(|v| v.status);
    let name = schemas.claim(derived_names::error_enum(type_stem));
    let doc = Some("The error body of each documented error status.".to_owned());
    let kind = ModelKind::StatusEnum(variants);
    schemas.add_model(Model {
        name: name.clone(),
        doc,
        kind,
        deprecated: None,
        uses_deprecated: false,
        schema: None,
        left_out: Vec::new(),
        features: Vec::new(),
    });
    (Type::Named { name, boxed: false }, true)
}

/// `404` → a code, `4XX` → a class, `default` → the rest.
pub(crate) fn status_match(code: &str) -> Option<StatusMatch> {
    if code == "default" {
        return Some(StatusMatch::Default);
    }
    if let Ok(code) = code.parse::<u16>() {
        return Some(StatusMatch::Code(code));
    }
    let class = code
        .strip_suffix("XX")
        .or_else(|| code.strip_suffix("xx"))?;
    class.parse::<u16>().ok().map(StatusMatch::Range)
}

/// One method's worth of an operation: a name for it when it is not the primary one, and what
/// differs (the request body or the success answer).
#[derive(Debug, Clone)]
pub(crate) struct Variant<T> {
    pub(crate) name: Option<String>,
    pub(crate) value: T,
    /// Query parameters this method always sends (`x-fixed-query`), e.g. `format=raw` for the
    /// method that reads a text answer.
    pub(crate) fixed_query: Vec<(String, String)>,
    /// For an answer given in several media types: its own, sent as `Accept`.
    pub(crate) media: Option<String>,
}

impl<T> Variant<T> {
    pub(crate) fn new(name: Option<String>, value: T) -> Self {
        Self {
            name,
            value,
            fixed_query: Vec::new(),
            media: None,
        }
    }
}

/// `x-fixed-query: {name: value}` on a media type.
pub(crate) fn fixed_query(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
) -> Vec<(String, String)> {
    let Some(serde_json::Value::Object(pairs)) = extensions.get("x-fixed-query") else {
        return Vec::new();
    };
    pairs
        .iter()
        .filter_map(|(name, value)| {
            let text = match value {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Number(_) | serde_json::Value::Bool(_) => value.to_string(),
                _ => return None,
            };
            Some((name.clone(), text))
        })
        .collect()
}

/// The method name of an extra media type: `x-method-name`, else `<name>_<suffix>`.
pub(crate) fn method_name(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    name: &str,
    suffix: &str,
) -> String {
    match extensions
        .get("x-method-name")
        .and_then(serde_json::Value::as_str)
    {
        Some(given) => ident::snake(given),
        None => derived_names::media_method(name, suffix),
    }
}

pub(crate) fn encoding_suffix(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Json => "json",
        Encoding::Form => "form",
        Encoding::Multipart => "multipart",
        Encoding::Text => "text",
        Encoding::Binary => "binary",
    }
}

/// The parts of a multipart body of type `ty`, one per property; `None` when `ty` is not an object
/// with properties (the parts would have no names).
pub(crate) fn multipart_parts(ty: &Type, schemas: &Schemas<'_>) -> Option<Vec<Part>> {
    let model = match ty {
        Type::Named { name, .. } => schemas.model_named(name),
        _ => None,
    };
    let Some(crate::ir::Model {
        kind: ModelKind::Struct(object),
        ..
    }) = model
    else {
        return None;
    };
    let files = |ty: &Type| match ty {
        Type::Bytes => true,
        Type::Vec(item) => **item == Type::Bytes,
        _ => false,
    };
    let mut parts: Vec<Part> = object
        .fields
        .iter()
        .map(|field| Part {
            field: field.name.clone(),
            wire: field.wire.clone(),
            file: files(&field.ty),
            optional: !field.required || field.nullable,
        })
        .collect();
    // Files under `additionalProperties` are parts named by their keys (the wire name is unused).
    if let Some(additional) = object
        .additional
        .as_ref()
        .filter(|additional| additional.ty == Type::Bytes)
    {
        parts.push(Part {
            field: additional.field.clone(),
            wire: String::new(),
            file: true,
            optional: false,
        });
    }
    Some(parts)
}

/// A media type without its parameters, lower case: `Application/JSON; charset=utf-8` →
/// `application/json`.
pub(crate) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

pub(crate) fn encoding_of(media: &str) -> Option<Encoding> {
    match essence(media).as_str() {
        // A wildcard accepts anything; JSON is what a schema-described body is sent as.
        "application/json" | "*/*" | "application/*" => Some(Encoding::Json),
        // JSON under older or vendor names.
        "text/json" | "text/x-json" | "application/x-json" => Some(Encoding::Json),
        m if m.ends_with("+json") => Some(Encoding::Json),
        "application/x-www-form-urlencoded" => Some(Encoding::Form),
        "multipart/form-data" => Some(Encoding::Multipart),
        "text/event-stream" => None,
        m if m.starts_with("text/") => Some(Encoding::Text),
        m if is_binary(m) => Some(Encoding::Binary),
        _ => None,
    }
}

/// Whether data of media type `essence` is binary: files, archives, images, audio, video, and
/// anything `application/*` that is not a structured text format.
pub(crate) fn is_binary(essence: &str) -> bool {
    let structured = [
        "xml",
        "yaml",
        "html",
        "javascript",
        "x-www-form-urlencoded",
        "graphql",
    ];
    match essence.split_once('/') {
        Some(("image" | "audio" | "video" | "font", _)) => true,
        Some(("application", subtype)) => {
            !structured.iter().any(|s| subtype.contains(s)) && !subtype.ends_with("+xml")
        }
        _ => false,
    }
}

/// The first JSON media type of a response that has a schema. For an error answer of an
/// operation that produces something else (an event stream, say), the first schema at all: error
/// bodies are JSON whatever the operation's success media type.
pub(crate) fn json_schema(
    response: &SpecResponse,
) -> Option<(&str, &ReferenceOr<openapiv3::Schema>)> {
    let with_schema = || {
        response
            .content
            .iter()
            .filter_map(|(media, c)| Some((media.as_str(), c.schema.as_ref()?)))
    };
    with_schema()
        .find(|(media, _)| encoding_of(media) == Some(Encoding::Json))
        .or_else(|| with_schema().find(|(media, _)| !media.starts_with("text/plain")))
}
