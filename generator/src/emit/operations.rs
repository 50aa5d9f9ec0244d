//! `operations.rs`: one async method on `Client` per operation, plus its parameter struct.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, features, types};
use crate::ir::{
    Body, Encoding, Operation, Pagination, Param, ParamLocation, ParamStyle, ParamsStruct, Part,
    Response, SecurityScheme,
};

/// Whether `operations.rs` imports the runtime (see [`head`]): when it has methods to use it.
fn imports_runtime(operations: &[Operation]) -> bool {
    !operations.is_empty()
}

/// The top of `operations.rs`: its `//!` docs, then the `use` of the runtime's names, which the
/// methods use unqualified. None of them is a name of the standard prelude (a unit test holds the
/// runtime to that), and the file declares nothing else than `…Params` structs, so every name
/// means what it says.
pub(crate) fn head(operations: &[Operation]) -> TokenStream {
    if !imports_runtime(operations) {
        return quote! {
            //! The API's operations, as methods on [`Client`](crate::Client), and their parameters.
        };
    }
    // The runtime's own `Client` comes with the glob: the crate's is named by its path. With the
    // API's features off, no method is compiled to use them.
    quote! {
        //! The API's operations, as methods on [`Client`](crate::Client), and their parameters.
        #[allow(unused_imports)]
        use crate::runtime::*;
        #[allow(unused_imports)]
        use reqwest::Method;
    }
}

/// The empty `impl` block of the crate's `Client` the methods are printed into (by its path: the
/// runtime's glob import brings a `Client` of its own, which the crate's wraps).
pub(crate) fn client_block() -> TokenStream {
    quote!(impl crate::Client {})
}

/// The parameter structs, each once, with the features that compile them: the methods made
/// from one operation (one per media type) share its struct.
pub(crate) fn params_structs(operations: &[Operation]) -> Vec<(&ParamsStruct, Vec<String>)> {
    let mut structs: Vec<(&ParamsStruct, Vec<String>)> = Vec::new();
    let mut at: indexmap::IndexMap<&str, usize> = indexmap::IndexMap::new();
    for op in operations {
        let Some(params) = op.params.as_ref() else {
            continue;
        };
        match at.get(params.name.as_str()) {
            Some(&index) => {
                let gate = &mut structs[index].1;
                // A struct one of whose methods is always compiled is always compiled.
                if gate.is_empty() || op.features.is_empty() {
                    gate.clear();
                } else {
                    gate.extend(op.features.iter().cloned());
                    gate.sort();
                    gate.dedup();
                }
            }
            None => {
                at.insert(params.name.as_str(), structs.len());
                structs.push((params, op.features.clone()));
            }
        }
    }
    structs
}

