//! `oneOf` / `anyOf` as a Rust enum. The alternatives are told apart, in order of preference:
//! by the spec's `discriminator`; by a property each alternative fixes to a value of its own
//! (internally or adjacently tagged); by the one key each alternative's object has (externally
//! tagged); or, when nothing tells them apart, by trying each in turn, most specific first.

use std::borrow::Cow;

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema};

use super::schema::Schemas;
use super::shape::{ObjectParts, string_enum};
use crate::diag::child;
use crate::ident::{self, Scope};
use crate::ir::{Representation, Type, Union, UnionVariant, VariantShape};

/// One alternative as the spec gives it.
struct Member<'s> {
    /// Its place in the spec.
    pointer: String,
    /// The alternative as written.
    written: &'s ReferenceOr<Schema>,
    /// The schema itself (what a `$ref` names); `None` when a reference cannot be followed.
    schema: Option<&'s Schema>,
    /// The object it describes, if it is one (its `allOf` merged), read once for every step.
    parts: Option<ObjectParts<'s>>,
}

impl Member<'_> {
    fn is_reference(&self) -> bool {
        matches!(self.written, ReferenceOr::Reference { .. })
    }

    /// The alternative's description, else its title: its variant's docs.
    fn doc(&self) -> Option<String> {
        let data = &self.schema?.schema_data;
        data.description.clone().or_else(|| data.title.clone())
    }
}

/// A property every alternative fixes to a value of its own.
struct Tag {
    property: String,
    /// Each alternative's value, in member order.
    values: Vec<String>,
}

impl<'a> Schemas<'a> {
    /// The union `name` of `members` (listed under `keyword` of the schema at `pointer`).
    pub(crate) fn union<'s>(
        &mut self,
        name: &str,
        (members, keyword): (&'s [ReferenceOr<Schema>], &str),
        discriminator: Option<&Discriminator>,
        pointer: &str,
        depth: usize,
    ) -> Union
    where
        'a: 's,
    {
        let list = child(pointer, keyword);
        let mut alternatives: Vec<Member<'s>> = Vec::with_capacity(members.len());
        for (index, written) in members.iter().enumerate() {
            let pointer = child(&list, &index.to_string());
            let schema = match written {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => self.component(reference),
            };
            let parts = self.parts(schema, &pointer);
            alternatives.push(Member {
                pointer,
                written,
                schema,
                parts,
            });
        }
        let members = alternatives;
        if let Some(discriminator) = discriminator {
            if members.iter().all(Member::is_reference) {
                return self.discriminated(&members, discriminator);
            }
        }
        let preferred = discriminator.map(|d| d.property_name.as_str());
        if let Some(tag) = self.tag(&members, preferred) {
            return self.tagged(name, &members, &tag, depth);
        }
        if let Some(union) = self.keyed(name, &members, depth) {
            return union;
        }
        if discriminator.is_some() {
            self.diagnostics.warning(
                "unsupported-construct",
                child(pointer, "discriminator"),
                "the discriminator's property is not fixed to one value in every alternative; \
                 the alternatives are tried in order instead",
            );
        }
        self.untagged(name, &members, pointer)
    }

