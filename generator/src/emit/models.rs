//! `models.rs`: one serde type per IR model, written as text (see [`super::layout`]): objects (a
//! struct, its `decode_object!` and its `new`), string enums (an enum and its `decode_enum!`) and
//! aliases here; unions and error enums by status, with impls of their own, in
//! [`super::unions`].

use super::layout::{Doc, Printer, string};
use super::types::Naming;
use super::{doc, features};
use crate::ir::{Enumeration, Field, Model, ModelKind, Struct, Type};

/// How a model's items are marked: its feature gate, its deprecation, and where the crate's own
/// use of a deprecated item is allowed.
pub(super) struct Marks {
    cfg: Option<String>,
    deprecated: Option<String>,
    /// On the type (a field's type is deprecated).
    allow_in_type: bool,
    /// On the impls and the decoding macro (they name the deprecated type or set a deprecated
    /// field).
    allow_in_impls: bool,
}

impl Marks {
    /// The attributes of the type, after its docs.
    pub(super) fn type_attrs(&self, out: &mut Printer, derive: &str, more: &[&str]) {
        if let Some(cfg) = &self.cfg {
            out.text_line(0, cfg);
        }
        out.text_line(0, derive);
        for line in more {
            out.text_line(0, line);
        }
        if let Some(deprecated) = &self.deprecated {
            out.text_line(0, deprecated);
        }
        if self.allow_in_type {
            out.text_line(0, "#[allow(deprecated)]");
        }
    }

    /// The attributes of an impl block.
    pub(super) fn impl_attrs(&self, out: &mut Printer) {
        if let Some(cfg) = &self.cfg {
            out.text_line(0, cfg);
        }
        if self.allow_in_impls {
            out.text_line(0, "#[allow(deprecated)]");
        }
    }

    /// The attribute a decoding macro passes on to its impls, with the space after it.
    fn macro_allow(&self) -> &'static str {
        if self.allow_in_impls {
            "#[allow(deprecated)] "
        } else {
            ""
        }
    }
}

/// Write `model`'s items: its type, then its impls. `naming` is [`Naming::models`] of every model
/// of the file; `macros` the path the runtime's macros are named by (`crate::runtime`, or `crate`
/// for a vendored runtime).
pub(super) fn write(out: &mut Printer, model: &Model, naming: Naming, macros: &str) {
    let deprecated_fields = match &model.kind {
        ModelKind::Struct(object) => object.fields.iter().any(|field| field.deprecated.is_some()),
        _ => false,
    };
    // The crate's own uses of a deprecated item (a field of a deprecated type; in impls, the
    // deprecated type itself or a constructor setting a deprecated field) are not the uses the
    // attribute warns users about.
    let marks = Marks {
        cfg: features::cfg_line(&model.features),
        deprecated: doc::deprecated_line(model.deprecated.as_ref()),
        allow_in_type: model.uses_deprecated,
        allow_in_impls: model.uses_deprecated || model.deprecated.is_some() || deprecated_fields,
    };
    let docs = |out: &mut Printer, default: &str| match &model.doc {
        Some(text) => out.docs(0, &doc::escape(text)),
        None => out.docs(0, &[default]),
    };
    match &model.kind {
        ModelKind::Struct(object) => {
            docs(out, " An object of the API.");
            structure(out, &model.name, object, naming, macros, &marks);
        }
        ModelKind::Enum(enumeration) => {
            docs(out, " One of a fixed set of values.");
            string_enum(out, &model.name, enumeration, macros, &marks);
        }
        ModelKind::Alias(ty) => {
            docs(out, " A value of the API.");
            if let Some(cfg) = &marks.cfg {
                out.text_line(0, cfg);
            }
            if let Some(deprecated) = &marks.deprecated {
                out.text_line(0, deprecated);
            }
            if marks.allow_in_type {
                out.text_line(0, "#[allow(deprecated)]");
            }
            let line = Doc::Concat(vec![
                Doc::text(format!("pub type {} = ", model.name)),
                super::layout::ty(&naming.text(ty)),
                Doc::text(";"),
            ]);
            out.line(0, &line);
        }
        ModelKind::StatusEnum(variants) => super::unions::status_enum(out, model, variants, &marks),
        ModelKind::Union(union) => super::unions::union_enum(out, model, union, &marks),
    }
}

