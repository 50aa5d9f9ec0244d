//! IR types and names to tokens. Generated code names types by absolute path (a spec type called
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

    /// `short` when the prelude's names can be written bare, `long` otherwise.
    pub(crate) fn std(self, short: TokenStream, long: TokenStream) -> TokenStream {
        if self.prelude() { short } else { long }
    }

    /// The tokens of a type.
    pub(crate) fn ty(self, ty: &Type) -> TokenStream {
        match self {
            Naming::Absolute => tokens(ty),
            Naming::Models { .. } => named(ty, &quote!(crate), self),
        }
    }
}

/// The tokens of a type.
pub(crate) fn tokens(ty: &Type) -> TokenStream {
    tokens_in(ty, &quote!(crate))
}

/// The tokens of a type named from outside its crate: `root` is the path of the crate
/// (`crate` inside it, `::my_client` in its tests and examples).
pub fn tokens_in(ty: &Type, root: &TokenStream) -> TokenStream {
    named(ty, root, Naming::Absolute)
}

fn named(ty: &Type, root: &TokenStream, naming: Naming) -> TokenStream {
    let prelude = naming.prelude();
    match ty {
        Type::String if prelude => quote!(String),
        Type::Vec(item) if prelude => {
            let item = named(item, root, naming);
            quote!(Vec<#item>)
        }
        Type::Optional(item) if prelude => {
            let item = named(item, root, naming);
            quote!(Option<#item>)
        }
        Type::Map(value) if prelude => {
            let value = named(value, root, naming);
            quote!(::std::collections::BTreeMap<String, #value>)
        }
        Type::Named { name, boxed } if naming != Naming::Absolute => {
            let name = ident(name);
            match (*boxed, prelude) {
                (false, _) => quote!(#name),
                (true, true) => quote!(Box<#name>),
                (true, false) => quote!(::std::boxed::Box<#name>),
            }
        }
        Type::String => quote!(::std::string::String),
        Type::Secret => quote!(#root::runtime::Secret),
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Value => quote!(::serde_json::Value),
        Type::Bytes => quote!(#root::runtime::FilePart),
        Type::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Type::Date => quote!(::chrono::NaiveDate),
        Type::Uuid => quote!(#root::runtime::Uuid),
        Type::Ipv4 => quote!(::std::net::Ipv4Addr),
        Type::Ipv6 => quote!(::std::net::Ipv6Addr),
        Type::Vec(item) => {
            let item = named(item, root, naming);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Optional(item) => {
            let item = named(item, root, naming);
            quote!(::std::option::Option<#item>)
        }
        Type::Map(value) => {
            let value = named(value, root, naming);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Type::Named { name, boxed } => {
            let name = ident(name);
            if *boxed {
                quote!(::std::boxed::Box<#root::models::#name>)
            } else {
                quote!(#root::models::#name)
            }
        }
    }
}

/// The type of a borrowed argument: `&str` for strings, `&T` otherwise.
pub(crate) fn borrowed(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(&str),
        other => {
            let ty = tokens(other);
            quote!(&#ty)
        }
    }
}
