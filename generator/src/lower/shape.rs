//! What shape a schema has, read off `openapiv3`'s model: composite, object-like, a single
//! annotated reference. Pure functions, used by the schema lowering and the composite merging.

use std::borrow::Cow;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type as SpecType};

/// The members of an `allOf`, `oneOf` or `anyOf`, however openapiv3 parsed the schema.
pub(crate) enum Composite<'s> {
    /// All of these at once.
    All(&'s [ReferenceOr<Schema>]),
    /// One (or any) of these, and which keyword said so (`oneOf` or `anyOf`).
    Any(&'s [ReferenceOr<Schema>], &'static str),
}

/// Which composite keyword a schema uses, if any.
pub(crate) fn composite(kind: &SchemaKind) -> Option<Composite<'_>> {
    match kind {
        SchemaKind::AllOf { all_of } => Some(Composite::All(all_of)),
        SchemaKind::OneOf { one_of } => Some(Composite::Any(one_of, "oneOf")),
        SchemaKind::AnyOf { any_of } => Some(Composite::Any(any_of, "anyOf")),
        SchemaKind::Any(any) if !any.all_of.is_empty() => Some(Composite::All(&any.all_of)),
        SchemaKind::Any(any) if !any.one_of.is_empty() => {
            Some(Composite::Any(&any.one_of, "oneOf"))
        }
        SchemaKind::Any(any) if !any.any_of.is_empty() => {
            Some(Composite::Any(&any.any_of, "anyOf"))
        }
        _ => None,
    }
}

/// Properties, required names and extra-properties of an object-like schema (borrowed from the
/// spec, or owned when an `allOf` was merged).
pub(crate) struct ObjectParts<'s> {
    pub properties: Cow<'s, indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: Cow<'s, [String]>,
    pub additional: Option<Cow<'s, AdditionalProperties>>,
}

/// Object-like schemas: `type: object` with properties, or an untyped schema with `properties`.
pub(crate) fn object_parts(kind: &SchemaKind) -> Option<ObjectParts<'_>> {
    match kind {
        SchemaKind::Type(SpecType::Object(object)) if !object.properties.is_empty() => {
            Some(ObjectParts {
                properties: Cow::Borrowed(&object.properties),
                required: Cow::Borrowed(&object.required),
                additional: object.additional_properties.as_ref().map(Cow::Borrowed),
            })
        }
        SchemaKind::Any(any)
            if !any.properties.is_empty()
                && any.typ.as_deref().is_none_or(|t| t == "object")
                && any.all_of.is_empty()
                && any.one_of.iter().chain(&any.any_of).all(constrains_only) =>
        {
            Some(ObjectParts {
                properties: Cow::Borrowed(&any.properties),
                required: Cow::Borrowed(&any.required),
                additional: any.additional_properties.as_ref().map(Cow::Borrowed),
            })
        }
        _ => None,
    }
}

/// The properties a schema with an `allOf` declares beside it (`{allOf: [$ref: Base],
/// properties: {kind: …}}`): they belong to the object as much as the parts' do.
pub(crate) fn own_parts(kind: &SchemaKind) -> Option<ObjectParts<'_>> {
    match kind {
        SchemaKind::Any(any)
            if !any.all_of.is_empty()
                && !any.properties.is_empty()
                && any.typ.as_deref().is_none_or(|t| t == "object") =>
        {
            Some(ObjectParts {
                properties: Cow::Borrowed(&any.properties),
                required: Cow::Borrowed(&any.required),
                additional: any.additional_properties.as_ref().map(Cow::Borrowed),
            })
        }
        _ => None,
    }
}