/// An object: the struct, its decoding (the runtime's `decode_object!`), and `new` when it
/// cannot derive `Default`.
fn structure(
    out: &mut Printer,
    name: &str,
    object: &Struct,
    naming: Naming,
    macros: &str,
    marks: &Marks,
) {
    let defaultable = object.fields.iter().all(|f| !f.required || f.nullable);
    let derive = if defaultable {
        "#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize)]"
    } else {
        "#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]"
    };
    marks.type_attrs(out, derive, &[]);
    if object.fields.is_empty() && object.additional.is_none() {
        out.text_line(0, &format!("pub struct {name} {{}}"));
    } else {
        out.text_line(0, &format!("pub struct {name} {{"));
        for field in &object.fields {
            struct_field(out, field, naming);
        }
        if let Some(extra) = &object.additional {
            out.text_line(1, "/// Properties the spec does not name.");
            out.text_line(1, "#[serde(flatten)]");
            let ty = naming.text(&Type::Map(Box::new(extra.ty.clone())));
            let line = Doc::Concat(vec![
                Doc::text(format!("pub {}: ", extra.field)),
                super::layout::ty(&ty),
                Doc::text(","),
            ]);
            out.line(1, &line);
        }
        out.text_line(0, "}");
    }
    decode_object(out, name, object, macros, marks);
    if !defaultable {
        constructor(out, name, object, naming, marks);
    }
}

/// A field's docs and deprecation at `indent` levels; its serde attribute's first item, the
/// wire name, when it differs from the Rust name.
pub(super) fn field_head(out: &mut Printer, indent: usize, field: &Field) -> Vec<String> {
    match &field.doc {
        Some(text) => out.docs(indent, &doc::escape(text)),
        None => out.docs(indent, &[format!(" `{}`", field.wire)]),
    }
    if let Some(deprecated) = doc::deprecated_line(field.deprecated.as_ref()) {
        out.text_line(indent, &deprecated);
    }
    let mut serde = Vec::new();
    if crate::ident::bare(&field.name) != field.wire {
        serde.push(format!("rename = {}", string(&field.wire)));
    }
    serde
}

/// A field of a struct, with what serializing it needs (its decoding is `decode_object!`'s).
fn struct_field(out: &mut Printer, field: &Field, naming: Naming) {
    let mut serde = field_head(out, 1, field);
    match (field.required, field.nullable) {
        (false, true) => {
            serde.push("skip_serializing_if = \"crate::runtime::Nullable::is_absent\"".to_owned());
        }
        (false, false) => {
            serde.push("skip_serializing_if = \"::std::option::Option::is_none\"".to_owned());
        }
        (true, _) => {}
    }
    if !serde.is_empty() {
        out.text_line(1, &format!("#[serde({})]", serde.join(", ")));
    }
    let ty = naming.text(&field.ty);
    let ty = match (field.required, field.nullable) {
        (true, false) => ty,
        (false, true) => format!("crate::runtime::Nullable<{ty}>"),
        _ => format!(
            "{}<{ty}>",
            naming.std_text("Option", "::std::option::Option")
        ),
    };
    out.line(
        1,
        &Doc::Concat(vec![
            Doc::text(format!("pub {}: ", field.name)),
            super::layout::ty(&ty),
            Doc::text(","),
        ]),
    );
}

/// An object's `Deserialize`: the runtime's `decode_object!`, given each field's wire name,
/// grouped by how it is read (required, optional, nullable; numbers leniently). Its one function
/// reads a map, each member into a local of the field's type, and builds the struct at the end;
/// serde's derive would also write a field enum with its own visitor and a sequence reader, twice
/// the code to type-check.
fn decode_object(out: &mut Printer, name: &str, object: &Struct, macros: &str, marks: &Marks) {
    const GROUPS: [&str; 6] = ["req", "opt", "null", "req_num", "opt_num", "null_num"];
    let mut groups: [Vec<Doc>; 6] = Default::default();
    for field in &object.fields {
        let number = matches!(field.ty, Type::I32 | Type::I64 | Type::F32 | Type::F64);
        let kind = match (field.required, field.nullable) {
            (true, false) => 0,
            (false, true) => 2,
            _ => 1,
        };
        let pair = Doc::text(format!("{} {}", field.name, string(&field.wire)));
        groups[kind + if number { 3 } else { 0 }].push(pair);
    }
    let mut items: Vec<Doc> = GROUPS
        .iter()
        .zip(groups)
        .filter(|(_, fields)| !fields.is_empty())
        .map(|(group, fields)| Doc::group(format!("{group}("), fields, ")"))
        .collect();
    if let Some(extra) = &object.additional {
        items.push(Doc::text(format!("extra({})", extra.field)));
    }
    // The groups are separated by spaces, not commas: each is a line of its own when broken.
    let body = Doc::Lines {
        open: format!("{}{name} {{", marks.macro_allow()),
        items,
        close: "}",
    };
    decode_macro(out, macros, "decode_object", body, marks);
}

