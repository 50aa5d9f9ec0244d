//! IR types and names to text and tokens. Generated code names types by absolute path (a spec type called
//! `Result`, `Option` or `Client` shadows nothing), except where [`Naming`] knows a shorter name
//! means the same.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Type;

/// An identifier as [`crate::ident`] decided it (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// How a file of the generated crate may name types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// By absolute path.
    Absolute,
    /// Inside `models.rs`: its models by their bare names; the names of [`PRELUDE_NAMES`] bare
    /// when `prelude` (no model takes one of them).
    Models { prelude: bool },
}

/// The names of the standard prelude that [`Naming::Models`] uses bare, and that no model may
/// take for it to do so.
const PRELUDE_NAMES: &[&str] = &[
    "String", "Vec", "Option", "Box", "Into", "None", "Some", "Ok", "Result",
];

impl Naming {
    /// The naming inside `models.rs` for these models.
    pub(crate) fn models(models: &[crate::ir::Model]) -> Self {
        let prelude = !models
            .iter()
            .any(|model| PRELUDE_NAMES.contains(&model.name.as_str()));
        Naming::Models { prelude }
    }

    /// Whether the standard prelude's names can be written bare.
    pub(crate) fn prelude(self) -> bool {
        matches!(self, Naming::Models { prelude: true })
    }

    /// `short` when the prelude's names can be written bare, `long` otherwise, as text.
    pub(crate) fn std_text(self, short: &'static str, long: &'static str) -> &'static str {
        if self.prelude() { short } else { long }
    }

    /// The text of a type.
    pub(crate) fn text(self, ty: &Type) -> String {
        named_text(ty, "crate", self)
    }
}

/// The tokens of a type.
pub(crate) fn tokens(ty: &Type) -> TokenStream {
    tokens_in(ty, &quote!(crate))
}

/// The tokens of a type named from outside its crate: `root` is the path of the crate
/// (`crate` inside it, `::my_client` in its tests and examples).
pub fn tokens_in(ty: &Type, root: &TokenStream) -> TokenStream {
    // The text is written here, so it always lexes.
    named_text(ty, &root.to_string(), Naming::Absolute)
        .parse()
        .unwrap_or_default()
}

/// The text of a type, as [`tokens`] names it.
pub(crate) fn text(ty: &Type) -> String {
    named_text(ty, "crate", Naming::Absolute)
}

/// The text of a type named with the crate at `root`, as `naming` says.
fn named_text(ty: &Type, root: &str, naming: Naming) -> String {
    let prelude = naming.prelude();
    let inner = |item: &Type| named_text(item, root, naming);
    match ty {
        Type::String if prelude => "String".to_owned(),
        Type::Vec(item) if prelude => format!("Vec<{}>", inner(item)),
        Type::Optional(item) if prelude => format!("Option<{}>", inner(item)),
        Type::Map(value) if prelude => {
            format!("::std::collections::BTreeMap<String, {}>", inner(value))
        }
        Type::Named { name, boxed } if naming != Naming::Absolute => match (*boxed, prelude) {
            (false, _) => name.clone(),
            (true, true) => format!("Box<{name}>"),
            (true, false) => format!("::std::boxed::Box<{name}>"),
        },
        Type::String => "::std::string::String".to_owned(),
        Type::Secret => format!("{root}::runtime::Secret"),
        Type::Bool => "bool".to_owned(),
        Type::I32 => "i32".to_owned(),
        Type::I64 => "i64".to_owned(),
        Type::F32 => "f32".to_owned(),
        Type::F64 => "f64".to_owned(),
        Type::Value => "::serde_json::Value".to_owned(),
        Type::Bytes => format!("{root}::runtime::FilePart"),
        Type::DateTime => "::chrono::DateTime<::chrono::FixedOffset>".to_owned(),
        Type::Date => "::chrono::NaiveDate".to_owned(),
        Type::Uuid => format!("{root}::runtime::Uuid"),
        Type::Ipv4 => "::std::net::Ipv4Addr".to_owned(),
        Type::Ipv6 => "::std::net::Ipv6Addr".to_owned(),
        Type::Vec(item) => format!("::std::vec::Vec<{}>", inner(item)),
        Type::Optional(item) => format!("::std::option::Option<{}>", inner(item)),
        Type::Map(value) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            inner(value)
        ),
        Type::Named { name, boxed } => {
            if *boxed {
                format!("::std::boxed::Box<{root}::models::{name}>")
            } else {
                format!("{root}::models::{name}")
            }
        }
    }
}

/// The text of a borrowed argument's type: `&str` for strings, `&T` otherwise.
pub(crate) fn borrowed(ty: &Type) -> String {
    match ty {
        Type::String => "&str".to_owned(),
        other => format!("&{}", text(other)),
    }
}
