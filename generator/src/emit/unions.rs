//! The models of `models.rs` with impls of their own, written as text (see [`super::layout`]):
//! unions (`oneOf` / `anyOf`) and error bodies decoded by status.

use super::layout::{Doc, Printer, string};
use super::models::Marks;
use super::{doc, types};
use crate::ir::{
    Field, Fit, Model, Representation, StatusMatch, StatusVariant, Type, Union, UnionVariant,
    VariantShape,
};

/// `::std::option::Option`, which a union's code names by path (a model may be called `Option`).
const OPTION: &str = "::std::option::Option";

/// An error body decoded by status: one variant per documented error status.
pub(super) fn status_enum(
    out: &mut Printer,
    model: &Model,
    variants: &[StatusVariant],
    marks: &Marks,
) {
    if let Some(text) = &model.doc {
        out.docs(0, &doc::escape(text));
    }
    marks.type_attrs(
        out,
        "#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]",
        &["#[serde(untagged)]"],
    );
    // Serialized as the body of its variant (a mock answers with it, a log may write it).
    out.text_line(0, &format!("pub enum {} {{", model.name));
    for variant in variants {
        let status = match variant.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(class) => format!("`{class}XX`"),
            StatusMatch::Default => "any other status".to_owned(),
        };
        let text = match &variant.doc {
            Some(doc) => format!(" {status}: {}", doc::escape(doc).join(" ").trim()),
            None => format!(" {status}."),
        };
        out.docs(1, &[text]);
        let ty = types::text(&variant.ty);
        out.line(1, &Doc::text(format!("{}({ty}),", variant.name)));
    }
    out.text_line(0, "}");
    marks.impl_attrs(out);
    out.text_line(0, &format!("impl {} {{", model.name));
    out.text_line(
        1,
        "/// Decode the body of an error answer with `status`; `None` when it is not the",
    );
    out.text_line(1, "/// documented type.");
    out.text_line(
        1,
        &format!("pub fn from_status(status: u16, body: &str) -> {OPTION}<Self> {{"),
    );
    out.text_line(2, "match status {");
    for variant in variants {
        let pattern = match variant.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(class) => format!("{}..={}", class * 100, class * 100 + 99),
            StatusMatch::Default => "_".to_owned(),
        };
        // The same rule as one shared error type: a body that fills none of the type's fields
        // is not that type, and stays text.
        let decode = Doc::Chain {
            head: Box::new(Doc::text("crate::runtime::error_json(status, body)")),
            calls: vec![Doc::call(
                ".map(",
                vec![Doc::text(format!("Self::{}", variant.name))],
            )],
        };
        arm(out, 3, &pattern, decode);
    }
    if !variants.iter().any(|v| v.status == StatusMatch::Default) {
        out.text_line(3, &format!("_ => {OPTION}::None,"));
    }
    out.text_line(2, "}");
    out.text_line(1, "}");
    out.text_line(0, "}");
}

/// A match arm `pattern => value,`, the value in a block of its own when it does not fit.
fn arm(out: &mut Printer, indent: usize, pattern: &str, value: Doc) {
    let line = Doc::Concat(vec![
        Doc::text(format!("{pattern} => ")),
        value.clone(),
        Doc::text(","),
    ]);
    if line
        .width_within(super::layout::WIDTH.saturating_sub(indent * 4))
        .is_some()
    {
        out.line(indent, &line);
    } else {
        out.text_line(indent, &format!("{pattern} => {{"));
        out.line(indent + 1, &value);
        out.text_line(indent, "}");
    }
}

