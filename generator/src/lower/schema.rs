//! Schemas to Rust types: named component schemas become models, inline ones get names from where
//! they stand, and recursive uses are boxed.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type as SpecType, VariantOrUnknownOrEmpty,
};

use super::derived_names;
use super::shape::{
    Composite, ObjectParts, composite, object_parts, own_parts, single_inline, single_reference,
    string_enum, union_base,
};
use crate::diag::{Diagnostic, Diagnostics, Skipped};
use crate::ident::{self, Scope};
use crate::ir::{Access, Additional, Enumeration, Field, Model, ModelKind, Struct, Type, Variant};
use crate::pointer::child;

/// Deepest schema nesting followed before giving up with a diagnostic (keeps the stack bounded).
const MAX_DEPTH: usize = 64;

/// The properties of the object around a union (`{properties: …, oneOf: […]}`), whose types
/// are lowered once, named after the union and found at the object's own place, the first time
/// a variant keeps one as the object writes it.
pub(crate) struct SharedFields {
    /// The union's name.
    name: String,
    /// The object's place.
    pointer: String,
    /// Wire name → the property as the object writes it.
    properties: indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    /// The types lowered so far.
    types: BTreeMap<String, Type>,
}

impl SharedFields {
    /// The properties of `base`, the object around the union `name` at `pointer`.
    pub(crate) fn new(name: &str, base: &ObjectParts<'_>, pointer: &str) -> Self {
        Self {
            name: name.to_owned(),
            pointer: pointer.to_owned(),
            properties: base.properties.clone().into_owned(),
            types: BTreeMap::new(),
        }
    }
}

/// The model table being built, and the names taken so far.
pub(crate) struct Schemas<'a> {
    spec: &'a OpenAPI,
    pub diagnostics: &'a mut Diagnostics,
    models: BTreeMap<String, Model>,
    names: Scope,
    /// Component schema name → Rust name, decided before any schema is lowered.
    component_names: BTreeMap<String, String>,
    /// Above zero while lowering an alternative of an untagged union: its string enums are closed.
    pub(crate) closed_enums: usize,
}

impl<'a> Schemas<'a> {
    pub(crate) fn new(spec: &'a OpenAPI, diagnostics: &'a mut Diagnostics) -> Self {
        let mut names = Scope::default();
        let mut component_names = BTreeMap::new();
        if let Some(components) = &spec.components {
            let mut keys: Vec<&String> = components.schemas.keys().collect();
            keys.sort();
            for key in keys {
                component_names.insert(key.clone(), names.claim(ident::camel(key)));
            }
        }
        Self {
            spec,
            diagnostics,
            models: BTreeMap::new(),
            names,
            component_names,
            closed_enums: 0,
        }
    }

    /// Claim a fresh type name for an inline schema.
    pub(crate) fn claim(&mut self, name: String) -> String {
        self.names.claim(name)
    }

