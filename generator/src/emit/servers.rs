//! The `servers` module of `lib.rs`: each server of the spec as a constant, or, with variables, a
//! function of them and an enum per variable that lists its values, to pass to
//! `ClientBuilder::base_url`.

use proc_macro2::TokenStream;
use quote::quote;

use super::types;
use crate::ident::{self, Scope};
use crate::ir::{Api, ServerChoice, ServerVariable};

/// The module; nothing for a spec with one server and no variables (`DEFAULT_BASE_URL` is that
/// server).
pub(super) fn module(api: &Api) -> TokenStream {
    let single = api.servers.len() == 1 && api.servers.iter().all(|s| s.variables.is_empty());
    if api.servers.is_empty() || single {
        return TokenStream::new();
    }
    let items = api.servers.iter().map(server);
    quote! {
        /// The servers the spec names, for [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
        pub mod servers {
            #( #items )*
        }
    }
}

/// One server: a constant, or a function of its variables with their enums.
fn server(server: &ServerChoice) -> TokenStream {
    let name = types::ident(&server.name);
    let what = server
        .doc
        .as_deref()
        .map(|doc| format!(": {}", doc.trim()))
        .unwrap_or_default();
    if server.variables.is_empty() {
        let url = &server.url;
        let doc = format!(" `{url}`{what}.");
        return quote! {
            #[doc = #doc]
            pub const #name: &str = #url;
        };
    }
    let enums = server
        .variables
        .iter()
        .filter(|variable| !variable.values.is_empty())
        .map(|variable| variable_enum(variable, &server.name));
    let args = server.variables.iter().map(|variable| {
        let arg = types::ident(&variable.name);
        if variable.values.is_empty() {
            quote!(#arg: &str)
        } else {
            let ty = types::ident(&variable.ty);
            quote!(#arg: #ty)
        }
    });
    let pieces = url_pieces(server);
    let defaults: Vec<String> = server
        .variables
        .iter()
        .map(|variable| format!("`{}` = `{}`", variable.wire, variable.default))
        .collect();
    let doc = format!(
        " `{}`{what}; the spec's defaults are {}.",
        server.url,
        defaults.join(", ")
    );
    quote! {
        #( #enums )*
        #[doc = #doc]
        pub fn #name(#( #args ),*) -> ::std::string::String {
            [#( #pieces ),*].concat()
        }
    }
}

/// The enum of a variable that lists its values, its default the `Default`.
fn variable_enum(variable: &ServerVariable, server: &str) -> TokenStream {
    let ty = types::ident(&variable.ty);
    let mut scope = Scope::default();
    let variants: Vec<(proc_macro2::Ident, &String)> = variable
        .values
        .iter()
        .map(|value| (types::ident(&scope.claim(ident::camel(value))), value))
        .collect();
    let items = variants.iter().map(|(name, value)| {
        let default = (**value == variable.default).then(|| quote!(#[default]));
        let doc = format!(" `{value}`");
        quote!(#[doc = #doc] #default #name,)
    });
    let arms = variants
        .iter()
        .map(|(name, value)| quote!(Self::#name => #value,));
    let derive_default = variable
        .values
        .contains(&variable.default)
        .then(|| quote!(Default,));
    let mut doc = format!(
        " The values of the variable `{}` of [`{server}`].",
        variable.wire
    );
    if let Some(what) = &variable.doc {
        doc.push(' ');
        doc.push_str(what.trim());
    }
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, #derive_default)]
        pub enum #ty { #( #items )* }
        impl #ty {
            /// The value as the URL holds it.
            pub fn as_str(self) -> &'static str {
                match self { #( #arms )* }
            }
        }
    }
}

/// The URL's literal pieces with each variable's value between them.
fn url_pieces(server: &ServerChoice) -> Vec<TokenStream> {
    let mut pieces = Vec::new();
    let mut rest = server.url.as_str();
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((wire, tail)) = after.split_once('}') else {
            break;
        };
        if !literal.is_empty() {
            pieces.push(quote!(#literal));
        }
        match server.variables.iter().find(|v| v.wire == wire) {
            Some(variable) => {
                let arg = types::ident(&variable.name);
                pieces.push(if variable.values.is_empty() {
                    quote!(#arg)
                } else {
                    quote!(#arg.as_str())
                });
            }
            None => {
                let braced = format!("{{{wire}}}");
                pieces.push(quote!(#braced));
            }
        }
        rest = tail;
    }
    if !rest.is_empty() {
        pieces.push(quote!(#rest));
    }
    pieces
}