/// A `oneOf` / `anyOf` as the enum `lower` shaped: serde's own tagging where it fits (internal,
/// adjacent, external, untagged), or impls of its own where each variant's type keeps its tag.
pub(super) fn union_enum(out: &mut Printer, model: &Model, union: &Union, marks: &Marks) {
    match &model.doc {
        Some(text) => out.docs(0, &doc::escape(text)),
        None => out.docs(0, &[" One of several shapes."]),
    }
    let name = &model.name;
    match &union.representation {
        Representation::Discriminator { tag } => {
            marks.type_attrs(out, "#[derive(Debug, Clone, PartialEq)]", &[]);
            variants(out, name, union);
            discriminated(out, name, union, tag, marks);
        }
        Representation::Untagged => {
            out.docs(0, &["", &decoding_rule(union)]);
            marks.type_attrs(
                out,
                "#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]",
                &["#[serde(untagged)]"],
            );
            variants(out, name, union);
            untagged(out, name, union, marks);
        }
        Representation::Internal { tag } => {
            let serde = format!("#[serde(tag = {})]", string(tag));
            marks.type_attrs(out, SERDE_DERIVE, &[&serde]);
            variants(out, name, union);
        }
        Representation::Adjacent { tag, content } => {
            let serde = format!(
                "#[serde(tag = {}, content = {})]",
                string(tag),
                string(content)
            );
            marks.type_attrs(out, SERDE_DERIVE, &[&serde]);
            variants(out, name, union);
        }
        Representation::External => {
            marks.type_attrs(out, SERDE_DERIVE, &[]);
            variants(out, name, union);
        }
    }
    conversions(out, name, &union.variants, marks);
}

/// The derive of a union serde tags.
const SERDE_DERIVE: &str =
    "#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]";

/// The sentence an untagged union's docs end with: how a value is decoded.
fn decoding_rule(union: &Union) -> String {
    let order: Vec<String> = union
        .variants
        .iter()
        .map(|variant| format!("`{}`", variant.name.trim_start_matches("r#")))
        .collect();
    if union.first_valid {
        format!(
            " Decoding keeps the first of {} that the value validates against (its enums, \
             patterns and required members hold, and it names every member); when none does, \
             the one the value fits best.",
            order.join(", ")
        )
    } else {
        format!(
            " Decoding tries {} in this order and keeps the one the value fits best; on a tie, \
             the first.",
            order.join(", ")
        )
    }
}

/// `pub enum Name { … }` with one variant per alternative.
fn variants(out: &mut Printer, name: &str, union: &Union) {
    out.text_line(0, &format!("pub enum {name} {{"));
    let serde_tagged = !matches!(
        union.representation,
        Representation::Discriminator { .. } | Representation::Untagged
    );
    for variant in &union.variants {
        match (&variant.doc, &variant.tag_value) {
            (Some(text), _) => out.docs(1, &doc::escape(text)),
            (None, Some(value)) => out.docs(1, &[format!(" `{value}`.")]),
            (None, None) => out.docs(1, &[" One of the alternatives."]),
        }
        if let Some(value) = variant.tag_value.as_ref().filter(|_| serde_tagged) {
            out.text_line(1, &format!("#[serde(rename = {})]", string(value)));
        }
        match &variant.shape {
            VariantShape::Unit => out.text_line(1, &format!("{},", variant.name)),
            VariantShape::Newtype(ty) => {
                let line = Doc::Concat(vec![
                    Doc::text(format!("{}(", variant.name)),
                    super::layout::ty(&types::text(ty)),
                    Doc::text("),"),
                ]);
                out.line(1, &line);
            }
            VariantShape::Struct(fields) => {
                out.text_line(1, &format!("{} {{", variant.name));
                for field in fields {
                    variant_field(out, field);
                }
                out.text_line(1, "},");
            }
        }
    }
    out.text_line(0, "}");
}