    /// The spec's discriminator, every alternative a `$ref`: the property's value (its `mapping`
    /// key, else the schema's name) picks the variant, whose type keeps the property.
    fn discriminated(&mut self, members: &[Member<'_>], discriminator: &Discriminator) -> Union {
        let mut names = Scope::default();
        let variants = members
            .iter()
            .map(|member| {
                let value = match member.written {
                    ReferenceOr::Reference { reference } => mapped(reference, discriminator),
                    ReferenceOr::Item(_) => String::new(),
                };
                let ty = self.type_of(member.written, "", &member.pointer);
                UnionVariant {
                    name: names.claim(ident::camel(&value)),
                    doc: member.doc(),
                    tag_value: Some(value),
                    shape: VariantShape::Newtype(ty),
                    schema: member.pointer.clone(),
                    from_impl: false,
                }
            })
            .collect();
        let tag = discriminator.property_name.clone();
        Union {
            representation: Representation::Discriminator { tag },
            variants,
        }
    }

    /// The object each alternative describes, without reporting (only to decide the form).
    fn parts<'s>(&mut self, schema: Option<&'s Schema>, pointer: &str) -> Option<ObjectParts<'s>> {
        let was_muted = self.diagnostics.mute();
        let parts = schema.and_then(|schema| self.parts_of(schema, pointer));
        self.diagnostics.unmute(was_muted);
        parts
    }

    /// A required property that every alternative (every one an object) fixes to a single value,
    /// each its own: `preferred` (the discriminator's) first, then `type` and `kind`, then any.
    fn tag(&self, members: &[Member<'_>], preferred: Option<&str>) -> Option<Tag> {
        let parts: Vec<&ObjectParts<'_>> = members
            .iter()
            .map(|m| m.parts.as_ref())
            .collect::<Option<_>>()?;
        let first = parts.first()?;
        let mut candidates: Vec<&String> = first.properties.keys().collect();
        candidates.sort_by_key(|name| match name.as_str() {
            name if Some(name) == preferred => 0,
            "type" => 1,
            "kind" => 2,
            _ => 3,
        });
        candidates.into_iter().find_map(|property| {
            let values: Vec<String> = parts
                .iter()
                .map(|p| fixed_value(p, property))
                .collect::<Option<_>>()?;
            let mut distinct = values.clone();
            distinct.sort();
            distinct.dedup();
            (distinct.len() == values.len()).then(|| Tag {
                property: property.clone(),
                values,
            })
        })
    }

    /// Alternatives told apart by `tag`. All inline: the tag is serde's (`tag`, or `tag` and
    /// `content` when each alternative holds at most one more property, the same one), variants
    /// hold the other properties. With a `$ref` among them, each variant's type keeps the tag.
    fn tagged<'s>(&mut self, name: &str, members: &[Member<'s>], tag: &Tag, depth: usize) -> Union {
        let mut names = Scope::default();
        let variant_names: Vec<String> = tag
            .values
            .iter()
            .map(|value| names.claim(ident::camel(value)))
            .collect();
        let open = members
            .iter()
            .filter_map(|m| m.parts.as_ref())
            .any(|p| keeps_others(p.additional.as_deref()));
        if members.iter().any(Member::is_reference) || open {
            let variants = members
                .iter()
                .zip(&variant_names)
                .zip(&tag.values)
                .map(|((member, variant), value)| {
                    let ty =
                        self.type_of(member.written, &format!("{name}{variant}"), &member.pointer);
                    UnionVariant {
                        name: variant.clone(),
                        doc: member.doc(),
                        tag_value: Some(value.clone()),
                        shape: VariantShape::Newtype(ty),
                        schema: member.pointer.clone(),
                        from_impl: false,
                    }
                })
                .collect();
            let representation = Representation::Discriminator {
                tag: tag.property.clone(),
            };
            return Union {
                representation,
                variants,
            };
        }
        let others: Vec<ObjectParts<'s>> = members
            .iter()
            .filter_map(|m| m.parts.as_ref())
            .map(|p| without(p, &tag.property))
            .collect();
        let content = adjacent_content(&others);
        let mut variants = Vec::new();
        for (((member, variant), value), rest) in members
            .iter()
            .zip(&variant_names)
            .zip(&tag.values)
            .zip(&others)
        {
            let inline_name = format!("{name}{variant}");
            let shape = match (&content, rest.properties.first()) {
                (_, None) => VariantShape::Unit,
                (Some(content), Some((_, schema))) => {
                    let pointer = child(&child(&member.pointer, "properties"), content);
                    VariantShape::Newtype(self.boxed_type_of(
                        schema,
                        &inline_name,
                        &pointer,
                        depth + 1,
                    ))
                }
                (None, Some(_)) => VariantShape::Struct(
                    self.object(&inline_name, rest, &member.pointer, depth + 1)
                        .fields,
                ),
            };
            variants.push(UnionVariant {
                name: variant.clone(),
                doc: member.doc(),
                tag_value: Some(value.clone()),
                shape,
                schema: member.pointer.clone(),
                from_impl: false,
            });
        }
        let tag = tag.property.clone();
        let representation = match content {
            Some(content) => Representation::Adjacent { tag, content },
            None => Representation::Internal { tag },
        };
        Union {
            representation,
            variants,
        }
    }

    /// Alternatives each an object with one required key of its own (`{"attached": …}`), or a
    /// single string (a variant without content): serde's external tagging.
    fn keyed(&mut self, name: &str, members: &[Member<'_>], depth: usize) -> Option<Union> {
        if members.iter().any(Member::is_reference) {
            return None;
        }
        let mut keys = Vec::new();
        for member in members {
            let schema = member.schema?;
            if let Some(values) = string_enum(&schema.schema_kind) {
                let [value] = values.as_slice() else {
                    return None;
                };
                keys.push((value.clone(), None));
                continue;
            }
            let parts = member.parts.as_ref()?;
            let (key, property) = parts.properties.first()?;
            let single = parts.properties.len() == 1 && parts.required.iter().any(|r| r == key);
            if !single || keeps_others(parts.additional.as_deref()) {
                return None;
            }
            keys.push((key.clone(), Some(property.clone())));
        }
        let mut distinct: Vec<&String> = keys.iter().map(|(key, _)| key).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != keys.len() {
            return None;
        }
        let mut names = Scope::default();
        let mut variants = Vec::new();
        for (member, (key, property)) in members.iter().zip(keys) {
            let variant = names.claim(ident::camel(&key));
            let shape = match property {
                None => VariantShape::Unit,
                Some(schema) => {
                    let pointer = child(&child(&member.pointer, "properties"), &key);
                    let inline_name = format!("{name}{variant}");
                    VariantShape::Newtype(self.boxed_type_of(
                        &schema,
                        &inline_name,
                        &pointer,
                        depth + 1,
                    ))
                }
            };
            variants.push(UnionVariant {
                name: variant,
                doc: member.doc(),
                tag_value: Some(key),
                shape,
                schema: member.pointer.clone(),
                from_impl: false,
            });
        }
        Some(Union {
            representation: Representation::External,
            variants,
        })
    }

    /// Nothing tells the alternatives apart: tried in turn, the most specific first; alternatives
    /// that describe the same properties are reported, since the first always wins.
    fn untagged(&mut self, name: &str, members: &[Member<'_>], pointer: &str) -> Union {
        let mut names = Scope::default();
        let mut variants = Vec::new();
        let mut specificity = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let title = member
                .schema
                .and_then(|s| s.schema_data.title.as_deref())
                .map(ident::camel);
            let stem = title
                .clone()
                .unwrap_or_else(|| format!("Variant{}", index + 1));
            // Enums inside an alternative are closed: an open one would accept any value and let
            // the alternative take answers meant for another.
            self.closed_enums += 1;
            let ty = self.type_of(member.written, &format!("{name}{stem}"), &member.pointer);
            self.closed_enums -= 1;
            let variant = match (title, member.written, &ty) {
                (Some(title), ..) => title,
                // An inline object is named by its place; a reference or a scalar by its type.
                (None, ReferenceOr::Item(_), Type::Named { .. }) => stem,
                (None, ..) => variant_name(&ty, index),
            };
            specificity.push(
                member
                    .parts
                    .as_ref()
                    .map(|p| (p.required.len(), p.properties.len())),
            );
            variants.push(UnionVariant {
                name: names.claim(variant),
                doc: member.doc(),
                tag_value: None,
                shape: VariantShape::Newtype(ty),
                schema: member.pointer.clone(),
                from_impl: false,
            });
            self.report_twins(members, index, pointer);
        }
        // Objects with more required properties first: a looser alternative tried first would
        // take every answer a stricter one describes.
        let mut ordered: Vec<(Option<(usize, usize)>, UnionVariant)> =
            specificity.into_iter().zip(variants).collect();
        ordered.sort_by_key(|(score, _)| {
            std::cmp::Reverse(score.map(|(required, all)| (1, required, all)))
        });
        let variants = ordered.into_iter().map(|(_, variant)| variant).collect();
        Union {
            representation: Representation::Untagged,
            variants,
        }
    }

    /// Warn when the alternative at `index` describes the same object as an earlier one.
    fn report_twins(&mut self, members: &[Member<'_>], index: usize, pointer: &str) {
        let Some(parts) = members.get(index).and_then(|m| m.parts.as_ref()) else {
            return;
        };
        let shape = |p: &ObjectParts<'_>| {
            let mut required: Vec<String> = p.required.to_vec();
            required.sort();
            let mut all: Vec<String> = p.properties.keys().cloned().collect();
            all.sort();
            (required, all)
        };
        let mine = shape(parts);
        for (earlier, member) in members.iter().enumerate().take(index) {
            if member
                .parts
                .as_ref()
                .is_some_and(|other| shape(other) == mine)
            {
                self.diagnostics.warning(
                    "indistinct-alternatives",
                    pointer.to_owned(),
                    format!(
                        "alternatives {earlier} and {index} describe the same properties: nothing tells them \
                         apart, so an answer always decodes as the first"
                    ),
                );
                return;
            }
        }
    }
}