/// `macros::which!(body);`, gated as the model is.
fn decode_macro(out: &mut Printer, macros: &str, which: &str, body: Doc, marks: &Marks) {
    if let Some(cfg) = &marks.cfg {
        out.text_line(0, cfg);
    }
    let line = Doc::Concat(vec![
        Doc::text(format!("{macros}::{which}!(")),
        body,
        Doc::text(");"),
    ]);
    out.line(0, &line);
}

/// `new(required fields…)` for a struct that cannot derive `Default`; other fields start empty.
fn constructor(out: &mut Printer, name: &str, object: &Struct, naming: Naming, marks: &Marks) {
    let into = naming.std_text("Into", "::std::convert::Into");
    let args = object
        .fields
        .iter()
        .filter(|f| f.required && !f.nullable)
        .map(|field| {
            let ty = match field.ty {
                Type::Secret => format!("impl {into}<crate::runtime::Secret>"),
                Type::String => format!("impl {into}<{}>", naming.text(&field.ty)),
                _ => naming.text(&field.ty),
            };
            Doc::text(format!("{}: {ty}", field.name))
        })
        .collect();
    let none = naming.std_text("None", "::std::option::Option::None");
    let mut values: Vec<Doc> = object
        .fields
        .iter()
        .map(|field| {
            let name = &field.name;
            Doc::text(match (field.required && !field.nullable, &field.ty) {
                (true, Type::String | Type::Secret) => format!("{name}: {name}.into()"),
                (true, _) => name.clone(),
                (false, _) if !field.required && field.nullable => {
                    format!("{name}: crate::runtime::Nullable::Absent")
                }
                (false, _) => format!("{name}: {none}"),
            })
        })
        .collect();
    if let Some(extra) = &object.additional {
        values.push(Doc::text(format!(
            "{}: ::std::collections::BTreeMap::new()",
            extra.field
        )));
    }
    marks.impl_attrs(out);
    out.text_line(0, &format!("impl {name} {{"));
    out.text_line(
        1,
        "/// A value with the required fields set and every optional field empty.",
    );
    out.line(
        1,
        &super::operations::signature("new", "", args, Doc::text("Self")),
    );
    out.line(
        2,
        &Doc::List {
            open: "Self { ".to_owned(),
            items: values,
            close: " }",
            hug: false,
            trailing: true,
        },
    );
    out.text_line(1, "}");
    out.text_line(0, "}");
}

/// A string enum; an open one keeps values this version does not know in its fallback variant
/// (`Unknown`, or `Other` where a value is called that).
fn string_enum(
    out: &mut Printer,
    name: &str,
    enumeration: &Enumeration,
    macros: &str,
    marks: &Marks,
) {
    marks.type_attrs(
        out,
        "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize)]",
        &["#[non_exhaustive]"],
    );
    out.text_line(0, &format!("pub enum {name} {{"));
    for variant in &enumeration.variants {
        out.docs(1, &[format!(" `{}`", variant.wire)]);
        out.text_line(1, &format!("#[serde(rename = {})]", string(&variant.wire)));
        out.text_line(1, &format!("{},", variant.name));
    }
    if enumeration.open {
        out.text_line(1, "/// A value this version of the crate does not know.");
        out.text_line(1, "#[serde(untagged)]");
        out.text_line(
            1,
            &format!("{}(::std::string::String),", enumeration.fallback),
        );
    }
    out.text_line(0, "}");
    let variants = enumeration
        .variants
        .iter()
        .map(|variant| Doc::text(format!("{} {}", variant.name, string(&variant.wire))))
        .collect();
    let fallback = if enumeration.open {
        format!(" {}", enumeration.fallback)
    } else {
        String::new()
    };
    let body = Doc::Concat(vec![
        Doc::List {
            open: format!("{}{name} {{ ", marks.macro_allow()),
            items: variants,
            close: " }",
            hug: false,
            trailing: true,
        },
        Doc::text(fallback),
    ]);
    decode_macro(out, macros, "decode_enum", body, marks);
}