/// A field of a struct variant, which serde's derive reads: it carries the attributes reading
/// needs (`default`, the lenient number readers) as well as writing's.
fn variant_field(out: &mut Printer, field: &Field) {
    let mut serde = super::models::field_head(out, 2, field);
    // Numbers are read leniently (a number or a string holding one): APIs disagree with their own
    // docs about which one they send, and the reading side should accept both.
    let number = matches!(field.ty, Type::I32 | Type::I64 | Type::F32 | Type::F64);
    let lenient =
        |reader: &str| format!("deserialize_with = \"crate::runtime::lenient::{reader}\"");
    let ty = types::text(&field.ty);
    let ty = match (field.required && !field.nullable, number) {
        (true, number) => {
            if number {
                serde.push(lenient("number"));
            }
            ty
        }
        // Optional and nullable: absent, `null` or a value.
        (false, number) if !field.required && field.nullable => {
            serde.push("default".to_owned());
            if number {
                serde.push(lenient("nullable_number"));
            }
            serde.push("skip_serializing_if = \"crate::runtime::Nullable::is_absent\"".to_owned());
            format!("crate::runtime::Nullable<{ty}>")
        }
        (false, number) => {
            serde.push("default".to_owned());
            if number {
                serde.push(lenient("option_number"));
            }
            // A required but nullable field is always sent, as `null` when empty.
            if !field.required {
                serde.push("skip_serializing_if = \"::std::option::Option::is_none\"".to_owned());
            }
            format!("{OPTION}<{ty}>")
        }
    };
    if !serde.is_empty() {
        let attr = Doc::Concat(vec![
            Doc::call("#[serde(", serde.into_iter().map(Doc::text).collect()),
            Doc::text("]"),
        ]);
        out.line(2, &attr);
    }
    let line = Doc::Concat(vec![
        Doc::text(format!("{}: ", field.name)),
        super::layout::ty(&ty),
        Doc::text(","),
    ]);
    out.line(2, &line);
}

/// The first lines of a `Deserialize` impl, up to the value read as JSON.
fn deserialize_head(out: &mut Printer, name: &str) {
    out.text_line(
        0,
        &format!("impl<'de> ::serde::Deserialize<'de> for {name} {{"),
    );
    out.text_line(1, "fn deserialize<D: ::serde::Deserializer<'de>>(");
    out.text_line(2, "deserializer: D,");
    out.text_line(1, ") -> ::std::result::Result<Self, D::Error> {");
    out.text_line(
        2,
        "let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;",
    );
}

/// A union nothing tags: encoded as the variant's value, decoded by trying every alternative and
/// taking the one the value fits best (the runtime's `Alternatives`), in the order `lower` gave.
fn untagged(out: &mut Printer, name: &str, union: &Union, marks: &Marks) {
    marks.impl_attrs(out);
    deserialize_head(out, name);
    let start = if union.first_valid {
        "first_valid"
    } else {
        "new"
    };
    out.text_line(
        2,
        &format!("let mut alternatives = crate::runtime::Alternatives::{start}(&value);"),
    );
    for variant in &union.variants {
        let ty = match &variant.shape {
            VariantShape::Newtype(ty) => types::text(ty),
            // `lower` makes every untagged variant a newtype.
            VariantShape::Unit | VariantShape::Struct(_) => "()".to_owned(),
        };
        let fit = &variant.fit;
        let mut shape = shape(fit);
        // Shapes inside a shape are borrowed for `'static`: a constant makes them so.
        if !(fit.nested.is_empty() && fit.items.is_none()) {
            shape = Doc::Block(vec![
                Doc::Concat(vec![
                    Doc::text("const SHAPE: crate::runtime::Shape = "),
                    shape,
                    Doc::text(";"),
                ]),
                Doc::text("SHAPE"),
            ]);
        }
        let decoded = Doc::Chain {
            head: Box::new(Doc::text(format!(
                "<{ty} as ::serde::Deserialize>::deserialize(value)"
            ))),
            calls: vec![Doc::text(format!(".map(Self::{})", variant.name))],
        };
        // The closure on one line when it fits as an argument (three levels in, with its comma),
        // else its body in a block.
        let inline = Doc::Concat(vec![Doc::text("|value| "), decoded.clone()]);
        let decode = if inline
            .width_within(super::layout::WIDTH - 3 * 4 - 1)
            .is_some()
        {
            inline
        } else {
            Doc::Concat(vec![Doc::text("|value| "), Doc::Block(vec![decoded])])
        };
        let offer = Doc::Concat(vec![
            Doc::call(
                "alternatives.offer(",
                vec![Doc::text(string(&variant.name)), shape, decode],
            ),
            Doc::text(";"),
        ]);
        out.line(2, &offer);
    }
    out.text_line(2, &format!("alternatives.finish({})", string(name)));
    out.text_line(1, "}");
    out.text_line(0, "}");
}

