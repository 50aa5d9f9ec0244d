//! `readOnly` and `writeOnly` as types. A model the API both receives in a request body and sends
//! in an answer, with members only one side writes, becomes two: `Name`, what the server answers
//! (no write-only members), and `NameRequest`, what a client sends (no read-only members). A model
//! that holds such a model, and is itself used both ways, is split the same way, so a request type
//! holds request types all the way down. A model used one way only is left as it is.

use std::collections::{BTreeMap, BTreeSet};

use crate::ident::Scope;
use crate::ir::{Access, Field, Model, ModelKind, Operation, Response, Type};

use super::derived_names;

/// Split the models that need it and point request bodies at the request halves.
pub(super) fn split(models: &mut Vec<Model>, operations: &mut [Operation]) {
    let by_name: BTreeMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    let sent = reachable(
        &by_name,
        operations
            .iter()
            .filter_map(|op| op.body.as_ref())
            .map(|b| &b.ty),
    );
    let received = reachable(&by_name, operations.iter().flat_map(answer_types));
    let both: BTreeSet<&str> = sent.intersection(&received).copied().collect();
    let splits = to_split(&by_name, &both);
    if splits.is_empty() {
        return;
    }
    let mut names = Scope::default();
    for model in models.iter() {
        names.claim(model.name.clone());
    }
    let request_names: BTreeMap<String, String> = splits
        .iter()
        .map(|name| {
            let request = names.claim(derived_names::request_type(name));
            ((*name).to_owned(), request)
        })
        .collect();
    let mut added = Vec::new();
    for model in models.iter_mut() {
        let Some(request_name) = request_names.get(&model.name) else {
            continue;
        };
        added.push(request_half(model, request_name, &request_names));
        model.left_out = wire_names(&model.kind, Access::WriteOnly);
        drop_fields(&mut model.kind, Access::WriteOnly);
        let note = format!("As the server answers it; a request sends `{request_name}`.");
        model.doc = Some(match model.doc.take() {
            Some(doc) => format!("{doc}\n\n{note}"),
            None => note,
        });
    }
    models.extend(added);
    models.sort_by(|a, b| a.name.cmp(&b.name));
    for operation in operations {
        let Some(body) = &mut operation.body else {
            continue;
        };
        let before = body.ty.clone();
        rename(&mut body.ty, &request_names);
        if body.ty != before {
            let kept: BTreeSet<String> = body_fields(models, &body.ty);
            body.parts
                .retain(|part| part.wire.is_empty() || kept.contains(&part.field));
        }
    }
}

/// The types an operation's answers (success, error) decode into.
fn answer_types(operation: &Operation) -> Vec<&Type> {
    let mut types = vec![&operation.error];
    if let Response::Json(ty) | Response::Events(ty) = &operation.success {
        types.push(ty);
    }
    types
}

/// Every model reachable from `roots` through the types models hold.
fn reachable<'m, 't>(
    by_name: &BTreeMap<&'m str, &'m Model>,
    roots: impl Iterator<Item = &'t Type>,
) -> BTreeSet<&'m str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Type> = roots.collect();
    while let Some(ty) = stack.pop() {
        let Some(name) = named(ty) else { continue };
        let Some((name, model)) = by_name.get_key_value(name) else {
            continue;
        };
        if seen.insert(*name) {
            stack.extend(model.kind.types());
        }
    }
    seen
}

/// The model a type names, through `Vec`s and maps.
fn named(ty: &Type) -> Option<&str> {
    match ty {
        Type::Named { name, .. } => Some(name),
        Type::Vec(inner) | Type::Map(inner) | Type::Optional(inner) => named(inner),
        _ => None,
    }
}

