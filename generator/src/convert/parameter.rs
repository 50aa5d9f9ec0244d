//! What body, operation and response conversion share about Swagger 2.0 parameters: one
//! parameter as written and as resolved, and the 3.0 style of an array's `collectionFormat`.

use serde_json::{Map, Value};

use super::Context;
use crate::pointer::child;

/// One parameter of an operation, as written and as resolved.
#[derive(Debug, Clone)]
pub(super) struct Param<'v> {
    /// Where the entry is written, in the path item or in the operation.
    pub(super) pointer: String,
    /// The `$ref` as written, when the entry is one.
    pub(super) reference: Option<&'v str>,
    /// The parameter object (the entry, or what its `$ref` points at) and its pointer; `None` for a
    /// `$ref` that resolves to no object (reported by [`crate::refs::check`]).
    pub(super) resolved: Option<(&'v Map<String, Value>, String)>,
}

impl<'v> Param<'v> {
    /// A string field of the resolved parameter.
    pub(super) fn field(&self, key: &str) -> Option<&'v str> {
        self.resolved.as_ref()?.0.get(key)?.as_str()
    }

    /// What identifies a parameter within an operation: its name and location.
    pub(super) fn key(&self) -> Option<(&'v str, &'v str)> {
        Some((self.field("name")?, self.field("in")?))
    }
}

/// The 3.0 `style` and `explode` that say what the `collectionFormat` of the array parameter at
/// `pointer` says: `form` styles for query and form fields (`form_like`), `simple` for path and
/// header. `None` when the parameter is not an array.
pub(super) fn array_style(
    map: &Map<String, Value>,
    form_like: bool,
    pointer: &str,
    ctx: &mut Context,
) -> Option<(&'static str, Option<bool>)> {
    if map.get("type").and_then(Value::as_str) != Some("array") {
        return None;
    }
    let here = child(pointer, "collectionFormat");
    let format = match map.get("collectionFormat") {
        None => "csv",
        Some(Value::String(format)) => format.as_str(),
        Some(_) => {
            ctx.unexpected(&here, "a collectionFormat string");
            "csv"
        }
    };
    let csv = if form_like {
        ("form", Some(false))
    } else {
        ("simple", None)
    };
    match (format, form_like) {
        ("csv", _) => Some(csv),
        ("ssv", true) => Some(("spaceDelimited", Some(false))),
        ("pipes", true) => Some(("pipeDelimited", Some(false))),
        ("multi", true) => Some(("form", Some(true))),
        ("tsv", _) => {
            let message = "collectionFormat `tsv` has no OpenAPI 3.0 equivalent; treated as `csv`";
            ctx.warn("collection-format-tsv", &here, message);
            Some(csv)
        }
        _ => {
            let message = format!(
                "collectionFormat `{format}` cannot be said here in OpenAPI 3.0; treated as `csv`"
            );
            ctx.warn("collection-format-unsupported", &here, message);
            Some(csv)
        }
    }
}
