//! `oneOf` / `anyOf` as a Rust enum. The alternatives are told apart, in order of preference:
//! by the spec's `discriminator`; by a property each alternative fixes to a value of its own
//! (internally or adjacently tagged); by the one key each alternative's object has (externally
//! tagged); or, when nothing tells them apart, by trying each in turn, most specific first.

use std::borrow::Cow;

use openapiv3::{
    AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaKind, Type as SpecType,
};

use super::derived_names;
use super::schema::{Schemas, SharedFields};
use super::shape::{
    ObjectParts, object_parts, required_names, single_inline, single_reference, string_enum,
};
use crate::ident::{self, Scope};
use crate::ir::{Fit, Model, ModelKind, Representation, Type, Union, UnionVariant, VariantShape};
use crate::pointer::child;

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
    /// Whether `parts` is the object around the union refined by this alternative (so the
    /// variant is a type of its own, made from `parts`, even when the alternative is a `$ref`).
    refines: bool,
}

impl Member<'_> {
    fn is_reference(&self) -> bool {
        !self.refines && matches!(self.written, ReferenceOr::Reference { .. })
    }

    /// The name a person would give the alternative: its title, else the schema it refers to.
    fn given_name(&self) -> Option<String> {
        let title = self.schema.and_then(|s| s.schema_data.title.as_deref());
        let referenced = match self.written {
            ReferenceOr::Reference { reference } => reference.rsplit('/').next(),
            ReferenceOr::Item(_) => None,
        };
        title.or(referenced).map(ident::camel)
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
    /// The union `name` of `members` (listed under `keyword` of the schema at `pointer`); with a
    /// `base`, the object around the union, each alternative is that object refined.
    pub(crate) fn union<'s>(
        &mut self,
        name: &str,
        (members, keyword): (&'s [ReferenceOr<Schema>], &str),
        discriminator: Option<&Discriminator>,
        base: Option<&ObjectParts<'s>>,
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
            let parts = match base {
                Some(base) => Some(refined(base, parts, schema)),
                None => parts,
            };
            alternatives.push(Member {
                pointer,
                written,
                schema,
                parts,
                refines: base.is_some(),
            });
        }
        let members = alternatives;
        let mut shared = base.map(|base| SharedFields::new(name, base, pointer));
        let shared = shared.as_mut();
        if let Some(discriminator) = discriminator {
            if base.is_none() && members.iter().all(Member::is_reference) {
                return self.discriminated(&members, discriminator);
            }
        }
        let preferred = discriminator.map(|d| d.property_name.as_str());
        if let Some(tag) = self.tag(&members, preferred) {
            return self.tagged(name, &members, &tag, (shared, depth));
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
        self.untagged(name, (&members, keyword), pointer, (shared, depth))
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
                    fit: Fit::default(),
                }
            })
            .collect();
        let tag = discriminator.property_name.clone();
        Union {
            representation: Representation::Discriminator { tag },
            variants,
            first_valid: false,
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
    // Whole: one pass over the alternatives decides serde's representation (tag, or tag and
    // content) and each variant's fields together; split, the pieces would share most of the
    // locals.
    fn tagged<'s>(
        &mut self,
        name: &str,
        members: &[Member<'s>],
        tag: &Tag,
        (mut shared, depth): (Option<&mut SharedFields>, usize),
    ) -> Union {
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
                    let ty = self.variant_type(
                        member,
                        &derived_names::variant_type(name, variant),
                        (shared.as_deref_mut(), depth),
                    );
                    UnionVariant {
                        name: variant.clone(),
                        doc: member.doc(),
                        tag_value: Some(value.clone()),
                        shape: VariantShape::Newtype(ty),
                        schema: member.pointer.clone(),
                        from_impl: false,
                        fit: Fit::default(),
                    }
                })
                .collect();
            let representation = Representation::Discriminator {
                tag: tag.property.clone(),
            };
            return Union {
                representation,
                variants,
                first_valid: false,
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
            let inline_name = derived_names::variant_type(name, variant);
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
                    self.object_sharing(
                        &inline_name,
                        rest,
                        &member.pointer,
                        depth + 1,
                        shared.as_deref_mut(),
                    )
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
                fit: Fit::default(),
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
            first_valid: false,
        }
    }

    /// Alternatives each an object with one required key of its own (`{"attached": …}`), or a
    /// single string (a variant without content): serde's external tagging.
    fn keyed(&mut self, name: &str, members: &[Member<'_>], depth: usize) -> Option<Union> {
        if members.iter().any(|m| m.is_reference() || m.refines) {
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
                    let inline_name = derived_names::variant_type(name, &variant);
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
                fit: Fit::default(),
            });
        }
        Some(Union {
            representation: Representation::External,
            variants,
            first_valid: false,
        })
    }

    /// Nothing tells the alternatives apart by a tag: each is tried, and a value is taken by the
    /// one it fits best (see [`Fit`]), ties going to the most specific. Alternatives with the same
    /// schema cannot be told apart by anything: they are one variant, and reported.
    fn untagged(
        &mut self,
        name: &str,
        (members, keyword): (&[Member<'_>], &str),
        pointer: &str,
        (mut shared, depth): (Option<&mut SharedFields>, usize),
    ) -> Union {
        let mut names = Scope::default();
        let mut ordered: Vec<(Specificity, UnionVariant)> = Vec::new();
        let fingerprints: Vec<Option<serde_json::Value>> =
            members.iter().map(fingerprint).collect();
        for (index, member) in members.iter().enumerate() {
            let twin = fingerprints[..index]
                .iter()
                .position(|earlier| earlier.is_some() && *earlier == fingerprints[index]);
            if let Some(earlier) = twin {
                self.merge_twin(members, (earlier, index), &mut ordered, pointer);
                continue;
            }
            let given = member.given_name();
            let stem = given
                .clone()
                .unwrap_or_else(|| derived_names::unnamed_variant(index));
            // Enums inside an alternative are closed: an open one would accept any value and let
            // the alternative take answers meant for another.
            self.closed_enums += 1;
            let ty = self.variant_type(
                member,
                &derived_names::variant_type(name, &stem),
                (shared.as_deref_mut(), depth),
            );
            self.closed_enums -= 1;
            let variant = match (
                member.schema.and_then(|s| s.schema_data.title.as_ref()),
                member.written,
                &ty,
            ) {
                (Some(_), ..) => stem,
                _ if member.refines => stem,
                // An inline object is named by its place; a reference or a scalar by its type.
                (None, ReferenceOr::Item(_), Type::Named { .. }) => stem,
                (None, ..) => variant_name(&ty, index),
            };
            let fit = Fit {
                object: member.parts.as_ref().map(|parts| {
                    let properties = parts.properties.keys().cloned().collect();
                    (properties, parts.required.to_vec())
                }),
                pattern: member.schema.and_then(|schema| self.string_pattern(schema)),
                values: member.schema.and_then(|schema| self.string_enum(schema)),
                member_values: self.member_values(member),
                nested: member
                    .parts
                    .as_ref()
                    .map(|parts| self.nested_fits(parts, 1))
                    .unwrap_or_default(),
                items: member
                    .schema
                    .and_then(|schema| self.items_fit(schema, 1))
                    .map(Box::new),
            };
            let specificity = self.specificity(member, &fit, index, &ty);
            ordered.push((
                specificity,
                UnionVariant {
                    name: names.claim(variant),
                    doc: member.doc(),
                    tag_value: None,
                    shape: VariantShape::Newtype(ty),
                    schema: member.pointer.clone(),
                    from_impl: false,
                    fit,
                },
            ));
        }
        // `anyOf` keeps the first alternative the value validates against, in the spec's order
        // (untyped ones last: they validate anything). `oneOf` takes the best fit, the most
        // specific first: on a tie the earlier alternative wins, and a looser one tried first
        // would take every answer a stricter one describes.
        let first_valid = keyword == "anyOf";
        if first_valid {
            ordered.sort_by_key(|(specificity, _)| (!specificity.typed, specificity.index));
        } else {
            ordered.sort_by_key(|(specificity, _)| std::cmp::Reverse(specificity.key()));
        }
        let variants = ordered.into_iter().map(|(_, variant)| variant).collect();
        Union {
            representation: Representation::Untagged,
            variants,
            first_valid,
        }
    }

    /// The alternative at `index` has the same schema as the earlier one: its name joins that
    /// variant's docs, and a warning says that nothing tells the two apart.
    fn merge_twin(
        &mut self,
        members: &[Member<'_>],
        (earlier, index): (usize, usize),
        ordered: &mut [(Specificity, UnionVariant)],
        pointer: &str,
    ) {
        let Some((_, variant)) = ordered.iter_mut().find(|(s, _)| s.index == earlier) else {
            return;
        };
        let twin = members[index]
            .given_name()
            .unwrap_or_else(|| format!("alternative {index}"));
        let note = format!(
            "The spec also lists `{twin}` here, with the same schema: nothing tells the two apart, so \
             both decode as this variant."
        );
        variant.doc = Some(match variant.doc.take() {
            Some(doc) => format!("{doc}\n\n{note}"),
            None => note,
        });
        let kept = variant.name.clone();
        self.diagnostics.warning(
            "indistinct-alternatives",
            pointer.to_owned(),
            format!(
                "alternatives {earlier} and {index} have the same schema: nothing tells them apart, \
                 so they are one variant, `{kept}`"
            ),
        );
    }

    /// The variant's type: a model made from the refined object, or the alternative's own type.
    fn variant_type(
        &mut self,
        member: &Member<'_>,
        name: &str,
        (shared, depth): (Option<&mut SharedFields>, usize),
    ) -> Type {
        match (&member.parts, member.refines) {
            (Some(parts), true) => {
                let name = self.claim(ident::camel(name));
                let object = self.object_sharing(&name, parts, &member.pointer, depth + 1, shared);
                self.add_model(Model {
                    name: name.clone(),
                    doc: member.doc(),
                    kind: ModelKind::Struct(object),
                    deprecated: None,
                    uses_deprecated: false,
                    schema: Some(member.pointer.clone()),
                    left_out: Vec::new(),
                    features: Vec::new(),
                });
                Type::Named { name, boxed: false }
            }
            _ => self.type_of(member.written, name, &member.pointer),
        }
    }

    /// The schema `schema` stands for, through references and single-member `allOf` wrappers.
    fn underlying<'s>(&'s self, schema: &'s Schema) -> Option<&'s Schema> {
        let mut schema = schema;
        for _ in 0..16 {
            if let Some(reference) = single_reference(&schema.schema_kind) {
                schema = self.component(reference)?;
            } else if let Some((_, inner)) = single_inline(&schema.schema_kind) {
                schema = inner;
            } else {
                break;
            }
        }
        Some(schema)
    }

    /// The `pattern` of a string alternative (through `allOf` wrappers and references), when
    /// Rust's `regex` reads it as written.
    fn string_pattern(&self, schema: &Schema) -> Option<String> {
        let schema = self.underlying(schema)?;
        let pattern = match &schema.schema_kind {
            SchemaKind::Type(SpecType::String(string)) => string.pattern.as_ref(),
            SchemaKind::Any(any) if any.typ.as_deref().is_none_or(|t| t == "string") => {
                any.pattern.as_ref()
            }
            _ => None,
        }?;
        regex::Regex::new(pattern).is_ok().then(|| pattern.clone())
    }

    /// The members of an object alternative that list their values (string `enum`s), with them.
    fn member_values(&self, member: &Member<'_>) -> Vec<(String, Vec<String>)> {
        member
            .parts
            .as_ref()
            .map(|parts| self.listed_members(parts))
            .unwrap_or_default()
    }

    /// The members of an object that list their values (string `enum`s), with them.
    fn listed_members(&self, parts: &ObjectParts<'_>) -> Vec<(String, Vec<String>)> {
        parts
            .properties
            .iter()
            .filter_map(|(name, property)| {
                let values = self.string_enum(self.property_schema(property)?)?;
                Some((name.clone(), values))
            })
            .collect()
    }

    /// A property's schema, a reference followed.
    fn property_schema<'p>(&'p self, property: &'p ReferenceOr<Box<Schema>>) -> Option<&'p Schema> {
        match property {
            ReferenceOr::Item(schema) => Some(schema.as_ref()),
            ReferenceOr::Reference { reference } => self.component(reference),
        }
    }

    /// What the values of an object's members that are objects or arrays are measured against,
    /// `depth` levels below the alternative (two at most: enough to tell most shapes apart).
    fn nested_fits(&self, parts: &ObjectParts<'_>, depth: usize) -> Vec<(String, Fit)> {
        parts
            .properties
            .iter()
            .filter_map(|(name, property)| {
                let fit = self.value_fit(self.property_schema(property)?, depth)?;
                Some((name.clone(), fit))
            })
            .collect()
    }

    /// What a value of `schema` (an object or an array) is measured against, `depth` levels
    /// below the alternative; `None` when there is nothing to measure.
    fn value_fit(&self, schema: &Schema, depth: usize) -> Option<Fit> {
        if depth > 2 {
            return None;
        }
        let schema = self.underlying(schema)?;
        if let Some(items) = self.items_fit(schema, depth) {
            return Some(Fit {
                items: Some(Box::new(items)),
                ..Fit::default()
            });
        }
        let parts = object_parts(&schema.schema_kind)?;
        let member_values = self.listed_members(&parts);
        Some(Fit {
            object: Some((
                parts.properties.keys().cloned().collect(),
                parts.required.to_vec(),
            )),
            member_values,
            nested: self.nested_fits(&parts, depth + 1),
            ..Fit::default()
        })
    }

    /// What each item of an array schema is measured against, when there is something.
    fn items_fit(&self, schema: &Schema, depth: usize) -> Option<Fit> {
        let schema = self.underlying(schema)?;
        let SchemaKind::Type(SpecType::Array(array)) = &schema.schema_kind else {
            return None;
        };
        let items = match array.items.as_ref()? {
            ReferenceOr::Item(schema) => schema.as_ref(),
            ReferenceOr::Reference { reference } => self.component(reference)?,
        };
        self.value_fit(items, depth + 1)
            .filter(|fit| !fit.is_empty())
    }

    /// The values a string schema lists (its `enum`, through `allOf` wrappers and references).
    fn string_enum(&self, schema: &Schema) -> Option<Vec<String>> {
        let schema = self.underlying(schema)?;
        let SchemaKind::Type(SpecType::String(string)) = &schema.schema_kind else {
            return None;
        };
        let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
        (!values.is_empty()).then_some(values)
    }

    /// How specific an alternative is, to order the variants.
    fn specificity(&self, member: &Member<'_>, fit: &Fit, index: usize, ty: &Type) -> Specificity {
        let non_nullable = member.parts.as_ref().map_or(0, |parts| {
            parts
                .properties
                .values()
                .filter(|property| !self.nullable(property))
                .count()
        });
        // A schema that says nothing of its value (no type, no keyword) takes any JSON, as an
        // untyped variant does.
        let untyped_schema = member
            .schema
            .is_some_and(|schema| match &schema.schema_kind {
                SchemaKind::Any(any) => serde_json::to_value(any)
                    .is_ok_and(|value| value.as_object().is_some_and(|o| o.is_empty())),
                _ => false,
            });
        Specificity {
            typed: *ty != Type::Value && !untyped_schema,
            pattern: fit.pattern.is_some() || fit.values.is_some(),
            object: fit
                .object
                .as_ref()
                .map(|(properties, required)| (required.len(), properties.len(), non_nullable)),
            index,
        }
    }

    /// Whether a property's schema admits `null` (`nullable: true`, here or where it refers).
    fn nullable(&self, property: &ReferenceOr<Box<Schema>>) -> bool {
        match property {
            ReferenceOr::Item(schema) => schema.schema_data.nullable,
            ReferenceOr::Reference { reference } => self
                .component(reference)
                .is_some_and(|schema| schema.schema_data.nullable),
        }
    }
}

/// How specific an untagged alternative is; more specific ones are tried first.
struct Specificity {
    /// It has a type: an untyped alternative (any JSON value) takes everything, so it goes last.
    typed: bool,
    /// A string that must match a pattern, or be one of the values it lists.
    pattern: bool,
    /// An object: its required properties, all of them, and those that cannot be `null`.
    object: Option<(usize, usize, usize)>,
    /// The alternative's place in the spec (a twin finds its variant by it).
    index: usize,
}

impl Specificity {
    fn key(&self) -> (bool, bool, Option<(usize, usize, usize)>) {
        (self.typed, self.pattern, self.object)
    }
}

/// The alternative's schema with its prose left out (titles, descriptions, examples), to find
/// alternatives that describe the same JSON; `None` for a refined alternative (its own type).
fn fingerprint(member: &Member<'_>) -> Option<serde_json::Value> {
    if member.refines {
        return None;
    }
    let mut value = serde_json::to_value(member.schema?).ok()?;
    let mut stack = vec![&mut value];
    while let Some(node) = stack.pop() {
        match node {
            serde_json::Value::Object(members) => {
                for prose in [
                    "title",
                    "description",
                    "example",
                    "examples",
                    "externalDocs",
                ] {
                    members.remove(prose);
                }
                stack.extend(members.values_mut());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    Some(value)
}

/// The object around a union refined by one alternative: the alternative's properties replace
/// the object's of the same name, the required names are united.
fn refined<'s>(
    base: &ObjectParts<'s>,
    member: Option<ObjectParts<'s>>,
    schema: Option<&'s Schema>,
) -> ObjectParts<'s> {
    let mut properties = base.properties.clone().into_owned();
    let mut required = base.required.to_vec();
    let mut additional = base.additional.clone();
    match member {
        Some(member) => {
            for (name, property) in member.properties.iter() {
                properties.insert(name.clone(), property.clone());
            }
            required.extend(member.required.iter().cloned());
            additional = member.additional.or(additional);
        }
        None => {
            let own = schema
                .map(|s| required_names(&s.schema_kind))
                .unwrap_or_default();
            required.extend(own.iter().cloned());
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    required.retain(|name| seen.insert(name.clone()));
    ObjectParts {
        properties: Cow::Owned(properties),
        required: Cow::Owned(required),
        additional,
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
        Type::Optional(inner) => variant_name(inner, index),
        Type::DateTime | Type::Date => "Date".into(),
        Type::Uuid => "Uuid".into(),
        Type::Ipv4 => "Ipv4".into(),
        Type::Ipv6 => "Ipv6".into(),
        Type::Bytes | Type::Value => format!("Variant{}", index + 1),
    }
}
