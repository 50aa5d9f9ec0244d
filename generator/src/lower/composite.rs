//! Composite schemas: `allOf` merged into one object, `oneOf` / `anyOf` as an enum (tagged by the
//! discriminator when there is one, else tried in order).

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::schema::Schemas;
use super::shape::{Composite, ObjectParts, composite, is_annotation_only, object_parts};
use crate::diag::{Diagnostic, child};
use crate::ident::{self, Scope};
use crate::ir::{Type, Union, UnionVariant};

impl<'a> Schemas<'a> {
    /// The object an `allOf` describes: every member's properties (members that are references are
    /// followed), required names united. `None` when a member is not an object, with a warning.
    pub(crate) fn merge_all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<ObjectParts<'static>> {
        let mut properties = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        let mut additional = None;
        let mut pending: Vec<(&ReferenceOr<Schema>, usize)> =
            members.iter().rev().map(|m| (m, 0)).collect();
        while let Some((member, depth)) = pending.pop() {
            let schema = match member {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => match self.component(reference) {
                    Some(schema) if depth < 32 => schema,
                    _ => {
                        return self.not_mergeable(
                            pointer,
                            "a member is a reference that cannot be followed",
                        );
                    }
                },
            };
            if let Some(parts) = object_parts(&schema.schema_kind) {
                properties.extend(parts.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
                required.extend(parts.required.iter().cloned());
                additional = additional.or(parts.additional.map(|a| Cow::Owned(a.into_owned())));
            } else if let Some(Composite::All(inner)) = composite(&schema.schema_kind) {
                pending.extend(inner.iter().rev().map(|m| (m, depth + 1)));
            } else if !is_annotation_only(schema) {
                return self.not_mergeable(pointer, "a member is not an object schema");
            }
        }
        Some(ObjectParts {
            properties: Cow::Owned(properties),
            required: Cow::Owned(required),
            additional,
        })
    }

    fn not_mergeable<T>(&mut self, pointer: &str, why: &str) -> Option<T> {
        self.diagnostics.push(Diagnostic::warning(
            "unsupported-construct",
            child(pointer, "allOf"),
            format!(
                "this `allOf` cannot be merged into one object ({why}); typed as serde_json::Value"
            ),
        ));
        None
    }

    /// A `oneOf` / `anyOf` (`members` under `keyword`) as a union of its members' types.
    pub(crate) fn union(
        &mut self,
        name: &str,
        (members, keyword): (&[ReferenceOr<Schema>], &str),
        discriminator: Option<&Discriminator>,
        pointer: &str,
    ) -> Union {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = child(&child(pointer, keyword), &index.to_string());
            let ty = self.type_of(
                member,
                &format!("{name}Variant{}", index + 1),
                &member_pointer,
            );
            let tag_value = match (member, discriminator) {
                (ReferenceOr::Reference { reference }, Some(discriminator)) => {
                    Some(tag_value(reference, discriminator))
                }
                _ => None,
            };
            variants.push(UnionVariant {
                name: scope.claim(variant_name(&ty, index)),
                ty,
                tag_value,
                schema: member_pointer,
            });
        }
        let tagged = discriminator.is_some()
            && variants
                .iter()
                .all(|v| v.tag_value.is_some() && matches!(v.ty, Type::Named { .. }));
        if discriminator.is_some() && !tagged {
            self.diagnostics.push(Diagnostic::warning(
                "unsupported-construct",
                child(pointer, "discriminator"),
                "a discriminator needs every alternative to be a `$ref` to an object; alternatives are tried in order instead",
            ));
        }
        let tag = if tagged {
            discriminator.map(|d| d.property_name.clone())
        } else {
            None
        };
        if !tagged {
            variants.iter_mut().for_each(|v| v.tag_value = None);
        }
        Union { tag, variants }
    }
}

/// The discriminator value for the alternative `reference`: its `mapping` key, else the schema's
/// name (the implicit mapping).
fn tag_value(reference: &str, discriminator: &Discriminator) -> String {
    let schema_name = reference.rsplit('/').next().unwrap_or(reference);
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| *target == reference || target.as_str() == schema_name)
        .map(|(value, _)| value.clone())
        .unwrap_or_else(|| schema_name.to_owned())
}

/// A variant named after its type: the model's name, or the kind of scalar.
fn variant_name(ty: &Type, index: usize) -> String {
    match ty {
        Type::Named { name, .. } => name.clone(),
        Type::String | Type::Secret => "String".into(),
        Type::Bool => "Boolean".into(),
        Type::I32 | Type::I64 => "Integer".into(),
        Type::F32 | Type::F64 => "Number".into(),
        Type::Vec(_) => "Array".into(),
        Type::Map(_) => "Object".into(),
        Type::DateTime | Type::Date => "Date".into(),
        Type::Bytes | Type::Value => ident::camel(&format!("variant {}", index + 1)),
    }
}
