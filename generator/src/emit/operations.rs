//! `operations.rs`: one async method on `Client` per operation, plus its parameter struct.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, types};
use crate::ir::{
    Body, Encoding, Operation, Pagination, Param, ParamLocation, ParamStyle, ParamsStruct, Part,
    Response, SecurityScheme,
};

/// The items of `operations.rs`, lazily: its docs and parameter structs, then the methods of
/// `impl crate::runtime::Client`, one operation (and media type) at a time.
/// The file's `//!` docs.
pub(crate) fn file_docs() -> TokenStream {
    quote! {
        //! The API's operations, as methods on [`Client`](crate::Client), and their parameters.
    }
}

/// The parameter structs, each once: the methods made from one operation (one per media type)
/// share its struct.
pub(crate) fn params_structs(operations: &[Operation]) -> Vec<&ParamsStruct> {
    let mut seen = std::collections::BTreeSet::new();
    operations
        .iter()
        .filter_map(|op| op.params.as_ref())
        .filter(|params| seen.insert(params.name.as_str()))
        .collect()
}

/// The items of one parameter struct.
pub(crate) fn params_struct(params: &ParamsStruct) -> TokenStream {
    let name = types::ident(&params.name);
    let fields = params.params.iter().map(|param| {
        let field = types::ident(&param.name);
        let ty = types::tokens(&param.ty);
        let docs = param_doc(param);
        if param.required {
            quote! { #docs pub #field: #ty, }
        } else {
            quote! { #docs pub #field: ::std::option::Option<#ty>, }
        }
    });
    let default = params
        .params
        .iter()
        .all(|p| !p.required)
        .then(|| quote!(Default,));
    quote! {
        /// Query, header and cookie parameters of an operation.
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
    docs.extend(doc::method_deprecation(op, false));
    docs
}

/// The Rust type a success answer decodes to.
fn success_type(op: &Operation, error: &TokenStream) -> TokenStream {
    match &op.success {
        Response::Empty => quote!(()),
        Response::Json(ty) => types::tokens(ty),
        Response::Text => quote!(::std::string::String),
        Response::Binary => quote!(crate::runtime::Download),
        Response::Events(ty) => {
            let ty = types::tokens(ty);
            quote!(crate::runtime::EventStream<#ty, #error>)
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
            quote!(body: ::std::option::Option<#ty>,)
        }
    });
    let error = types::tokens(&op.error);
    let success = success_type(op, &error);
    let request = request_expr(op, schemes);
    let pages = op
        .pagination
        .as_ref()
        .map(|pagination| pages_method(op, pagination, &success, &error));
    let decode_error = if op.error_by_status {
        let ty = types::tokens(&op.error);
        quote!(#ty::from_status)
    } else {
        quote!(crate::runtime::error_json)
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
    quote! {
        #docs
        pub fn #name(&self, #( #path_args, )* #params_arg #body_arg)
            -> crate::runtime::Call<'_, #success, #error>
        {
            const OPERATION: crate::runtime::Operation =
                crate::runtime::Operation::new(#rust_name, #http_method, #template, &[#( #messages ),*]);
            #request
            crate::runtime::Call::#read(
                self,
                &OPERATION,
                request,
                #decode_error,
            )
        }
        #pages
    }
}

/// The path with each `{param}` replaced by its percent-encoded value (a name the template uses
/// twice is written twice).
fn path_expr(op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        let path = &op.path;
        return quote!(::std::string::String::from(#path));
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
            Some(param) => {
                let arg = types::ident(&param.name);
                // A string is its own text; other types are written as their wire value first.
                let text = match param.ty {
                    crate::ir::Type::String => quote!(#arg),
                    crate::ir::Type::Uuid => quote!(#arg.as_str()),
                    _ => quote!(&crate::runtime::text_of(#arg)),
                };
                parts.push(quote!(&*crate::runtime::path_segment(#text)));
            }
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

/// The request's query pairs (the fixed ones, then the parameters) and headers (header
/// parameters, then the cookie parameters in one `Cookie` header).
fn params_exprs(op: &Operation) -> (TokenStream, TokenStream) {
    let fixed: Vec<TokenStream> = op
        .fixed_query
        .iter()
        .map(|(name, value)| quote!((::std::string::String::from(#name), ::std::string::String::from(#value))))
        .collect();
    let fixed_start = if fixed.is_empty() {
        quote!(::std::vec::Vec::new())
    } else {
        quote!(::std::vec![#( #fixed ),*])
    };
    // The answer this method reads, when the operation answers in several media types.
    let headers_start = match &op.accept {
        Some(media) => quote!(::std::vec![(
            ::std::string::String::from("accept"),
            ::std::string::String::from(#media)
        )]),
        None => quote!(::std::vec::Vec::new()),
    };
    let Some(params) = &op.params else {
        return (fixed_start, headers_start);
    };
    let query_items = pushes(params, ParamLocation::Query);
    let query = if query_items.is_empty() {
        fixed_start
    } else {
        quote!({
            let mut pairs = #fixed_start;
            #( #query_items )*
            pairs
        })
    };
    let header_items = pushes(params, ParamLocation::Header);
    let cookie_items = pushes(params, ParamLocation::Cookie);
    // Cookies go in one `Cookie` header: `a=1; b=2`.
    let cookies = (!cookie_items.is_empty()).then(|| {
        quote! {
            let cookies = {
                let mut pairs = ::std::vec::Vec::new();
                #( #cookie_items )*
                pairs
            };
            crate::runtime::push_cookies(&mut pairs, &cookies);
        }
    });
    let headers = if header_items.is_empty() && cookies.is_none() {
        headers_start
    } else {
        quote!({
            let mut pairs = #headers_start;
            #( #header_items )*
            #cookies
            pairs
        })
    };
    (query, headers)
}

/// For each parameter at `location`, the statement that appends its pairs to `pairs` (written
/// as its style says; an absent optional one appends nothing).
fn pushes(params: &ParamsStruct, location: ParamLocation) -> Vec<TokenStream> {
    let at_location = params.params.iter().filter(|p| p.location == location);
    at_location
        .map(|param| {
            let field = types::ident(&param.name);
            let wire = &param.wire;
            let push = match param.style {
                ParamStyle::Repeated => {
                    quote!(crate::runtime::push_values(&mut pairs, #wire, value))
                }
                ParamStyle::Joined(separator) => {
                    quote!(crate::runtime::push_joined(&mut pairs, #wire, value, #separator))
                }
                ParamStyle::DeepObject => {
                    quote!(crate::runtime::push_deep(&mut pairs, #wire, value))
                }
            };
            if param.required {
                quote! {
                    let value = &params.#field;
                    #push;
                }
            } else {
                quote! {
                    if let ::std::option::Option::Some(value) = &params.#field {
                        #push;
                    }
                }
            }
        })
        .collect()
}

/// `let request = …;`: the request, or why its body cannot be encoded.
fn request_expr(op: &Operation, schemes: &[SecurityScheme]) -> TokenStream {
    let method = types::ident(&op.method);
    let path = path_expr(op);
    let (query, headers) = params_exprs(op);
    let security = security_expr(&op.security, schemes);
    // `body_field` is the whole field (`body` alone when a local of that name holds it).
    let request = |body_field: TokenStream| {
        quote! {
            crate::runtime::Request {
                method: ::reqwest::Method::#method,
                path: #path,
                query: #query,
                headers: #headers,
                #body_field,
                security: #security,
            }
        }
    };
    if op.body.is_none() {
        let request = request(quote!(body: crate::runtime::Body::None));
        return quote!(let request = ::std::result::Result::Ok(#request););
    }
    let body = body_expr(op.body.as_ref());
    let request = request(quote!(body));
    quote! {
        let body: ::std::result::Result<crate::runtime::Body, ::std::string::String> = #body;
        let request = body.map(|body| #request);
    }
}

/// The encoded body: `Ok(Body)`, or `Err` with why it cannot be encoded.
fn body_expr(body: Option<&Body>) -> TokenStream {
    let Some(body) = body else {
        return quote!(::std::result::Result::Ok(crate::runtime::Body::None));
    };
    let encoded = match body.encoding {
        Encoding::Json => quote!(crate::runtime::json_body(body)),
        Encoding::Form => quote!(crate::runtime::form_body(body)),
        Encoding::Text => {
            let media = &body.media;
            quote!(::std::result::Result::Ok(crate::runtime::text_body(body, #media)))
        }
        Encoding::Binary => {
            let media = &body.media;
            quote!(::std::result::Result::Ok(crate::runtime::bytes_body(body, #media)))
        }
        Encoding::Multipart => {
            let parts = multipart_expr(&body.parts);
            quote!(::std::result::Result::Ok(#parts))
        }
    };
    if body.required {
        encoded
    } else {
        quote!(match body {
            ::std::option::Option::Some(body) => #encoded,
            ::std::option::Option::None => ::std::result::Result::Ok(crate::runtime::Body::None),
        })
    }
}

/// A multipart body built part by part: file fields as file parts, the rest as text.
fn multipart_expr(parts: &[Part]) -> TokenStream {
    let pushes = parts.iter().map(|part| {
        let field = types::ident(&part.field);
        let wire = &part.wire;
        let push = if part.file {
            quote!(crate::runtime::push_part_file)
        } else {
            quote!(crate::runtime::push_part_text)
        };
        if part.optional {
            quote! {
                if let ::std::option::Option::Some(value) = &body.#field {
                    #push(&mut parts, #wire, value);
                }
            }
        } else {
            quote!(#push(&mut parts, #wire, &body.#field);)
        }
    });
    quote!({
        let mut parts = ::std::vec::Vec::new();
        #( #pushes )*
        crate::runtime::Body::Multipart(parts)
    })
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
            quote!(body: ::std::option::Option<&'a #ty>,)
        }
    });
    let body_pass = op.body.as_ref().map(|_| quote!(body,));
    let doc = format!(
        " Every page of [`Self::{}`], fetched one after another as the stream is read.",
        crate::ident::bare(&op.name)
    );
    let lifetimes_args = path_args.iter().map(|arg| quote!(#arg));
    let deprecation = doc::method_deprecation(op, true);
    quote! {
        #[doc = #doc]
        #deprecation
        pub fn #pages<'a>(&'a self, #( #lifetimes_args, )* params: &'a #params_ty, #body_arg)
            -> impl ::futures_util::Stream<Item = ::std::result::Result<#success, crate::runtime::Error<#error>>> + 'a
        {
            let first = params.#field.and_then(|page| u64::try_from(page).ok()).unwrap_or(1);
            crate::runtime::pages(
                first,
                move |page| {
                    let mut params = params.clone();
                    params.#field = ::std::convert::TryFrom::try_from(page).ok();
                    async move { self.#name(#( #path_names, )* &params, #body_pass).await }
                },
                |answer: &#success| crate::runtime::pointer_u64(answer, #pointer),
            )
        }
    }
}

/// The operation's security alternatives, each a list of the `security` constants of its schemes
/// (`lower` keeps only schemes it lowered).
fn security_expr(security: &[Vec<String>], schemes: &[SecurityScheme]) -> TokenStream {
    let alternatives = security.iter().map(|names| {
        let constants = names.iter().filter_map(|name| {
            let scheme = schemes.iter().find(|scheme| scheme.name == *name)?;
            let constant = types::ident(&scheme.constant);
            Some(quote!(crate::security::#constant))
        });
        quote!(&[#( #constants ),*])
    });
    quote!(&[#( #alternatives ),*])
}
