//! IR types and names to tokens. Generated code names everything by absolute path, so a spec type
//! called `Result`, `Option` or `Client` shadows nothing.

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

/// The tokens of a type.
pub(crate) fn tokens(ty: &Type) -> TokenStream {
    tokens_in(ty, &quote!(crate))
}

/// The tokens of a type named from outside its crate: `root` is the path of the crate
/// (`crate` inside it, `::my_client` in its tests and examples).
pub fn tokens_in(ty: &Type, root: &TokenStream) -> TokenStream {
    match ty {
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
            let item = tokens_in(item, root);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Map(value) => {
            let value = tokens_in(value, root);
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
