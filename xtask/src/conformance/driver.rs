//! The conformance driver: a `tests/conformance.rs` written into a generated crate that calls every
//! operation once, through the crate's own methods, with arguments made from the spec, and prints
//! one line per call saying what the mock server made of it.
//!
//! Arguments are JSON examples (`generator::example`: the spec's own `example`, else `default`,
//! else one made from the schema) decoded into the argument's Rust type, so the driver needs no
//! knowledge of the types beyond their names. Optional parameters are given whenever an example
//! can be made, so they are exercised too.

use anyhow::{Context, Result};
use generator::emit::{rust_ident as ident, type_tokens};
use generator::ir::{Api, Encoding, Operation, Response, SchemeKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// What the driver prints first on each of its result lines.
pub(crate) const MARKER: &str = "conformance-result";

/// What an accepted call's detail says when the spec's own example was not accepted and a value
/// made from the schema was.
pub(crate) const SPEC_DEFECT: &str = "spec defect";

/// The environment variable the driver reads the mock server's base URL from.
pub(crate) const BASE_URL_VAR: &str = "CONFORMANCE_BASE_URL";

/// An operation, and whether the driver calls it.
pub(crate) struct Planned {
    /// The method name.
    pub operation: String,
    /// `GET /v1/things/{id}`.
    pub route: String,
    /// `None` when called; else why not.
    pub skipped: Option<String>,
    /// The parameters Prism misreads (see [`super::fault`]).
    pub blind: Vec<(String, String)>,
}

/// The reason a spec gives for not calling `op` against Prism (`x-conformance-skip` on the
/// operation): for requests Prism cannot judge, which another test holds instead.
fn declared_skip(op: &Operation, openapi: &Value) -> Option<String> {
    let id = op.operation_id.as_deref()?;
    let method = op.method.to_ascii_lowercase();
    let paths = openapi.get("paths")?.as_object()?;
    paths.values().find_map(|item| {
        let operation = item.get(&method)?;
        (operation.get("operationId")?.as_str()? == id).then_some(())?;
        let why = operation.get("x-conformance-skip")?.as_str()?;
        Some(format!("the spec says so: {why}"))
    })
}

/// The driver's source, and what it does with each operation.
// Whole: the driver file's quote! template and the one pass over the operations that fills it and
// plans each call: split, each call's arguments and skip reason would be handed between the pieces.
pub(crate) fn driver(
    api: &Api,
    openapi: &Value,
    crate_name: &str,
) -> Result<(String, Vec<Planned>)> {
    let root = {
        let krate = ident(&crate_name.replace('-', "_"));
        quote!(::#krate)
    };
    let mut plans = Vec::new();
    let mut calls = Vec::new();
    for op in &api.operations {
        let route = format!("{} {}", op.method, op.path);
        if let Some(why) = declared_skip(op, openapi) {
            plans.push(Planned {
                operation: op.name.clone(),
                route,
                skipped: Some(why),
                blind: Vec::new(),
            });
            continue;
        }
        match call(op, openapi, &root) {
            Ok(tokens) => {
                calls.push(tokens);
                plans.push(Planned {
                    operation: op.name.clone(),
                    route,
                    skipped: None,
                    blind: super::fault::prism_blind(op, api),
                });
            }
            Err(why) => plans.push(Planned {
                operation: op.name.clone(),
                route,
                skipped: Some(why),
                blind: Vec::new(),
            }),
        }
    }
    let credentials = api.security_schemes.iter().filter_map(|scheme| {
        let setter = ident(&scheme.setters.as_ref()?.builder);
        Some(match scheme.kind {
            SchemeKind::Basic => quote!(.#setter("conformance", "conformance-password")),
            _ => quote!(.#setter("conformance-token")),
        })
    });
    let tokens = quote! {
        //! Calls every operation once against the mock server at `CONFORMANCE_BASE_URL`, and prints
        //! what became of each call on one line.
        #![allow(clippy::print_stdout, unused_mut)]

        use #root::{Error, Response};

        /// An argument: the example decoded into its Rust type.
        fn arg<T: ::serde::de::DeserializeOwned>(name: &str, example: &str) -> ::std::result::Result<T, ::std::string::String> {
            ::serde_json::from_str(example).map_err(|error| format!("the example for `{name}` does not decode into its type: {error}"))
        }

        /// Prism's findings about one exchange (the `sl-violations` header): those about the
        /// request, and those about the answer Prism made up.
        fn violations(headers: &::reqwest::header::HeaderMap) -> (::std::vec::Vec<::serde_json::Value>, ::std::vec::Vec<::serde_json::Value>) {
            let ::std::option::Option::Some(text) = headers.get("sl-violations").and_then(|v| v.to_str().ok()) else {
                return ::std::default::Default::default();
            };
            // A JSON list, after "Too many violations! " when there are many (then perhaps cut
            // short, and kept as text, sorted by what it mentions).
            let list = text.find('[').map_or(text, |at| &text[at..]);
            match ::serde_json::from_str::<::std::vec::Vec<::serde_json::Value>>(list) {
                ::std::result::Result::Ok(found) => found.into_iter().partition(|v| {
                    v.pointer("/location/0").and_then(|l| l.as_str()) == ::std::option::Option::Some("request")
                }),
                ::std::result::Result::Err(_) => {
                    let raw = || ::std::vec![::serde_json::Value::from(text)];
                    let request = if text.contains("[\"request\"") { raw() } else { ::std::vec::Vec::new() };
                    let answer = if text.contains("[\"response\"") { raw() } else { ::std::vec::Vec::new() };
                    (request, answer)
                }
            }
        }

        /// What the mock server made of a call: `accepted`, `rejected` (its violations of the
        /// request, verbatim) or `client-failure` (the client could not send the call, or could
        /// not read an answer that Prism itself found valid).
        fn verdict<T, E: ::std::fmt::Debug>(result: ::std::result::Result<Response<T>, Error<E>>) -> (&'static str, ::std::string::String) {
            let json = |found: &[::serde_json::Value]| ::serde_json::Value::from(found.to_vec()).to_string();
            let headers = match &result {
                ::std::result::Result::Ok(response) => ::std::option::Option::Some(response.headers()),
                ::std::result::Result::Err(error) => error.headers(),
            };
            let (request, answer) = headers.map(violations).unwrap_or_default();
            if !request.is_empty() {
                return ("rejected", json(&request));
            }
            let status = match &result {
                ::std::result::Result::Ok(response) => response.status().as_u16(),
                ::std::result::Result::Err(error) => error.status().unwrap_or_default(),
            };
            let note = if answer.is_empty() {
                ::std::string::String::new()
            } else {
                format!("; Prism's own answer breaks the spec: {}", json(&answer))
            };
            let error = match result {
                ::std::result::Result::Ok(_) => return ("accepted", format!("{status}{note}")),
                ::std::result::Result::Err(error) => error,
            };
            // Prism's own refusals (no route, no security scheme matched) are problem documents,
            // and so is its failure to make up an answer to a request it found valid.
            let text = error.text().unwrap_or_default();
            if text.contains("stoplight.io/prism/errors") {
                let answer_side = ["NO_RESPONSE_RESPONSE_DEFINED", "NO_COMPLEX_OBJECT_TEXT", "SCHEMA_TOO_COMPLEX"];
                if answer_side.iter().any(|kind| text.contains(&format!("errors#{kind}\""))) {
                    return ("accepted", format!("{status}; Prism could not make up an answer: {text}"));
                }
                return ("rejected", text.to_owned());
            }
            match &error {
                Error::Api { .. } | Error::UnexpectedStatus { .. } => ("accepted", format!("{status}{note}")),
                // An answer Prism made up against the spec is rightly not decoded.
                Error::Decode { .. } if !answer.is_empty() => {
                    ("accepted", format!("{status}; not decoded: {error}{note}"))
                }
                _ => ("client-failure", error.to_string()),
            }
        }

        /// Whether `operation` is to be called this run (`CONFORMANCE_ONLY`, a comma-separated list,
        /// names them after the mock server failed; all of them otherwise).
        fn wanted(operation: &str) -> bool {
            match ::std::env::var("CONFORMANCE_ONLY") {
                ::std::result::Result::Ok(list) => list.split(',').any(|name| name == operation),
                ::std::result::Result::Err(_) => true,
            }
        }

        /// What became of a call made again with values made from the schemas, after the spec's
        /// own examples were not accepted: accepted now, the spec's example was at fault.
        fn retried(
            first: ::std::result::Result<(&'static str, ::std::string::String), ::std::string::String>,
            second: ::std::result::Result<(&'static str, ::std::string::String), ::std::string::String>,
        ) -> ::std::result::Result<(&'static str, ::std::string::String), ::std::string::String> {
            let why = match first {
                ::std::result::Result::Ok((verdict, detail)) => format!("{verdict}: {detail}"),
                ::std::result::Result::Err(why) => why,
            };
            match second {
                ::std::result::Result::Ok(("accepted", detail)) => ::std::result::Result::Ok(("accepted", format!(
                    "{detail}; {}: the spec's own example was not accepted ({why}); a value made from the schema was", #SPEC_DEFECT
                ))),
                ::std::result::Result::Ok((verdict, detail)) => ::std::result::Result::Ok((verdict, format!(
                    "{detail} (a value made from the schema; with the spec's own example: {why})"
                ))),
                ::std::result::Result::Err(second) => ::std::result::Result::Err(format!(
                    "{second} (a value made from the schema; with the spec's own example: {why})"
                )),
            }
        }

        fn report(operation: &str, outcome: ::std::result::Result<(&'static str, ::std::string::String), ::std::string::String>) {
            let (verdict, detail) = outcome.unwrap_or_else(|why| ("client-failure", why));
            println!("{}\t{}\t{}\t{}", #MARKER, operation, verdict, detail.replace(['\n', '\t'], " "));
        }

        #[tokio::test]
        async fn every_operation() {
            let base_url = ::std::env::var(#BASE_URL_VAR).expect("CONFORMANCE_BASE_URL names the mock server");
            // A redirect is an answer of its own here: following it would leave the mock server.
            let http = ::reqwest::Client::builder()
                .redirect(::reqwest::redirect::Policy::none())
                .build()
                .expect("the HTTP client builds");
            let client = #root::ClientBuilder::new(base_url)
                .http_client(http)
                .allow_insecure_http()
                #( #credentials )*
                .build()
                .expect("the client builds");
            #( #calls )*
        }
    };
    let file: syn::File =
        syn::parse2(tokens).context("the generated conformance driver does not parse")?;
    let source = format!(
        "// @generated by `cargo xtask conformance`. Do not edit: every run rewrites it.\n\n{}",
        prettyplease::unparse(&file)
    );
    Ok((source, plans))
}

/// The block that calls `op` and reports it; `Err` says why it cannot be called.
///
/// The call is made with the spec's own examples first. When that call is not accepted and a
/// value made from the schemas alone differs, it is made again with that value: a spec example
/// that breaks its own schema is then reported as the spec's defect, and the call is judged on
/// the value made from the schema.
fn call(op: &Operation, openapi: &Value, root: &TokenStream) -> Result<TokenStream, String> {
    if let Response::Events(_) = op.success {
        return Err("an event stream: it stays open, so a call never ends".to_owned());
    }
    if let Some(why) = beyond_prism(op, openapi) {
        return Err(why);
    }
    let method = ident(&op.name);
    let label = op.name.trim_start_matches("r#");
    let first = arguments(op, openapi, root, Examples::Spec)?;
    let again = arguments(op, openapi, root, Examples::Schema)
        .ok()
        .filter(|again| again.lets.to_string() != first.lets.to_string());
    let call = |arguments: &Arguments| {
        let Arguments { lets, args } = arguments;
        quote! {
            async {
                #lets
                ::std::result::Result::Ok(verdict(client.#method(#args).with_response().await))
            }.await
        }
    };
    let first_call = call(&first);
    let retry = again.map(|again| {
        let second_call = call(&again);
        quote! {
            if !matches!(outcome, ::std::result::Result::Ok(("accepted", _))) {
                outcome = retried(outcome, #second_call);
            }
        }
    });
    Ok(quote! {
        if wanted(#label) {
            let mut outcome = #first_call;
            #retry
            report(#label, outcome);
        }
    })
}

/// Where a call's argument values come from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Examples {
    /// The spec's own `example`, `examples` or `default`, else made from the schema.
    Spec,
    /// Made from the schema alone.
    Schema,
}

/// A call's arguments: the `let`s that decode them, and the argument list.
struct Arguments {
    lets: TokenStream,
    args: TokenStream,
}

/// The arguments of a call of `op`, their values taken from `examples`.
fn arguments(
    op: &Operation,
    openapi: &Value,
    root: &TokenStream,
    examples: Examples,
) -> Result<Arguments, String> {
    let example = |pointer: &str| example(openapi, pointer, examples);
    // A parameter's own `example` or `examples` come before its schema's.
    let param_example = |schema: &str| match examples {
        Examples::Spec => parameter_example(openapi, schema).map_or_else(|| example(schema), Ok),
        Examples::Schema => example(schema),
    };
    let mut lets = Vec::new();
    let mut args = Vec::new();
    for param in &op.path_params {
        let local = ident(&format!("path_{}", param.name.trim_start_matches("r#")));
        let example = param_example(&param.schema)
            .map_err(|why| format!("no example for path parameter `{}`: {why}", param.wire))?;
        let ty = type_tokens(&param.ty, root);
        let name = &param.wire;
        lets.push(quote!(let #local: #ty = arg(#name, #example)?;));
        args.push(quote!(&#local));
    }
    if let Some(params) = &op.params {
        let mut fields = Vec::new();
        for param in &params.params {
            let field = ident(&param.name);
            let ty = type_tokens(&param.ty, root);
            let name = &param.wire;
            let value = match (param_example(&param.schema), param.required) {
                (Ok(example), true) => quote!(arg::<#ty>(#name, #example)?),
                (Ok(example), false) => {
                    quote!(::std::option::Option::Some(arg::<#ty>(#name, #example)?))
                }
                (Err(why), true) => {
                    return Err(format!("no example for parameter `{}`: {why}", param.wire));
                }
                (Err(_), false) => quote!(::std::option::Option::None),
            };
            fields.push(quote!(#field: #value,));
        }
        let name = ident(&params.name);
        lets.push(quote!(let params = #root::operations::#name { #( #fields )* };));
        args.push(quote!(&params));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, root);
        match (example(&body.schema), body.required) {
            (Ok(example), required) => {
                lets.push(quote!(let body: #ty = arg("body", #example)?;));
                args.push(if required {
                    quote!(&body)
                } else {
                    quote!(::std::option::Option::Some(&body))
                });
            }
            (Err(why), true) => return Err(format!("no example for the request body: {why}")),
            (Err(_), false) => args.push(quote!(::std::option::Option::None)),
        }
    }
    Ok(Arguments {
        lets: quote!(#( #lets )*),
        args: quote!(#( #args ),*),
    })
}

/// The parameter's own `example`, or the value of the first of its `examples` (references to
/// `components/examples` followed), as a Rust string literal of its JSON; `schema` is the pointer
/// of the parameter's schema.
fn parameter_example(openapi: &Value, schema: &str) -> Option<Literal> {
    let at = generator::example::resolved_pointer(openapi, schema.strip_suffix("/schema")?)?;
    let parameter = follow(openapi, openapi.pointer(&at)?)?;
    let value = match parameter.get("example") {
        Some(example) => example,
        None => {
            let first = parameter.get("examples")?.as_object()?.values().next()?;
            follow(openapi, first)?.get("value")?
        }
    };
    Some(Literal::string(&value.to_string()))
}

/// The example for the schema at `pointer`, as a Rust string literal of its JSON.
/// Why Prism cannot judge a call of `op`, if it cannot: a multipart part that is an array is sent
/// one part per item, and Prism 5.16 keeps only the last part of each name (its
/// `parseMultipartFormDataParams`), so it reads every array as one string and rejects it.
fn beyond_prism(op: &Operation, openapi: &Value) -> Option<String> {
    let body = op
        .body
        .as_ref()
        .filter(|body| body.encoding == Encoding::Multipart)?;
    let schema = follow(openapi, openapi.pointer(&body.schema)?)?;
    let (name, _) = schema
        .get("properties")?
        .as_object()?
        .iter()
        .find(|(_, property)| {
            follow(openapi, property).and_then(|p| p.get("type")) == Some(&Value::from("array"))
        })?;
    Some(format!(
        "multipart part `{name}` is an array, sent as one part per item; Prism {} keeps only the \
         last part of a name, so it cannot judge it",
        crate::prism::VERSION
    ))
}

/// `value`, or what its local `$ref` points at (one step: enough for a body and its properties).
fn follow<'a>(openapi: &'a Value, value: &'a Value) -> Option<&'a Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => generator::refs::resolve(openapi, reference),
        None => Some(value),
    }
}

fn example(openapi: &Value, pointer: &str, examples: Examples) -> Result<Literal, String> {
    let value = match examples {
        Examples::Spec => generator::example::try_example(openapi, pointer),
        Examples::Schema => generator::example::try_schema_example(openapi, pointer),
    };
    value
        .map(|value| Literal::string(&value.to_string()))
        .map_err(|why| why.to_string())
}