/// Mark the variants a union can be made `From`: those holding a type no other variant of the
/// same union holds, once aliases are followed (two aliases of `String` are the same type).
pub(crate) fn mark_conversions(models: &mut [crate::ir::Model]) {
    use crate::ir::ModelKind;
    let aliases: std::collections::BTreeMap<String, Type> = models
        .iter()
        .filter_map(|model| match &model.kind {
            ModelKind::Alias(ty) => Some((model.name.clone(), ty.clone())),
            _ => None,
        })
        .collect();
    let resolve = |ty: &Type| {
        let mut ty = ty.clone();
        // Alias chains are short; the bound guards a cycle.
        for _ in 0..16 {
            match &ty {
                Type::Named { name, .. } => match aliases.get(name) {
                    Some(target) => ty = target.clone(),
                    None => break,
                },
                _ => break,
            }
        }
        ty
    };
    for model in models.iter_mut() {
        let ModelKind::Union(union) = &mut model.kind else {
            continue;
        };
        let held: Vec<Option<Type>> = union
            .variants
            .iter()
            .map(|variant| match &variant.shape {
                VariantShape::Newtype(ty) => Some(resolve(ty)),
                VariantShape::Unit | VariantShape::Struct(_) => None,
            })
            .collect();
        for (variant, ty) in union.variants.iter_mut().zip(&held) {
            variant.from_impl = ty.as_ref().is_some_and(|ty| {
                held.iter()
                    .filter(|other| other.as_ref() == Some(ty))
                    .count()
                    == 1
            });
        }
    }
}