/// The runtime `Shape` a value is measured against for an alternative, as a constant expression.
fn shape(fit: &Fit) -> Doc {
    let strings = |values: &[String]| -> Vec<Doc> {
        values
            .iter()
            .map(|value| Doc::text(string(value)))
            .collect()
    };
    let base = match (&fit.object, &fit.pattern) {
        (Some((properties, required)), _) => Doc::call(
            "crate::runtime::Shape::object(",
            vec![
                Doc::array("&[", strings(properties)),
                Doc::array("&[", strings(required)),
            ],
        ),
        (None, None) if fit.values.is_some() => Doc::call(
            "crate::runtime::Shape::values(",
            vec![Doc::array(
                "&[",
                strings(fit.values.as_deref().unwrap_or_default()),
            )],
        ),
        (None, Some(pattern)) => Doc::Block(vec![
            Doc::Lines {
                open: "fn matches(text: &str) -> bool {".to_owned(),
                items: vec![
                    Doc::Concat(vec![
                        Doc::text("static PATTERN: crate::runtime::pattern::Pattern = "),
                        Doc::call(
                            "crate::runtime::pattern::Pattern::new(",
                            vec![Doc::text(string(pattern))],
                        ),
                        Doc::text(";"),
                    ]),
                    Doc::text("PATTERN.matches(text)"),
                ],
                close: "}",
            },
            Doc::text("crate::runtime::Shape::pattern(matches)"),
        ]),
        (None, None) => Doc::text("crate::runtime::Shape::ANY"),
    };
    let mut calls = Vec::new();
    if !fit.member_values.is_empty() {
        let listed = fit
            .member_values
            .iter()
            .map(|(name, values)| {
                Doc::call(
                    "(",
                    vec![Doc::text(string(name)), Doc::array("&[", strings(values))],
                )
            })
            .collect();
        calls.push(Doc::call(".member_values(", vec![Doc::array("&[", listed)]));
    }
    if !fit.nested.is_empty() {
        let nested = fit
            .nested
            .iter()
            .map(|(name, fit)| Doc::call("(", vec![Doc::text(string(name)), shape(fit)]))
            .collect();
        calls.push(Doc::call(".nested(", vec![Doc::array("&[", nested)]));
    }
    if let Some(items) = &fit.items {
        calls.push(Doc::call(
            ".items(",
            vec![Doc::Concat(vec![Doc::text("&"), shape(items)])],
        ));
    }
    if calls.is_empty() {
        base
    } else {
        Doc::Chain {
            head: Box::new(base),
            calls,
        }
    }
}

/// `From` each type that one variant alone holds (as `lower` marked them).
fn conversions(out: &mut Printer, name: &str, variants: &[UnionVariant], marks: &Marks) {
    for variant in variants.iter().filter(|variant| variant.from_impl) {
        let VariantShape::Newtype(ty) = &variant.shape else {
            continue;
        };
        // A boxed (recursive) variant converts from the value itself.
        let (from, value) = match ty {
            Type::Named { name, boxed: true } => (
                types::text(&Type::Named {
                    name: name.clone(),
                    boxed: false,
                }),
                "::std::boxed::Box::new(value)",
            ),
            _ => (types::text(ty), "value"),
        };
        marks.impl_attrs(out);
        let head = format!("impl ::std::convert::From<{from}>");
        if head.len() + name.len() + 7 <= super::layout::WIDTH {
            out.text_line(0, &format!("{head} for {name} {{"));
        } else {
            out.text_line(0, &head);
            out.text_line(0, &format!("for {name} {{"));
        }
        out.line(1, &Doc::text(format!("fn from(value: {from}) -> Self {{")));
        out.text_line(2, &format!("Self::{}({value})", variant.name));
        out.text_line(1, "}");
        out.text_line(0, "}");
    }
}