/// The models used both ways that have one-sided members, or hold a model that is split: found
/// by repeating until nothing more is added (a model can hold one split later in the order).
fn to_split<'m>(
    by_name: &BTreeMap<&'m str, &'m Model>,
    both: &BTreeSet<&'m str>,
) -> BTreeSet<&'m str> {
    let mut splits: BTreeSet<&str> = both
        .iter()
        .copied()
        .filter(|name| {
            by_name
                .get(name)
                .is_some_and(|model| one_sided(&model.kind))
        })
        .collect();
    loop {
        let more: Vec<&str> = both
            .iter()
            .copied()
            .filter(|name| !splits.contains(name))
            .filter(|name| {
                by_name.get(name).is_some_and(|model| {
                    model
                        .kind
                        .types()
                        .into_iter()
                        .filter_map(named)
                        .any(|held| splits.contains(held))
                })
            })
            .collect();
        if more.is_empty() {
            return splits;
        }
        splits.extend(more);
    }
}

/// Whether a model has a member only one side writes.
fn one_sided(kind: &ModelKind) -> bool {
    fields(kind)
        .iter()
        .any(|field| field.access != Access::ReadWrite)
}

/// A model's fields: a struct's, and those of a union's struct-shaped alternatives.
fn fields(kind: &ModelKind) -> Vec<&Field> {
    match kind {
        ModelKind::Struct(object) => object.fields.iter().collect(),
        ModelKind::Union(union) => union
            .variants
            .iter()
            .flat_map(|variant| match &variant.shape {
                crate::ir::VariantShape::Struct(fields) => fields.iter().collect(),
                _ => Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The wire names of the members with `access`.
fn wire_names(kind: &ModelKind, access: Access) -> Vec<String> {
    fields(kind)
        .into_iter()
        .filter(|field| field.access == access)
        .map(|field| field.wire.clone())
        .collect()
}

/// Remove the members `access` says the other side never sees.
fn drop_fields(kind: &mut ModelKind, access: Access) {
    match kind {
        ModelKind::Struct(object) => object.fields.retain(|field| field.access != access),
        ModelKind::Union(union) => {
            for variant in &mut union.variants {
                if let crate::ir::VariantShape::Struct(fields) = &mut variant.shape {
                    fields.retain(|field| field.access != access);
                }
            }
        }
        _ => {}
    }
}

/// The request half of `model`: no read-only members, the models it holds their request halves.
fn request_half(model: &Model, name: &str, request_names: &BTreeMap<String, String>) -> Model {
    let mut request = model.clone();
    request.name = name.to_owned();
    let left_out: Vec<String> = fields(&model.kind)
        .into_iter()
        .filter(|field| field.access == Access::ReadOnly)
        .map(|field| format!("`{}`", field.wire))
        .collect();
    request.left_out = wire_names(&model.kind, Access::ReadOnly);
    drop_fields(&mut request.kind, Access::ReadOnly);
    for ty in request.kind.types_mut() {
        rename(ty, request_names);
    }
    let note = if left_out.is_empty() {
        format!("`{}` as a request sends it.", model.name)
    } else {
        format!(
            "`{}` as a request sends it: without {}, which the server sets.",
            model.name,
            left_out.join(", ")
        )
    };
    request.doc = Some(match &model.doc {
        Some(doc) => format!("{doc}\n\n{note}"),
        None => note,
    });
    request
}

/// Point a type at the request halves of the models it names.
fn rename(ty: &mut Type, request_names: &BTreeMap<String, String>) {
    match ty {
        Type::Named { name, .. } => {
            if let Some(request) = request_names.get(name.as_str()) {
                name.clone_from(request);
            }
        }
        Type::Vec(inner) | Type::Map(inner) | Type::Optional(inner) => rename(inner, request_names),
        _ => {}
    }
}

/// The Rust field names of the struct a body type names (for its multipart parts).
fn body_fields(models: &[Model], ty: &Type) -> BTreeSet<String> {
    let Type::Named { name, .. } = ty else {
        return BTreeSet::new();
    };
    models
        .iter()
        .find(|model| &model.name == name)
        .map(|model| {
            fields(&model.kind)
                .into_iter()
                .map(|f| f.name.clone())
                .collect()
        })
        .unwrap_or_default()
}