/// The single value a required property of `parts` is fixed to (`enum: [value]`).
fn fixed_value(parts: &ObjectParts<'_>, property: &str) -> Option<String> {
    if !parts.required.iter().any(|r| r == property) {
        return None;
    }
    let ReferenceOr::Item(schema) = parts.properties.get(property)? else {
        return None;
    };
    match string_enum(&schema.schema_kind)?.as_slice() {
        [value] => Some(value.clone()),
        _ => None,
    }
}

/// `parts` without `property`.
fn without<'s>(parts: &ObjectParts<'s>, property: &str) -> ObjectParts<'s> {
    let mut properties = parts.properties.clone().into_owned();
    properties.shift_remove(property);
    ObjectParts {
        properties: Cow::Owned(properties),
        required: parts.required.clone(),
        additional: parts.additional.clone(),
    }
}

/// The content property when every alternative holds at most one property besides the tag,
/// the same one, required wherever it is.
fn adjacent_content(others: &[ObjectParts<'_>]) -> Option<String> {
    let mut content: Option<&String> = None;
    for rest in others {
        match rest.properties.len() {
            0 => {}
            1 => {
                let (name, _) = rest.properties.first()?;
                if content.is_some_and(|c| c != name) || !rest.required.iter().any(|r| r == name) {
                    return None;
                }
                content = Some(name);
            }
            _ => return None,
        }
    }
    content.cloned()
}

/// Whether an object keeps properties it does not name (which a tagged variant cannot hold).
fn keeps_others(additional: Option<&AdditionalProperties>) -> bool {
    matches!(
        additional,
        Some(AdditionalProperties::Any(true) | AdditionalProperties::Schema(_))
    )
}

/// The tag value of the alternative `reference`: its `mapping` key, else the schema's name.
fn mapped(reference: &str, discriminator: &Discriminator) -> String {
    let schema_name = reference.rsplit('/').next().unwrap_or(reference);
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| *target == reference || target.as_str() == schema_name)
        .map(|(value, _)| value.clone())
        .unwrap_or_else(|| schema_name.to_owned())
}

/// An untagged variant named after its type: the model's name, or the kind of value.
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
        Type::Uuid => "Uuid".into(),
        Type::Ipv4 => "Ipv4".into(),
        Type::Ipv6 => "Ipv6".into(),
        Type::Bytes | Type::Value => format!("Variant{}", index + 1),
    }
}