/// The items of one parameter struct, compiled with any of `gate` (always, if empty).
pub(crate) fn params_struct(params: &ParamsStruct, gate: &[String]) -> TokenStream {
    let cfg = features::cfg(gate);
    let name = types::ident(&params.name);
    let fields = params.params.iter().map(|param| {
        let field = types::ident(&param.name);
        let ty = types::tokens(&param.ty);
        let docs = param_doc(param);
        if param.required {
            quote! { #docs pub #field: #ty, }
        } else {
            quote! { #docs pub #field: Option<#ty>, }
        }
    });
    let default = params
        .params
        .iter()
        .all(|p| !p.required)
        .then(|| quote!(Default,));
    quote! {
        /// Query, header and cookie parameters of an operation.
        #cfg
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #( #fields )*
        }
    }
}

fn param_doc(param: &Param) -> TokenStream {
    match &param.doc {
        Some(text) => doc::attrs(Some(text)),
        None => {
            let text = format!(" `{}`", param.wire);
            quote!(#[doc = #text])
        }
    }
}

/// The method's docs: the spec's text, what it sends and receives, and any deprecation.
fn method_docs(op: &Operation) -> TokenStream {
    let mut docs = doc::attrs(op.doc.as_deref());
    let media = match op.body.as_ref() {
        Some(body) if body.encoding == Encoding::Json => String::new(),
        Some(body) => {
            let article = match body.media.chars().next() {
                Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
                _ => "a",
            };
            format!(" with {article} `{}` body", body.media)
        }
        None => String::new(),
    };
    let answer = match &op.success {
        Response::Text => "; the answer is read as text",
        Response::Events(_) => "; the answer is a stream of server-sent events",
        Response::Binary => "; the answer is binary, read as it streams",
        Response::Json(_) | Response::Empty => "",
    };
    let sends = format!(" Sends `{} {}`{media}{answer}.", op.method, op.path);
    if !docs.is_empty() {
        docs.extend(quote!(#[doc = ""]));
    }
    docs.extend(quote!(#[doc = #sends]));
    if let Some(line) = features::doc_line(&op.features) {
        docs.extend(quote!(#[doc = ""] #[doc = #line]));
    }
    docs.extend(doc::method_deprecation(op, false));
    docs
}

/// The Rust type a success answer decodes to.
pub(super) fn success_type(op: &Operation, error: &TokenStream) -> TokenStream {
    match &op.success {
        Response::Empty => quote!(()),
        Response::Json(ty) => types::tokens(ty),
        Response::Text => quote!(String),
        Response::Binary => quote!(Download),
        Response::Events(ty) => {
            let ty = types::tokens(ty);
            quote!(EventStream<#ty, #error>)
        }
    }
}

/// The operation's method (and its page stream): build the request, hand it to a `Call`.
/// The methods of `impl Client` for one operation.
pub(crate) fn method(op: &Operation, schemes: &[SecurityScheme]) -> TokenStream {
    let name = types::ident(&op.name);
    let docs = method_docs(op);
    let path_args = op.path_params.iter().map(|param| {
        let arg = types::ident(&param.name);
        let ty = types::borrowed(&param.ty);
        quote!(#arg: #ty)
    });
    let params_arg = op.params.as_ref().map(|params| {
        let ty = types::ident(&params.name);
        quote!(params: &#ty,)
    });
    let body_arg = op.body.as_ref().map(|body| {
        let ty = types::borrowed(&body.ty);
        if body.required {
            quote!(body: #ty,)
        } else {
            quote!(body: Option<#ty>,)
        }
    });
    let error = types::tokens(&op.error);
    let success = success_type(op, &error);
    let (build, request) = request_expr(op, schemes);
    let pages = op
        .pagination
        .as_ref()
        .map(|pagination| pages_method(op, pagination, &success, &error));
    let decode_error = if op.error_by_status {
        let ty = types::tokens(&op.error);
        quote!(#ty::from_status)
    } else {
        quote!(error_json)
    };
    let read = match &op.success {
        Response::Empty => quote!(empty),
        Response::Json(_) => quote!(json),
        Response::Text => quote!(text),
        Response::Binary => quote!(download),
        Response::Events(_) => quote!(events),
    };
    let (rust_name, http_method, template) = (crate::ident::bare(&op.name), &op.method, &op.path);
    let messages = &op.error_messages;
    let cfg = features::cfg(&op.features);
    let pages = pages.map(|pages| quote!(#cfg #pages));
    quote! {
        #docs
        #cfg
        pub fn #name(&self, #( #path_args, )* #params_arg #body_arg) -> Call<'_, #success, #error> {
            const OPERATION: Operation =
                Operation::new(#rust_name, #http_method, #template, &[#( #messages ),*]);
            #build
            Call::#read(self, &OPERATION, #request, #decode_error)
        }
        #pages
    }
}

/// The path with each `{param}` replaced by its percent-encoded value (a name the template uses
/// twice is written twice).
fn path_expr(op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        let path = &op.path;
        return quote!(#path);
    }
    let mut parts = Vec::new();
    let mut rest = op.path.as_str();
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        if !literal.is_empty() {
            parts.push(quote!(#literal));
        }
        match op.path_params.iter().find(|param| param.wire == name) {
            Some(param) => match path_piece(param, &types::ident(&param.name)) {
                PathPiece::Raw(text) => parts.push(quote!(&*path_segment(#text))),
                PathPiece::Encoded(text) => parts.push(quote!(&#text)),
            },
            // `lower` gave every name of the template a parameter; anything else stays as written.
            None => {
                let braced = format!("{{{name}}}");
                parts.push(quote!(#braced));
            }
        }
        rest = tail;
    }
    if !rest.is_empty() {
        parts.push(quote!(#rest));
    }
    quote!([ #( #parts ),* ].concat())
}

/// How the text of a path parameter is made.
pub(super) enum PathPiece {
    /// A `&str` expression of the value's text, which `path_segment` percent-encodes whole.
    Raw(TokenStream),
    /// A `String` expression of the text already percent-encoded as its style writes it (an
    /// array's, an object's, a `label` or `matrix` one's, whose separators stay as they are).
    Encoded(TokenStream),
}

/// The text of path parameter `param`, whose value is in `arg`: a string is its own text, other
/// primitives their wire value; arrays, objects and every style but `simple` are written by the
/// runtime's `path_param`.
pub(super) fn path_piece(param: &Param, arg: &proc_macro2::Ident) -> PathPiece {
    use crate::ir::Type;
    let wire = &param.wire;
    let (style, explode) = match param.style {
        ParamStyle::Label { explode } => (quote!(PathStyle::Label), explode),
        ParamStyle::Matrix { explode } => (quote!(PathStyle::Matrix), explode),
        ParamStyle::SimpleExploded => (quote!(PathStyle::Simple), true),
        _ => match param.ty {
            Type::String => return PathPiece::Raw(quote!(#arg)),
            Type::Uuid => return PathPiece::Raw(quote!(#arg.as_str())),
            Type::Vec(_) | Type::Map(_) | Type::Named { .. } | Type::Value => {
                (quote!(PathStyle::Simple), false)
            }
            _ => return PathPiece::Raw(quote!(&text_of(#arg))),
        },
    };
    PathPiece::Encoded(quote!(path_param(#wire, #arg, #style, #explode)))
}

/// The request's query pairs (the fixed ones, then the parameters), headers (the `accept` this
/// method reads, then header parameters) and cookies (into one `Cookie` header), as calls of
/// `Request`'s builder methods.
fn params_calls(op: &Operation) -> Vec<TokenStream> {
    let mut calls: Vec<TokenStream> = op
        .fixed_query
        .iter()
        .map(|(name, value)| quote!(.query(#name, #value)))
        .collect();
    if let Some(params) = &op.params {
        calls.extend(param_calls(params, ParamLocation::Query));
    }
    // The answer this method reads, when the operation answers in several media types.
    if let Some(media) = &op.accept {
        calls.push(quote!(.header("accept", #media)));
    }
    if let Some(params) = &op.params {
        calls.extend(param_calls(params, ParamLocation::Header));
        calls.extend(param_calls(params, ParamLocation::Cookie));
    }
    calls
}

/// For each parameter at `location`, the builder call that adds it (written as its style says;
/// an absent optional one adds nothing).
fn param_calls(params: &ParamsStruct, location: ParamLocation) -> Vec<TokenStream> {
    let at_location = params.params.iter().filter(|p| p.location == location);
    at_location
        .map(|param| {
            let field = types::ident(&param.name);
            param_call(param, &quote!(&params.#field))
        })
        .collect()
}

/// The builder call that adds parameter `param`, whose value (a reference) is `value`, written as
/// its location and style say.
pub(super) fn param_call(param: &Param, value: &TokenStream) -> TokenStream {
    let wire = &param.wire;
    match (param.location, param.style) {
        (ParamLocation::Header, ParamStyle::SimpleExploded) => {
            quote!(.header_exploded(#wire, #value))
        }
        (ParamLocation::Header, _) => quote!(.header(#wire, #value)),
        (ParamLocation::Cookie, ParamStyle::Joined(separator)) => {
            quote!(.cookie_joined(#wire, #value, #separator))
        }
        (ParamLocation::Cookie, _) => quote!(.cookie(#wire, #value)),
        (_, ParamStyle::Repeated) if param.allow_reserved => {
            quote!(.query_reserved(#wire, #value, None))
        }
        (_, ParamStyle::Joined(separator)) if param.allow_reserved => {
            quote!(.query_reserved(#wire, #value, Some(#separator)))
        }
        (_, ParamStyle::Joined(separator)) => quote!(.query_joined(#wire, #value, #separator)),
        (_, ParamStyle::DeepObject) => quote!(.query_deep(#wire, #value)),
        // `form` exploded; the path styles are never a query's.
        (_, ParamStyle::Repeated | ParamStyle::SimpleExploded)
        | (_, ParamStyle::Label { .. } | ParamStyle::Matrix { .. }) => {
            quote!(.query(#wire, #value))
        }
    }
}

/// The statements that build the request, and the request as `Call` takes it: the request, or
/// why its body cannot be encoded.
fn request_expr(op: &Operation, schemes: &[SecurityScheme]) -> (TokenStream, TokenStream) {
    let method = types::ident(&op.method);
    let path = path_expr(op);
    let params = params_calls(op);
    let security = security_call(&op.security, schemes);
    // A path with parameters is built on a line of its own.
    let (path_let, path) = if op.path_params.is_empty() {
        (None, path)
    } else {
        (Some(quote!(let path = #path;)), quote!(path))
    };
    let content_type =
        json_content_type(op.body.as_ref()).map(|media| quote!(.header("content-type", #media)));
    let request =
        quote!(Request::new(Method::#method, #path) #( #params )* #content_type #security);
    match body_expr(op.body.as_ref()) {
        Some(body) => (
            quote!(#path_let let request = #request.body(#body);),
            quote!(request),
        ),
        None => (
            quote!(#path_let let request = #request;),
            quote!(Ok(request)),
        ),
    }
}

/// The `Content-Type` a JSON body goes with when the operation names another JSON media type
/// than `application/json` (`text/json`, `application/vnd.api+json`); a wildcard is not sent.
fn json_content_type(body: Option<&Body>) -> Option<&str> {
    let body = body.filter(|body| body.encoding == Encoding::Json)?;
    let essence = body.media.split(';').next().unwrap_or_default().trim();
    (!essence.eq_ignore_ascii_case("application/json") && !essence.contains('*'))
        .then_some(body.media.as_str())
}

/// The encoded body, `Ok(Body)` or `Err` with why it cannot be encoded; `None` without one.
pub(super) fn body_expr(body: Option<&Body>) -> Option<TokenStream> {
    let body = body?;
    // The encoded body from `body`, and the encoder alone when it is a function's name.
    let (encoded, encoder) = match body.encoding {
        Encoding::Json => (quote!(json_body(body)), Some(quote!(json_body))),
        Encoding::Form => (quote!(form_body(body)), Some(quote!(form_body))),
        Encoding::Text => {
            let media = &body.media;
            (quote!(Ok(text_body(body, #media))), None)
        }
        Encoding::Binary => {
            let media = &body.media;
            (quote!(Ok(bytes_body(body, #media))), None)
        }
        Encoding::Multipart => (multipart_expr(&body.parts), None),
    };
    Some(match (body.required, encoder) {
        (true, _) => encoded,
        (false, Some(encoder)) => quote!(body.map_or(Ok(Body::None), #encoder)),
        (false, None) => quote!(body.map_or(Ok(Body::None), |body| #encoded)),
    })
}

/// A multipart body built part by part: file fields as file parts, the rest as text (an absent
/// optional field adds no part).
fn multipart_expr(parts: &[Part]) -> TokenStream {
    let calls = parts.iter().map(|part| {
        let field = types::ident(&part.field);
        let wire = &part.wire;
        if part.file {
            quote!(.file(#wire, &body.#field))
        } else {
            quote!(.text(#wire, &body.#field))
        }
    });
    quote!(Parts::new() #( #calls )* .into_body())
}

/// `<name>_pages`: the operation as a stream of every page, from the page in `params` (or 1).
fn pages_method(
    op: &Operation,
    pagination: &Pagination,
    success: &TokenStream,
    error: &TokenStream,
) -> TokenStream {
    let name = types::ident(&op.name);
    let pages = types::ident(&pagination.method);
    let field = types::ident(&pagination.page_field);
    let pointer = &pagination.total_pages;
    let Some(params) = &op.params else {
        return TokenStream::new();
    };
    let params_ty = types::ident(&params.name);
    let path_args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|param| {
            let arg = types::ident(&param.name);
            let ty = match &param.ty {
                crate::ir::Type::String => quote!(&'a str),
                other => {
                    let ty = types::tokens(other);
                    quote!(&'a #ty)
                }
            };
            quote!(#arg: #ty)
        })
        .collect();
    let path_names: Vec<proc_macro2::Ident> = op
        .path_params
        .iter()
        .map(|p| types::ident(&p.name))
        .collect();
    let body_arg = op.body.as_ref().map(|body| {
        let ty = types::tokens(&body.ty);
        if body.required {
            quote!(body: &'a #ty,)
        } else {
            quote!(body: Option<&'a #ty>,)
        }
    });
    let body_pass = op.body.as_ref().map(|_| quote!(body,));
    let doc = format!(
        " Every page of [`Self::{}`], fetched one after another as the stream is read (`StreamExt::next`, no pinning needed); an error is the last item.",
        crate::ident::bare(&op.name)
    );
    let lifetimes_args = path_args.iter().map(|arg| quote!(#arg));
    let deprecation = doc::method_deprecation(op, true);
    quote! {
        #[doc = #doc]
        #deprecation
        pub fn #pages<'a>(&'a self, #( #lifetimes_args, )* params: &'a #params_ty, #body_arg)
            -> Pages<'a, #success, #error>
        {
            let first = params.#field.and_then(|page| u64::try_from(page).ok()).unwrap_or(1);
            pages(
                first,
                move |page| {
                    let mut params = params.clone();
                    params.#field = TryFrom::try_from(page).ok();
                    async move { self.#name(#( #path_names, )* &params, #body_pass).await }
                },
                |answer: &#success| pointer_u64(answer, #pointer),
            )
        }
    }
}

/// `.security(…)` with the operation's alternatives, each a list of the `security` constants of
/// its schemes (`lower` keeps only schemes it lowered); nothing when it needs none.
fn security_call(security: &[Vec<String>], schemes: &[SecurityScheme]) -> Option<TokenStream> {
    if security.is_empty() {
        return None;
    }
    let alternatives = security.iter().map(|names| {
        let constants = names.iter().filter_map(|name| {
            let scheme = schemes.iter().find(|scheme| scheme.name == *name)?;
            let constant = types::ident(&scheme.constant);
            Some(quote!(crate::security::#constant))
        });
        quote!(&[#( #constants ),*])
    });
    Some(quote!(.security(&[#( #alternatives ),*])))
}

#[cfg(test)]
mod tests {
    /// `operations.rs` imports every public name of the runtime (`use crate::runtime::*`), which
    /// would hide a name of the standard prelude the methods and parameter structs rely on
    /// (`Option`, `Result`, `Ok`, `String`, `Vec`, `TryFrom`, …) if the runtime exported one.
    #[test]
    fn the_runtime_exports_no_prelude_name() {
        const PRELUDE: &[&str] = &[
            "Box",
            "Clone",
            "Copy",
            "Default",
            "Drop",
            "Eq",
            "Err",
            "Extend",
            "Fn",
            "FnMut",
            "FnOnce",
            "From",
            "Into",
            "IntoIterator",
            "Iterator",
            "None",
            "Ok",
            "Option",
            "Ord",
            "PartialEq",
            "PartialOrd",
            "Result",
            "Send",
            "Sized",
            "Some",
            "String",
            "Sync",
            "ToOwned",
            "ToString",
            "TryFrom",
            "TryInto",
            "Unpin",
            "Vec",
            "drop",
        ];
        let Some((_, module)) = crate::emit::runtime_source("lib.rs") else {
            panic!("the runtime has no lib.rs");
        };
        let syntax = syn::parse_file(module).expect("the runtime's lib.rs parses");
        let mut exported = Vec::new();
        let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
        for item in &syntax.items {
            match item {
                syn::Item::Use(item) if public(&item.vis) => names(&item.tree, &mut exported),
                syn::Item::Mod(item) if public(&item.vis) => exported.push(item.ident.to_string()),
                syn::Item::Fn(item) if public(&item.vis) => {
                    exported.push(item.sig.ident.to_string());
                }
                syn::Item::Struct(item) if public(&item.vis) => {
                    exported.push(item.ident.to_string());
                }
                syn::Item::Enum(item) if public(&item.vis) => exported.push(item.ident.to_string()),
                syn::Item::Type(item) if public(&item.vis) => exported.push(item.ident.to_string()),
                syn::Item::Const(item) if public(&item.vis) => {
                    exported.push(item.ident.to_string());
                }
                syn::Item::Trait(item) if public(&item.vis) => {
                    exported.push(item.ident.to_string());
                }
                _ => {}
            }
        }
        assert!(exported.contains(&"Call".to_owned()), "{exported:?}");
        for name in &exported {
            assert!(
                !PRELUDE.contains(&name.as_str()),
                "the runtime exports `{name}`"
            );
        }
    }

    fn names(tree: &syn::UseTree, out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => names(&path.tree, out),
            syn::UseTree::Name(name) => out.push(name.ident.to_string()),
            syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
            syn::UseTree::Group(group) => group.items.iter().for_each(|tree| names(tree, out)),
            syn::UseTree::Glob(_) => out.push("*".to_owned()),
        }
    }
}
