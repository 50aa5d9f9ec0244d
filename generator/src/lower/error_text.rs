//! Which fields of an error body read like a message, so an error's one-line text can show what
//! the server said.

use std::collections::BTreeMap;

use crate::ir::{Model, ModelKind, Type};

/// Field names that carry an error's code or message, in the order they are shown: a short code
/// first (`invalid_grant`), then the explanations. The runtime looks for the same names, in the
/// same order, in an error body the spec does not describe (a test compares the two lists).
const MESSAGE_FIELDS: &[&str] = &[
    "error",
    "title",
    "error_description",
    "message",
    "error_message",
    "detail",
    "description",
    "reason",
    "info",
    "errors",
];

/// Models by name, for [`message_fields`]: a search of the whole list per operation is quadratic
/// (Microsoft Graph has 35,000 models and 22,000 operations).
pub(crate) type ByName<'m> = BTreeMap<&'m str, &'m Model>;

/// `models` by name; of two with one name, the first (as a search of the list would find).
pub(crate) fn by_name(models: &[Model]) -> ByName<'_> {
    let mut by_name = ByName::new();
    for model in models {
        by_name.entry(model.name.as_str()).or_insert(model);
    }
    by_name
}

/// The wire names of the message-like fields of error type `error` (every variant's, for an
/// error typed by status), in display order. Empty when the error is undocumented or has none:
/// the runtime then looks for the usual names itself.
pub(crate) fn message_fields(error: &Type, models: &ByName<'_>) -> Vec<String> {
    let mut present = Vec::new();
    collect(error, models, &mut present, 0);
    MESSAGE_FIELDS
        .iter()
        .filter(|name| present.contains(*name))
        .map(|name| (*name).to_owned())
        .collect()
}

/// Push the wire names of the text fields of `ty` (followed through named models, `depth`
/// bounding the walk through aliases and status variants).
fn collect<'m>(ty: &Type, models: &ByName<'m>, present: &mut Vec<&'m str>, depth: u8) {
    let Type::Named { name, .. } = ty else { return };
    let Some(model) = models.get(name.as_str()) else {
        return;
    };
    if depth > 4 {
        return;
    }
    match &model.kind {
        ModelKind::Struct(object) => {
            for field in &object.fields {
                let text = match &field.ty {
                    Type::String => true,
                    Type::Vec(item) => **item == Type::String,
                    _ => false,
                };
                if text {
                    present.push(&field.wire);
                }
            }
        }
        ModelKind::Alias(inner) => collect(inner, models, present, depth + 1),
        ModelKind::StatusEnum(variants) => {
            for variant in variants {
                collect(&variant.ty, models, present, depth + 1);
            }
        }
        ModelKind::Union(union) => {
            for ty in union
                .variants
                .iter()
                .flat_map(|variant| variant.shape.types())
            {
                collect(ty, models, present, depth + 1);
            }
        }
        ModelKind::Enum(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::MESSAGE_FIELDS;

    /// The runtime's `USUAL_MESSAGE_FIELDS` (in its `error.rs`) lists the same names in the same
    /// order: an undocumented body is summarised as a documented one would be.
    #[test]
    fn the_runtime_looks_for_the_same_message_fields() {
        let Some((_, source)) = crate::emit::runtime_source("error.rs") else {
            panic!("the runtime has no error.rs");
        };
        let quoted: Vec<String> = MESSAGE_FIELDS
            .iter()
            .map(|name| format!("    \"{name}\",\n"))
            .collect();
        let list = format!(
            "const USUAL_MESSAGE_FIELDS: &[&str] = &[\n{}];",
            quoted.concat()
        );
        assert!(source.contains(&list), "error.rs does not hold:\n{list}");
    }
}
