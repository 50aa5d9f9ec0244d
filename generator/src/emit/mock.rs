//! `mock.rs` (behind the crate's `mock` feature): a typed mock of every operation, on the
//! runtime's `mock` module.
//!
//! The file declares the crate's `MockServer` (`mock_server!`), then, for each operation, a
//! method of `MockServer` named as the client's and a type of the operation's own whose methods
//! take its parameter, body, answer and error types. What every such type has (an error answer, a
//! delay, a dropped connection, how many calls) comes from the runtime's `mock_operation!`; what
//! differs per operation is written here, with the same builder calls the client's method makes,
//! so a mock expects a value written exactly as the client sends it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::{PathPiece, body_expr, param_call, path_piece, success_type};
use super::{CrateConfig, features, types};
use crate::ident::{self, Scope};
use crate::ir::{Api, Operation, Param, Response, Type};

/// Names the file uses unqualified: no operation's mock type may take them.
const TYPES_USED: &[&str] = &[
    "API",
    "Client",
    "ClientBuilder",
    "MockServer",
    "Mock",
    "Operation",
    "Scheme",
    "Event",
    "EventStream",
    "Parts",
    "PathStyle",
    "Request",
    "Download",
];

/// The methods `mock_server!` gives `MockServer`: an operation of the same name gets its mock
/// method under another.
const SERVER_METHODS: &[&str] = &[
    "start",
    "uri",
    "builder",
    "client",
    "take_unmatched",
    "received",
];

/// The methods every operation's mock has (from `mock_operation!`, and `ok`, `events` and `body`
/// written here): a parameter of the same name gets its method under another.
const MOCK_METHODS: &[&str] = &[
    "error",
    "raw",
    "header",
    "body_field",
    "delay",
    "drop_connection",
    "times",
    "up_to",
    "mount",
    "ok",
    "events",
    "body",
];

/// The names one operation's mock goes by.
pub(super) struct Names {
    /// The mock's type, e.g. `GetDevice`.
    ty: String,
    /// `MockServer`'s method, e.g. `get_device`.
    method: String,
}

/// The names of every operation's mock, in the order of `operations`.
pub(super) fn names(operations: &[Operation]) -> Vec<Names> {
    let mut types = Scope::with_reserved(TYPES_USED);
    let mut methods = Scope::with_reserved(SERVER_METHODS);
    operations
        .iter()
        .map(|op| {
            let bare = ident::bare(&op.name);
            let method = if SERVER_METHODS.contains(&bare) {
                format!("{bare}_operation")
            } else {
                op.name.clone()
            };
            Names {
                ty: types.claim(ident::camel(bare)),
                method: methods.claim(method),
            }
        })
        .collect()
}