/// The object around a `oneOf`/`anyOf` whose members are more than constraints
/// (`{properties: {name, status}, oneOf: [{properties: {status: {enum: [completed]}}}, …]}`):
/// every alternative is that object refined by the member.
pub(crate) fn union_base(kind: &SchemaKind) -> Option<ObjectParts<'_>> {
    match kind {
        SchemaKind::Any(any)
            if !any.properties.is_empty()
                && any.typ.as_deref().is_none_or(|t| t == "object")
                && any.all_of.is_empty()
                && !any.one_of.iter().chain(&any.any_of).all(constrains_only) =>
        {
            Some(ObjectParts {
                properties: Cow::Borrowed(&any.properties),
                required: Cow::Borrowed(&any.required),
                additional: any.additional_properties.as_ref().map(Cow::Borrowed),
            })
        }
        _ => None,
    }
}

/// The names a schema requires, whatever its shape (`{required: [a, b]}` alone included).
pub(crate) fn required_names(kind: &SchemaKind) -> &[String] {
    match kind {
        SchemaKind::Type(SpecType::Object(object)) => &object.required,
        SchemaKind::Any(any) => &any.required,
        _ => &[],
    }
}

/// A `oneOf`/`anyOf` member that only constrains the object around it (`{required: [a]}`,
/// `{maxProperties: 0}`): such alternatives say which properties must be there together, not a
/// different shape, so the object is lowered as the object it is.
fn constrains_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.as_deref().is_none_or(|t| t == "object")
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.any_of.is_empty()
            }
            SchemaKind::Type(SpecType::Object(object)) => object.properties.is_empty(),
            _ => false,
        },
    }
}

/// The one `$ref` of an `allOf` whose other members only annotate (`allOf: [$ref]` is how 3.0
/// puts `nullable` or a description next to a reference): that reference, to use as it is.
pub(crate) fn single_reference(kind: &SchemaKind) -> Option<&str> {
    let Some(Composite::All(members)) = composite(kind) else {
        return None;
    };
    if own_parts(kind).is_some() {
        return None;
    }
    let mut shaped = members.iter().filter(|member| match member {
        ReferenceOr::Item(schema) => !is_annotation_only(schema),
        ReferenceOr::Reference { .. } => true,
    });
    match (shaped.next(), shaped.next()) {
        (Some(ReferenceOr::Reference { reference }), None) => Some(reference),
        _ => None,
    }
}

/// A member that only annotates (`description`, `nullable`, …) and adds no shape.
pub(crate) fn is_annotation_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none() && any.properties.is_empty() && any.items.is_none()
        }
        SchemaKind::Type(SpecType::Object(object)) => object.properties.is_empty(),
        _ => false,
    }
}

/// The values of a string enum, if the schema is one (`type: string`, or no type and only string
/// values: `{enum: [completed]}`).
pub(crate) fn string_enum(kind: &SchemaKind) -> Option<Vec<String>> {
    match kind {
        SchemaKind::Type(SpecType::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Any(any)
            if !any.enumeration.is_empty()
                && any.typ.as_deref().is_none_or(|t| t == "string")
                && any.properties.is_empty()
                && any.items.is_none()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty() =>
        {
            let values: Option<Vec<String>> = any
                .enumeration
                .iter()
                .filter(|value| !value.is_null())
                .map(|value| value.as_str().map(str::to_owned))
                .collect();
            // `{enum: [null]}` is no string enum.
            values.filter(|values| !values.is_empty())
        }
        _ => None,
    }
}

/// The one inline member of an `allOf` that is not an object and whose other members only
/// annotate (`allOf: [{type: string, format: uuid}]` with a title): that member, to use as it is.
/// An object member is merged instead, with its siblings.
pub(crate) fn single_inline(kind: &SchemaKind) -> Option<(usize, &Schema)> {
    let Some(Composite::All(members)) = composite(kind) else {
        return None;
    };
    if own_parts(kind).is_some() {
        return None;
    }
    let mut shaped = members
        .iter()
        .enumerate()
        .filter(|(_, member)| match member {
            ReferenceOr::Item(schema) => !is_annotation_only(schema),
            ReferenceOr::Reference { .. } => true,
        });
    match (shaped.next(), shaped.next()) {
        (Some((index, ReferenceOr::Item(schema))), None)
            if object_parts(&schema.schema_kind).is_none() =>
        {
            Some((index, schema))
        }
        _ => None,
    }
}