/// A union whose variants' own types hold the tag: decoded by the tag's value, encoded with the
/// variant's own tag value (whatever the inner value's field says, or when it has none).
fn discriminated(out: &mut Printer, name: &str, union: &Union, tag: &str, marks: &Marks) {
    marks.impl_attrs(out);
    out.text_line(0, &format!("impl ::serde::Serialize for {name} {{"));
    out.text_line(1, "fn serialize<S: ::serde::Serializer>(");
    out.text_line(2, "&self,");
    out.text_line(2, "serializer: S,");
    out.text_line(1, ") -> ::std::result::Result<S::Ok, S::Error> {");
    out.text_line(2, "let (tag, value) = match self {");
    for variant in &union.variants {
        let value = variant.tag_value.as_deref().unwrap_or(&variant.name);
        out.line(
            3,
            &Doc::Concat(vec![
                Doc::text(format!("Self::{}(inner) => ", variant.name)),
                Doc::call(
                    "(",
                    vec![
                        Doc::text(string(value)),
                        Doc::text("::serde_json::to_value(inner)"),
                    ],
                ),
                Doc::text(","),
            ]),
        );
    }
    out.text_line(2, "};");
    out.text_line(
        2,
        "let mut value = value.map_err(::serde::ser::Error::custom)?;",
    );
    out.text_line(
        2,
        "if let ::serde_json::Value::Object(members) = &mut value {",
    );
    out.line(
        3,
        &Doc::Concat(vec![
            Doc::call(
                "members.insert(",
                vec![
                    Doc::text(format!("::std::string::String::from({})", string(tag))),
                    Doc::text("::serde_json::Value::from(tag)"),
                ],
            ),
            Doc::text(";"),
        ]),
    );
    out.text_line(2, "}");
    out.text_line(2, "::serde::Serialize::serialize(&value, serializer)");
    out.text_line(1, "}");
    out.text_line(0, "}");
    marks.impl_attrs(out);
    deserialize_head(out, name);
    out.line(
        2,
        &Doc::Concat(vec![
            Doc::text("match "),
            Doc::Chain {
                head: Box::new(Doc::text(format!("value.get({})", string(tag)))),
                calls: vec![Doc::text(".and_then(::serde_json::Value::as_str)")],
            },
            Doc::text(" {"),
        ]),
    );
    let custom = |message: String| {
        Doc::call(
            "::std::result::Result::Err(",
            vec![Doc::call(
                "::serde::de::Error::custom(",
                vec![Doc::text(message)],
            )],
        )
    };
    for variant in &union.variants {
        let Some(value) = &variant.tag_value else {
            continue;
        };
        let decode = Doc::Chain {
            head: Box::new(Doc::text("::serde_json::from_value(value)")),
            calls: vec![
                Doc::text(format!(".map(Self::{})", variant.name)),
                Doc::text(".map_err(::serde::de::Error::custom)"),
            ],
        };
        arm(
            out,
            3,
            &format!("{OPTION}::Some({})", string(value)),
            decode,
        );
    }
    // The tag is text inside a format string: its braces are doubled.
    let braced = tag.replace('{', "{{").replace('}', "}}");
    let unknown = format!(
        "::std::format!({})",
        string(&format!("unknown `{braced}` value `{{other}}`"))
    );
    arm(out, 3, &format!("{OPTION}::Some(other)"), custom(unknown));
    arm(
        out,
        3,
        &format!("{OPTION}::None"),
        custom(string(&format!("missing `{tag}`"))),
    );
    out.text_line(2, "}");
    out.text_line(1, "}");
    out.text_line(0, "}");
}