/// The top of `mock.rs`: its docs, imports, the operation and scheme lists, and `MockServer`.
pub(super) fn head(api: &Api, config: &CrateConfig, names: &[Names]) -> TokenStream {
    let macros = super::macros_path(config);
    let operations = names.iter().zip(&api.operations).map(|(names, op)| {
        let ty = types::ident(&names.ty);
        let cfg = features::cfg(&op.features);
        quote!(#cfg &#ty::OPERATION)
    });
    let schemes = api.security_schemes.iter().map(|scheme| {
        let constant = types::ident(&scheme.constant);
        quote!(crate::security::#constant)
    });
    // A spec without operations has no mock to declare.
    // With the API's features off, no operation's mock is compiled to use it.
    let mock = (!names.is_empty()).then(|| {
        quote!(
            #[allow(unused_imports)]
            use crate::runtime::mock::Mock;
        )
    });
    quote! {
        //! Typed mocks of the API, for testing code that calls it (feature `mock`): a local server
        //! with one method per operation, named as the client's, to say what a call must carry and
        //! what it answers. See "Testing your code" on the crate's front page.
        use crate::runtime::*;
        #mock
        use crate::{API, Client, ClientBuilder};

        /// Every operation, to name the one a call no mock matched was for.
        static OPERATIONS: &[&Operation] = &[#( #operations ),*];

        /// The API's security schemes, which the server's client has credentials for.
        static SCHEMES: &[Scheme] = &[#( #schemes ),*];

        #macros::mock_server!(API, Client, ClientBuilder, OPERATIONS, SCHEMES);
    }
}

/// The items of one operation's mock: its type, `MockServer`'s method, and the type's methods.
pub(super) fn operation(op: &Operation, names: &Names, config: &CrateConfig) -> TokenStream {
    let macros = super::macros_path(config);
    let ty = types::ident(&names.ty);
    let method = types::ident(&names.method);
    let client_method = ident::bare(&op.name);
    let error = types::tokens(&op.error);
    let success = success_type(op, &error);
    let allow =
        (op.uses_deprecated || op.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let (rust_name, http_method, template) = (client_method, &op.method, &op.path);
    let messages = &op.error_messages;
    let status = proc_macro2::Literal::u16_unsuffixed(op.success_status);
    let type_doc = format!(
        " A mock of [`Client::{client_method}`](crate::Client::{client_method}) (`{} {}`), from [`MockServer::{}`]: say what a call must carry and what it answers, then [`mount`](Self::mount) it.",
        op.method,
        op.path,
        ident::bare(&names.method)
    );
    let method_doc = format!(
        " Mock [`Client::{client_method}`](crate::Client::{client_method}): `{} {}`.",
        op.method, op.path
    );
    let expectations = expectations(op);
    let answers = answers(op, op.success_status, &error);
    let cfg = features::cfg(&op.features);
    quote! {
        #[doc = #type_doc]
        #cfg
        #allow
        pub struct #ty<'s>(Mock<'s, #success, #error>);

        #cfg
        impl MockServer {
            #[doc = #method_doc]
            pub fn #method(&self) -> #ty<'_> {
                #ty(self.0.mock(&#ty::OPERATION, #status))
            }
        }

        #cfg
        #macros::mock_operation!(#ty);

        #cfg
        #allow
        impl #ty<'_> {
            const OPERATION: Operation =
                Operation::new(#rust_name, #http_method, #template, &[#( #messages ),*]);

            #( #expectations )*

            #answers
        }
    }
}

/// The methods that say what a call must carry: each path parameter, each query, header and
/// cookie parameter, and the body.
fn expectations(op: &Operation) -> Vec<TokenStream> {
    let mut scope = Scope::with_reserved(MOCK_METHODS);
    let mut methods = Vec::new();
    for param in &op.path_params {
        let name = method_name(&mut scope, param);
        let value = format_ident!("value");
        let ty = types::borrowed(&param.ty);
        let wire = &param.wire;
        let check = match path_piece(param, &value) {
            PathPiece::Raw(text) => quote!(self.0.path(#wire, #text)),
            PathPiece::Encoded(text) => quote!(self.0.path_encoded(#wire, &#text)),
        };
        let doc = format!(" Only calls whose path parameter `{wire}` is `value`.");
        methods.push(quote! {
            #[doc = #doc]
            pub fn #name(self, value: #ty) -> Self {
                Self(#check)
            }
        });
    }
    for param in op.params.iter().flat_map(|params| &params.params) {
        let name = method_name(&mut scope, param);
        let (ty, value) = if is_copy(&param.ty) {
            (types::tokens(&param.ty), quote!(&value))
        } else {
            (types::borrowed(&param.ty), quote!(value))
        };
        let call = param_call(param, &value);
        let doc = format!(
            " Only calls whose {} parameter `{}` is `value`, written as the client writes it.",
            location_word(param),
            param.wire
        );
        methods.push(quote! {
            #[doc = #doc]
            pub fn #name(self, value: #ty) -> Self {
                Self(self.0.parameter(|request| request #call))
            }
        });
    }
    if let Some(body) = &op.body {
        let mut required = body.clone();
        required.required = true;
        let ty = types::borrowed(&body.ty);
        let encoded = body_expr(Some(&required));
        methods.push(quote! {
            /// Only calls whose body is `body`, encoded as the client encodes it.
            pub fn body(self, body: #ty) -> Self {
                Self(self.0.body(#encoded))
            }
        });
    }
    methods
}

/// The method that says what a call gets: the success answer, typed.
fn answers(op: &Operation, status: u16, error: &TokenStream) -> TokenStream {
    let error_answer = quote! {
        /// Answer with this error body (the operation's documented error type) and `status`.
        pub fn error(self, status: u16, body: &#error) -> Self {
            Self(self.0.error(status, body))
        }
    };
    let success = match &op.success {
        Response::Json(ty) => {
            let ty = types::tokens(ty);
            let doc = format!(" Answer `{status}` with `body`, as JSON.");
            quote! {
                #[doc = #doc]
                pub fn ok(self, body: &#ty) -> Self {
                    Self(self.0.ok_json(body))
                }
            }
        }
        Response::Empty => {
            let doc = format!(" Answer `{status}`, with no body.");
            quote! {
                #[doc = #doc]
                pub fn ok(self) -> Self {
                    Self(self.0.ok_empty())
                }
            }
        }
        Response::Text => {
            let media = op.accept.as_deref().unwrap_or("text/plain");
            let doc = format!(" Answer `{status}` with `text`, as `{media}`.");
            quote! {
                #[doc = #doc]
                pub fn ok(self, text: &str) -> Self {
                    Self(self.0.ok_raw(#media, text))
                }
            }
        }
        Response::Binary => {
            let media = op.accept.as_deref().unwrap_or("application/octet-stream");
            let doc = format!(" Answer `{status}` with `bytes`, as `{media}`.");
            quote! {
                #[doc = #doc]
                pub fn ok(self, bytes: impl ::core::convert::Into<::std::vec::Vec<u8>>) -> Self {
                    Self(self.0.ok_raw(#media, bytes))
                }
            }
        }
        Response::Events(ty) => {
            let ty = types::tokens(ty);
            quote! {
                /// Answer with a stream of `events`, their data as JSON; the stream ends after the
                /// last one (a reconnect is answered `204 No Content`, which ends the client's
                /// stream).
                pub fn events(self, events: impl ::core::iter::IntoIterator<Item = Event<#ty>>) -> Self {
                    Self(self.0.events(events))
                }
            }
        }
    };
    quote!(#success #error_answer)
}

/// The method named for `param` (its Rust name, or `<name>_param` where a common method has
/// that name).
fn method_name(scope: &mut Scope, param: &Param) -> proc_macro2::Ident {
    let bare = ident::bare(&param.name);
    let name = if MOCK_METHODS.contains(&bare) {
        format!("{bare}_param")
    } else {
        param.name.clone()
    };
    types::ident(&scope.claim(name))
}

/// Whether a parameter of this type is taken by value (a number or a boolean).
fn is_copy(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64
    )
}

/// Where `param` goes, in words.
fn location_word(param: &Param) -> &'static str {
    match param.location {
        crate::ir::ParamLocation::Path => "path",
        crate::ir::ParamLocation::Query => "query",
        crate::ir::ParamLocation::Header => "header",
        crate::ir::ParamLocation::Cookie => "cookie",
    }
}
