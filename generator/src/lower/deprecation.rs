//! `deprecated: true` on operations and schemas: the note the compiler shows, and which items
//! refer to a deprecated model (the generated crate's own uses must not warn).

use std::collections::BTreeSet;

use crate::ir::{Api, Deprecation, ModelKind, Operation, Response, Type};

/// The deprecation of an item whose spec says `deprecated`, with a note from its description:
/// the first sentence or clause that says what replaces it or why.
pub(crate) fn deprecation(deprecated: bool, description: Option<&str>) -> Option<Deprecation> {
    deprecated.then(|| Deprecation {
        note: description.and_then(note),
    })
}

fn note(description: &str) -> Option<String> {
    const SAYS_WHAT_INSTEAD: &[&str] = &["instead", "in favour of", "in favor of", "replaced by"];
    let clauses: Vec<&str> = description
        .split(['\n', ';'])
        .flat_map(|part| part.split(". "))
        .map(|clause| clause.trim().trim_end_matches('.'))
        .collect();
    let says = |clause: &&&str, words: &[&str]| {
        let lower = clause.to_lowercase();
        words.iter().any(|word| lower.contains(word))
            || lower.starts_with("use ")
            || lower.contains(" use ")
    };
    // What to use instead, else why; a bare "Deprecated" says nothing the attribute does not.
    let clause = clauses
        .iter()
        .find(|clause| says(clause, SAYS_WHAT_INSTEAD))
        .or_else(|| {
            clauses
                .iter()
                .find(|clause| clause.to_lowercase().contains("deprecat") && clause.contains(' '))
        })?;
    let mut chars = clause.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Set `uses_deprecated` on every model and operation that names a deprecated model.
pub(crate) fn mark_uses(api: &mut Api) {
    let deprecated: BTreeSet<String> = api
        .models
        .iter()
        .filter(|model| model.deprecated.is_some())
        .map(|model| model.name.clone())
        .collect();
    if deprecated.is_empty() {
        return;
    }
    let uses = |types: Vec<&Type>| types.into_iter().any(|ty| names_any(ty, &deprecated));
    for model in &mut api.models {
        let types: Vec<&Type> = match &model.kind {
            ModelKind::Struct(object) => object
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(object.additional.as_ref().map(|extra| &extra.ty))
                .collect(),
            ModelKind::Alias(ty) => vec![ty],
            ModelKind::Union(union) => union
                .variants
                .iter()
                .flat_map(|v| v.shape.types())
                .collect(),
            ModelKind::StatusEnum(variants) => variants.iter().map(|v| &v.ty).collect(),
            ModelKind::Enum(_) => Vec::new(),
        };
        model.uses_deprecated = uses(types);
    }
    for operation in &mut api.operations {
        operation.uses_deprecated = uses(operation_types(operation));
    }
}

fn operation_types(operation: &Operation) -> Vec<&Type> {
    let mut types: Vec<&Type> = operation.path_params.iter().map(|p| &p.ty).collect();
    types.extend(
        operation
            .params
            .iter()
            .flat_map(|params| params.params.iter().map(|p| &p.ty)),
    );
    types.extend(operation.body.as_ref().map(|body| &body.ty));
    match &operation.success {
        Response::Json(ty) | Response::Events(ty) => types.push(ty),
        Response::Empty | Response::Text | Response::Binary => {}
    }
    types.push(&operation.error);
    types
}

fn names_any(ty: &Type, names: &BTreeSet<String>) -> bool {
    match ty {
        Type::Named { name, .. } => names.contains(name),
        Type::Vec(inner) | Type::Map(inner) | Type::Optional(inner) => names_any(inner, names),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::note;

    #[test]
    fn the_note_is_the_clause_that_says_why() {
        assert_eq!(
            note("Whether it is on; deprecated in favour of `online`.").as_deref(),
            Some("Deprecated in favour of `online`")
        );
        assert_eq!(
            note("Old. Use `b` instead. More.").as_deref(),
            Some("Use `b` instead")
        );
        assert_eq!(
            note("Old. Deprecated; use `b`.").as_deref(),
            Some("Use `b`")
        );
        assert_eq!(note("Deprecated.").as_deref(), None);
        assert_eq!(note("The last ICCID.").as_deref(), None);
    }
}