    /// Lower every component schema into a model.
    pub(crate) fn lower_components(&mut self) {
        let spec = self.spec;
        let Some(components) = &spec.components else {
            return;
        };
        let mut entries: Vec<_> = components.schemas.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, schema) in entries {
            let Some(name) = self.component_names.get(key).cloned() else {
                continue;
            };
            let pointer = child("/components/schemas", key);
            let model = match schema {
                ReferenceOr::Item(schema) => self.model(&name, schema, &pointer, 0),
                ReferenceOr::Reference { reference } => {
                    let ty = self.reference(reference, &pointer);
                    Model {
                        name: name.clone(),
                        doc: None,
                        kind: ModelKind::Alias(ty),
                        deprecated: None,
                        uses_deprecated: false,
                        schema: Some(pointer.clone()),
                        left_out: Vec::new(),
                        features: Vec::new(),
                    }
                }
            };
            self.models.insert(name, model);
        }
    }

    /// Add a model built elsewhere (its name must have been claimed here).
    pub(crate) fn add_model(&mut self, model: Model) {
        self.models.insert(model.name.clone(), model);
    }

    /// The model named `name`, if it has been lowered.
    pub(crate) fn model_named(&self, name: &str) -> Option<&Model> {
        self.models.get(name)
    }

    /// The finished models, sorted by name, with recursive fields boxed.
    pub(crate) fn finish(self) -> Vec<Model> {
        let mut models = self.models;
        for name in self_expanding_aliases(&models) {
            let key = self
                .component_names
                .iter()
                .find(|(_, rust)| **rust == name)
                .map(|(key, _)| key.clone());
            self.diagnostics.push(Diagnostic::warning(
                "unsupported-construct",
                key.map(|key| child("/components/schemas", &key)).unwrap_or_default(),
                format!("`{name}` is an array or map of itself, which a Rust type alias cannot be; typed as serde_json::Value"),
            ));
            if let Some(model) = models.get_mut(&name) {
                model.kind = ModelKind::Alias(Type::Value);
            }
        }
        box_recursive_fields(&mut models);
        models.into_values().collect()
    }

    /// The Rust type of a schema at `pointer`; `name` names it if it must become a model.
    pub(crate) fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        name: &str,
        pointer: &str,
    ) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline(schema, name, pointer, 0),
        }
    }

    pub(crate) fn boxed_type_of(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        name: &str,
        pointer: &str,
        depth: usize,
    ) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline(schema, name, pointer, depth),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> Type {
        if !reference.starts_with('#') {
            // Another file: already reported by the reference check.
            return Type::Value;
        }
        let key = super::component_key(reference, "schemas");
        match key.and_then(|key| self.component_names.get(&key)) {
            Some(name) => Type::Named {
                name: name.clone(),
                boxed: false,
            },
            None => {
                self.diagnostics.push(Diagnostic::skipped(
                    Skipped::Schema,
                    child(pointer, "$ref"),
                    format!(
                        "`{reference}` does not name a schema under #/components/schemas; \
                         typed as serde_json::Value"
                    ),
                ));
                Type::Value
            }
        }
    }

    /// A named model for `schema`.
    fn model(&mut self, name: &str, schema: &Schema, pointer: &str, depth: usize) -> Model {
        let doc = schema
            .schema_data
            .description
            .clone()
            .or(schema.schema_data.title.clone());
        let kind = if let Some(reference) = single_reference(&schema.schema_kind) {
            ModelKind::Alias(self.reference(reference, pointer))
        } else if let Some(parts) = self.parts_of(schema, pointer) {
            ModelKind::Struct(self.object(name, &parts, pointer, depth))
        } else if string_enum(&schema.schema_kind).is_some_and(|values| values.is_empty()) {
            // `enum: [null]`: a value that is always `null`, which any JSON value holds.
            ModelKind::Alias(Type::Value)
        } else if let Some(values) = string_enum(&schema.schema_kind) {
            let (variants, fallback) = variants(&values);
            ModelKind::Enum(Enumeration {
                variants,
                open: self.closed_enums == 0,
                fallback,
            })
        } else if let Some(Composite::Any(members, keyword)) = composite(&schema.schema_kind) {
            let discriminator = schema.schema_data.discriminator.as_ref();
            let base = union_base(&schema.schema_kind);
            ModelKind::Union(self.union(
                name,
                (members, keyword),
                discriminator,
                base.as_ref(),
                pointer,
                depth,
            ))
        } else {
            ModelKind::Alias(self.scalar(schema, name, pointer, depth))
        };
        let deprecated = super::deprecation::deprecation(
            schema.schema_data.deprecated,
            schema.schema_data.description.as_deref(),
        );
        Model {
            name: name.to_owned(),
            doc,
            kind,
            deprecated,
            uses_deprecated: false,
            schema: Some(pointer.to_owned()),
            left_out: Vec::new(),
            features: Vec::new(),
        }
    }

    /// The object a schema describes: its own properties, or its `allOf` merged.
    pub(crate) fn parts_of<'s>(
        &mut self,
        schema: &'s Schema,
        pointer: &str,
    ) -> Option<ObjectParts<'s>> {
        match composite(&schema.schema_kind) {
            Some(Composite::All(members)) => {
                self.merge_all_of(members, own_parts(&schema.schema_kind), pointer)
            }
            _ => object_parts(&schema.schema_kind),
        }
    }

    /// The schema a `#/components/schemas/…` reference names, following reference chains.
    pub(crate) fn component(&self, reference: &str) -> Option<&'a Schema> {
        let spec: &'a OpenAPI = self.spec;
        let schemas = &spec.components.as_ref()?.schemas;
        let mut reference = reference.to_owned();
        for _ in 0..MAX_DEPTH {
            let key = super::component_key(&reference, "schemas")?;
            match schemas.get(&key)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next.clone(),
            }
        }
        None
    }

    /// The type of an inline schema; objects and enums become models named `name`.
    fn inline(&mut self, schema: &Schema, name: &str, pointer: &str, depth: usize) -> Type {
        if depth > MAX_DEPTH {
            self.diagnostics.push(Diagnostic::error(
                "too-deep",
                pointer.to_owned(),
                format!("schemas nested more than {MAX_DEPTH} deep; typed as serde_json::Value"),
            ));
            return Type::Value;
        }
        if let Some(reference) = single_reference(&schema.schema_kind) {
            return self.reference(reference, pointer);
        }
        if let Some((index, member)) = single_inline(&schema.schema_kind) {
            let member_pointer = child(&child(pointer, "allOf"), &index.to_string());
            return self.inline(member, name, &member_pointer, depth + 1);
        }
        let named = match composite(&schema.schema_kind) {
            Some(Composite::Any(..)) => true,
            Some(Composite::All(members)) => {
                // Merged here only to decide; `model` merges again (and reports) when it is one.
                let was_muted = self.diagnostics.mute();
                let own = own_parts(&schema.schema_kind);
                let mergeable = self.merge_all_of(members, own, pointer).is_some();
                self.diagnostics.unmute(was_muted);
                mergeable
            }
            None => {
                object_parts(&schema.schema_kind).is_some_and(|parts| !parts.properties.is_empty())
                    || string_enum(&schema.schema_kind).is_some()
            }
        };
        if !named {
            return self.scalar(schema, name, pointer, depth);
        }
        let name = self.claim(ident::camel(name));
        let model = self.model(&name, schema, pointer, depth + 1);
        self.models.insert(name.clone(), model);
        Type::Named { name, boxed: false }
    }

    pub(crate) fn object(
        &mut self,
        name: &str,
        parts: &ObjectParts<'_>,
        pointer: &str,
        depth: usize,
    ) -> Struct {
        self.object_sharing(name, parts, pointer, depth, None)
    }

    /// The struct of `parts`; a property `shared` already has a type for, written as it has it,
    /// takes that type (the object around a union, lowered once for all its variants).
    pub(crate) fn object_sharing(
        &mut self,
        name: &str,
        parts: &ObjectParts<'_>,
        pointer: &str,
        depth: usize,
        mut shared: Option<&mut SharedFields>,
    ) -> Struct {
        let mut fields = Vec::new();
        let mut scope = Scope::default();
        for (wire, property) in parts.properties.iter() {
            let ty = match shared.as_deref_mut() {
                Some(shared) if shared.properties.get(wire) == Some(property) => {
                    self.shared_field(shared, wire, depth)
                }
                _ => {
                    let field_pointer = child(&child(pointer, "properties"), wire);
                    let inline_name = derived_names::member_type(name, wire);
                    self.boxed_type_of(property, &inline_name, &field_pointer, depth + 1)
                }
            };
            let (nullable, doc, deprecated, access) = match property {
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    let deprecated = super::deprecation::deprecation(
                        data.deprecated,
                        data.description.as_deref(),
                    );
                    (data.nullable, field_doc(data), deprecated, access(data))
                }
                // A schema that allows `null` (or is read-only) is so wherever it is referred to.
                ReferenceOr::Reference { reference } => {
                    let data = self.component(reference).map(|schema| &schema.schema_data);
                    let nullable = data.is_some_and(|data| data.nullable);
                    (nullable, None, None, data.map(access).unwrap_or_default())
                }
            };
            fields.push(Field {
                name: scope.claim(ident::snake(wire)),
                wire: wire.clone(),
                ty,
                required: parts.required.contains(wire),
                nullable,
                access,
                doc,
                deprecated,
            });
        }
        let ty = match parts.additional.as_deref() {
            Some(AdditionalProperties::Any(true)) => Some(Type::Value),
            Some(AdditionalProperties::Schema(schema)) => {
                let extra_pointer = child(pointer, "additionalProperties");
                Some(self.type_of(schema, &derived_names::value_type(name), &extra_pointer))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        // The properties are the spec's names: they keep theirs, the map takes what is left.
        let additional = ty.map(|ty| Additional {
            field: scope.claim(derived_names::ADDITIONAL_FIELD.to_owned()),
            ty,
        });
        Struct { fields, additional }
    }

    /// The type of the object's property `wire`, lowered the first time it is asked for.
    fn shared_field(&mut self, shared: &mut SharedFields, wire: &str, depth: usize) -> Type {
        if let Some(ty) = shared.types.get(wire) {
            return ty.clone();
        }
        let Some(property) = shared.properties.get(wire) else {
            return Type::Value;
        };
        let field_pointer = child(&child(&shared.pointer, "properties"), wire);
        let inline_name = derived_names::member_type(&shared.name, wire);
        let ty = self.boxed_type_of(property, &inline_name, &field_pointer, depth + 1);
        shared.types.insert(wire.to_owned(), ty.clone());
        ty
    }

    /// An array of `items` (of untyped values without them).
    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        name: &str,
        pointer: &str,
        depth: usize,
    ) -> Type {
        let item = match items {
            Some(items) => {
                let items_pointer = child(pointer, "items");
                self.boxed_type_of(
                    items,
                    &derived_names::item_type(name),
                    &items_pointer,
                    depth + 1,
                )
            }
            None => Type::Value,
        };
        let item = match items {
            Some(items) => self.or_null(items, item),
            None => item,
        };
        Type::Vec(Box::new(item))
    }

    /// `ty`, an `Option` of it when `schema` allows `null` (an array item or map value; a field's
    /// `null` is its own `Option` or `Nullable`). Any JSON value holds `null` already.
    fn or_null<T: std::borrow::Borrow<Schema>>(&self, schema: &ReferenceOr<T>, ty: Type) -> Type {
        let nullable = match schema {
            ReferenceOr::Item(schema) => schema.borrow().schema_data.nullable,
            ReferenceOr::Reference { reference } => self
                .component(reference)
                .is_some_and(|schema| schema.schema_data.nullable),
        };
        match ty {
            Type::Value => ty,
            ty if nullable => Type::Optional(Box::new(ty)),
            ty => ty,
        }
    }

    /// Types that are not models: scalars, arrays, maps and untyped values.
    fn scalar(&mut self, schema: &Schema, name: &str, pointer: &str, depth: usize) -> Type {
        match &schema.schema_kind {
            SchemaKind::Type(SpecType::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Type::Secret,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Type::Bytes,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                VariantOrUnknownOrEmpty::Unknown(format) => any_scalar("string", Some(format)),
                _ => Type::String,
            },
            SchemaKind::Type(SpecType::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Type::I32,
                _ => Type::I64,
            },
            SchemaKind::Type(SpecType::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Type::F32,
                _ => Type::F64,
            },
            SchemaKind::Type(SpecType::Boolean(_)) => Type::Bool,
            SchemaKind::Type(SpecType::Array(array)) => {
                self.array(array.items.as_ref(), name, pointer, depth)
            }
            SchemaKind::Type(SpecType::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(extra)) => {
                    let extra_pointer = child(pointer, "additionalProperties");
                    let value =
                        self.type_of(extra, &derived_names::value_type(name), &extra_pointer);
                    Type::Map(Box::new(self.or_null(extra, value)))
                }
                _ => Type::Map(Box::new(Type::Value)),
            },
            SchemaKind::Any(any) if any.typ.is_none() && any.items.is_none() => Type::Value,
            // A typed schema with a keyword that does not belong to its type (Kubernetes puts
            // `uniqueItems` on booleans): openapiv3 cannot read it as that type; the type still
            // says what the value is.
            SchemaKind::Any(any)
                if any
                    .typ
                    .as_deref()
                    .is_some_and(|t| t != "array" && t != "object") =>
            {
                any_scalar(
                    any.typ.as_deref().unwrap_or_default(),
                    any.format.as_deref(),
                )
            }
            SchemaKind::Any(any) if any.typ.as_deref() == Some("array") || any.items.is_some() => {
                self.array(any.items.as_ref(), name, pointer, depth)
            }
            other => {
                self.diagnostics.push(Diagnostic::warning(
                    "unsupported-construct",
                    pointer.to_owned(),
                    format!(
                        "{} is not supported yet; typed as serde_json::Value",
                        describe(other)
                    ),
                ));
                Type::Value
            }
        }
    }
}

