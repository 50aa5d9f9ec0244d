//! IR types and names to tokens. Generated code names everything by absolute path, so a spec type
//! called `Result`, `Option` or `Client` shadows nothing.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Type;

/// An identifier as [`crate::ident`] decided it (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The tokens of a type.
pub(crate) fn tokens(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Secret => quote!(crate::runtime::Secret),
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Value => quote!(::serde_json::Value),
        Type::Bytes => quote!(crate::runtime::FilePart),
        Type::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Type::Date => quote!(::chrono::NaiveDate),
        Type::Uuid => quote!(crate::runtime::Uuid),
        Type::Ipv4 => quote!(::std::net::Ipv4Addr),
        Type::Ipv6 => quote!(::std::net::Ipv6Addr),
        Type::Vec(item) => {
            let item = tokens(item);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Map(value) => {
            let value = tokens(value);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Type::Named { name, boxed } => {
            let name = ident(name);
            if *boxed {
                quote!(::std::boxed::Box<crate::models::#name>)
            } else {
                quote!(crate::models::#name)
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