/// The type of a scalar schema that openapiv3 read as "any" (see [`Schemas::scalar`]).
fn any_scalar(ty: &str, format: Option<&str>) -> Type {
    match (ty, format) {
        ("string", Some("password")) => Type::Secret,
        ("string", Some("date-time")) => Type::DateTime,
        ("string", Some("date")) => Type::Date,
        ("string", Some("binary")) => Type::Bytes,
        ("string", Some("uuid")) => Type::Uuid,
        ("string", Some("ipv4")) => Type::Ipv4,
        ("string", Some("ipv6")) => Type::Ipv6,
        ("integer", Some("int32")) => Type::I32,
        ("integer", _) => Type::I64,
        ("number", Some("float")) => Type::F32,
        ("number", _) => Type::F64,
        ("boolean", _) => Type::Bool,
        ("string", _) => Type::String,
        _ => Type::Value,
    }
}

/// A field's rustdoc: its description, then what the schema says about it that the type does not.
fn field_doc(data: &openapiv3::SchemaData) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(default) = &data.default {
        notes.push(format!("Default: `{default}`."));
    }
    if data.read_only {
        notes.push("Read-only: set by the server, ignored in requests.".to_owned());
    }
    if data.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_owned());
    }
    let parts: Vec<String> = data
        .description
        .iter()
        .cloned()
        .chain((!notes.is_empty()).then(|| notes.join(" ")))
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn describe(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::OneOf { .. } => "`oneOf`",
        SchemaKind::AllOf { .. } => "`allOf`",
        SchemaKind::AnyOf { .. } => "`anyOf`",
        SchemaKind::Not { .. } => "`not`",
        SchemaKind::Any(_) | SchemaKind::Type(_) => "this combination of schema keywords",
    }
}

/// Who writes a property, by its `readOnly` and `writeOnly` (both set: nobody, so both sides).
fn access(data: &openapiv3::SchemaData) -> Access {
    match (data.read_only, data.write_only) {
        (true, false) => Access::ReadOnly,
        (false, true) => Access::WriteOnly,
        _ => Access::ReadWrite,
    }
}

/// An enum's variants, each value's name its own (a value `unknown` is `Unknown`), and the name
/// of the fallback variant: `Unknown`, else `Other`, else one made unique.
fn variants(values: &[String]) -> (Vec<Variant>, String) {
    let mut scope = Scope::default();
    let variants: Vec<Variant> = values
        .iter()
        .map(|wire| Variant {
            name: scope.claim(ident::camel(wire)),
            wire: wire.clone(),
        })
        .collect();
    let taken = |name: &str| variants.iter().any(|variant| variant.name == name);
    let fallback = [crate::ir::FALLBACK, "Other"]
        .into_iter()
        .find(|name| !taken(name))
        .map(str::to_owned)
        .unwrap_or_else(|| scope.claim(crate::ir::FALLBACK.to_owned()));
    (variants, fallback)
}

/// Aliases whose type, expanded through other aliases, contains the alias itself
/// (`type A = Vec<A>`): infinite in Rust, whatever the container.
fn self_expanding_aliases(models: &BTreeMap<String, Model>) -> Vec<String> {
    let aliases: BTreeMap<&String, BTreeSet<String>> = models
        .iter()
        .filter_map(|(name, model)| match &model.kind {
            ModelKind::Alias(ty) => Some((name, named_in(ty))),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for (name, uses) in &aliases {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = uses.iter().cloned().collect();
        while let Some(next) = stack.pop() {
            if &next == *name {
                found.push((*name).clone());
                break;
            }
            if seen.insert(next.clone()) {
                if let Some(more) = aliases.get(&next) {
                    stack.extend(more.iter().cloned());
                }
            }
        }
    }
    found
}

/// Every model named anywhere inside `ty`.
fn named_in(ty: &Type) -> BTreeSet<String> {
    match ty {
        Type::Named { name, .. } => BTreeSet::from([name.clone()]),
        Type::Vec(inner) | Type::Map(inner) | Type::Optional(inner) => named_in(inner),
        _ => BTreeSet::new(),
    }
}

/// Box every struct field whose named type leads back to the struct without passing through a
/// `Vec` or map (which already give the indirection a recursive type needs).
fn box_recursive_fields(models: &mut BTreeMap<String, Model>) {
    let edges: BTreeMap<String, BTreeSet<String>> = models
        .iter()
        .map(|(name, model)| (name.clone(), direct_uses(&model.kind)))
        .collect();
    for (name, model) in models.iter_mut() {
        let types: Vec<&mut Type> = match &mut model.kind {
            ModelKind::Struct(object) => object
                .fields
                .iter_mut()
                .map(|field| &mut field.ty)
                .collect(),
            ModelKind::Union(union) => union
                .variants
                .iter_mut()
                .flat_map(|variant| variant.shape.types_mut())
                .collect(),
            _ => continue,
        };
        for ty in types {
            if let Type::Named {
                name: target,
                boxed,
            } = ty
            {
                if reaches(&edges, target, name) {
                    *boxed = true;
                }
            }
        }
    }
}

fn direct_uses(kind: &ModelKind) -> BTreeSet<String> {
    match kind {
        ModelKind::Struct(object) => object
            .fields
            .iter()
            .filter_map(|field| match &field.ty {
                Type::Named { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect(),
        ModelKind::Alias(Type::Named { name, .. }) => BTreeSet::from([name.clone()]),
        ModelKind::Union(union) => union
            .variants
            .iter()
            .flat_map(|variant| variant.shape.types())
            .filter_map(|ty| match ty {
                Type::Named { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect(),
        ModelKind::Alias(_) | ModelKind::Enum(_) | ModelKind::StatusEnum(_) => BTreeSet::new(),
    }
}

/// Whether `to` is reachable from `from` along direct uses (iterative, so deep graphs are fine).
fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node.clone()) {
            stack.extend(edges.get(&node).into_iter().flatten().cloned());
        }
    }
    false
}
