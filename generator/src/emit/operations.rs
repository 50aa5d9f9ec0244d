//! `operations.rs`: one method on `Client` per operation, plus its parameter struct. The methods
//! and structs are written as text (see [`super::layout`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{Doc, Printer, string};
use super::{doc, features, types};
use crate::ir::{
    Body, Encoding, Operation, Pagination, Param, ParamLocation, ParamStyle, ParamsStruct, Part,
    Response, SecurityScheme, Type,
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

/// The first line of the `impl` block of the crate's `Client` that holds the methods (by its
/// path: the runtime's glob import brings a `Client` of its own, which the crate's wraps).
pub(crate) const CLIENT_BLOCK: &str = "impl crate::Client {";

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

/// One parameter struct, compiled with any of `gate` (always, if empty).
pub(crate) fn params_struct(out: &mut Printer, params: &ParamsStruct, gate: &[String]) {
    out.text_line(
        0,
        "/// Query, header and cookie parameters of an operation.",
    );
    if let Some(cfg) = features::cfg_line(gate) {
        out.text_line(0, &cfg);
    }
    let default = if params.params.iter().all(|p| !p.required) {
        ", Default"
    } else {
        ""
    };
    out.text_line(0, &format!("#[derive(Debug, Clone, PartialEq{default})]"));
    out.text_line(0, &format!("pub struct {} {{", params.name));
    for param in &params.params {
        match &param.doc {
            Some(text) => out.docs(1, &doc::escape(text)),
            None => out.docs(1, &[format!(" `{}`", param.wire)]),
        }
        let ty = types::text(&param.ty);
        let ty = if param.required {
            ty
        } else {
            format!("Option<{ty}>")
        };
        out.line(1, &Doc::text(format!("pub {}: {ty},", param.name)));
    }
    out.text_line(0, "}");
}

/// The method's docs (the spec's text, what it sends and receives), then its deprecation.
fn method_docs(out: &mut Printer, op: &Operation) {
    let mut lines = op.doc.as_deref().map(doc::escape).unwrap_or_default();
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
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        " Sends `{} {}`{media}{answer}.",
        op.method, op.path
    ));
    if let Some(line) = features::doc_line(&op.features) {
        lines.push(String::new());
        lines.push(line);
    }
    out.docs(1, &lines);
    for line in doc::method_deprecation(op, false) {
        out.text_line(1, &line);
    }
}

/// The text of the Rust type a success answer decodes to; `error` is the error type's.
pub(super) fn success_type(op: &Operation, error: &str) -> String {
    match &op.success {
        Response::Empty => "()".to_owned(),
        Response::Json(ty) => types::text(ty),
        Response::Text => "String".to_owned(),
        Response::Binary => "Download".to_owned(),
        Response::Events(ty) => format!("EventStream<{}, {error}>", types::text(ty)),
    }
}

/// The `OPERATION` constant: the operation's name, method, path template and error messages.
pub(super) fn operation_const(op: &Operation) -> Doc {
    let messages = op
        .error_messages
        .iter()
        .map(|m| Doc::text(string(m)))
        .collect();
    Doc::Concat(vec![
        Doc::text("const OPERATION: Operation = "),
        Doc::call(
            "Operation::new(",
            vec![
                Doc::text(string(crate::ident::bare(&op.name))),
                Doc::text(string(&op.method)),
                Doc::text(string(&op.path)),
                Doc::array("&[", messages),
            ],
        ),
        Doc::text(";"),
    ])
}

/// The operation's method (and its page stream), inside `impl Client`: build the request, hand
/// it to a `Call`.
pub(crate) fn method(out: &mut Printer, op: &Operation, schemes: &[SecurityScheme]) {
    method_docs(out, op);
    let cfg = features::cfg_line(&op.features);
    if let Some(cfg) = &cfg {
        out.text_line(1, cfg);
    }
    let mut args = vec![Doc::text("&self")];
    for param in &op.path_params {
        args.push(Doc::text(format!(
            "{}: {}",
            param.name,
            types::borrowed(&param.ty)
        )));
    }
    if let Some(params) = &op.params {
        args.push(Doc::text(format!("params: &{}", params.name)));
    }
    if let Some(body) = &op.body {
        let ty = types::borrowed(&body.ty);
        args.push(Doc::text(if body.required {
            format!("body: {ty}")
        } else {
            format!("body: Option<{ty}>")
        }));
    }
    let error = types::text(&op.error);
    let success = success_type(op, &error);
    let returns = Doc::generic(
        "Call<",
        vec![Doc::text("'_"), Doc::text(&success), Doc::text(&error)],
    );
    out.line(1, &signature(&op.name, "", args, returns));
    out.line(2, &operation_const(op));
    let request = request_expr(out, op, schemes);
    let decode_error = if op.error_by_status {
        format!("{error}::from_status")
    } else {
        "error_json".to_owned()
    };
    let read = match &op.success {
        Response::Empty => "empty",
        Response::Json(_) => "json",
        Response::Text => "text",
        Response::Binary => "download",
        Response::Events(_) => "events",
    };
    out.line(
        2,
        &Doc::call(
            format!("Call::{read}("),
            vec![
                Doc::text("self"),
                Doc::text("&OPERATION"),
                Doc::text(request),
                Doc::text(decode_error),
            ],
        ),
    );
    out.text_line(1, "}");
    if let Some(pagination) = &op.pagination {
        pages_method(out, op, pagination, cfg.as_deref(), &success, &error);
    }
}

/// A method's first line: `pub fn name<generics>(args) -> returns {`, its arguments one per line
/// when it is too long.
pub(super) fn signature(name: &str, generics: &str, args: Vec<Doc>, returns: Doc) -> Doc {
    Doc::Concat(vec![
        Doc::List {
            open: format!("pub fn {name}{generics}("),
            items: args,
            close: ")",
            hug: false,
            trailing: true,
        },
        Doc::text(" -> "),
        returns,
        Doc::text(" {"),
    ])
}

/// The path with each `{param}` replaced by its percent-encoded value (a name the template uses
/// twice is written twice): a string literal, or an array of pieces joined.
fn path_expr(op: &Operation) -> Doc {
    if op.path_params.is_empty() {
        return Doc::text(string(&op.path));
    }
    let mut parts = Vec::new();
    let mut rest = op.path.as_str();
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        if !literal.is_empty() {
            parts.push(Doc::text(string(literal)));
        }
        match op.path_params.iter().find(|param| param.wire == name) {
            Some(param) => match path_piece(param, &param.name) {
                PathPiece::Raw(text) => parts.push(Doc::text(format!("&*path_segment({text})"))),
                PathPiece::Encoded(doc) => {
                    parts.push(Doc::Concat(vec![Doc::text("&"), doc]));
                }
            },
            // `lower` gave every name of the template a parameter; anything else stays as written.
            None => parts.push(Doc::text(string(&format!("{{{name}}}")))),
        }
        rest = tail;
    }
    if !rest.is_empty() {
        parts.push(Doc::text(string(rest)));
    }
    Doc::Chain {
        head: Box::new(Doc::array("[", parts)),
        calls: vec![Doc::text(".concat()")],
    }
}

/// How the text of a path parameter is made.
pub(super) enum PathPiece {
    /// A `&str` expression of the value's text, which `path_segment` percent-encodes whole.
    Raw(String),
    /// A `String` expression of the text already percent-encoded as its style writes it (an
    /// array's, an object's, a `label` or `matrix` one's, whose separators stay as they are).
    Encoded(Doc),
}

/// The text of path parameter `param`, whose value is in `arg`: a string is its own text, other
/// primitives their wire value; arrays, objects and every style but `simple` are written by the
/// runtime's `path_param`.
pub(super) fn path_piece(param: &Param, arg: &str) -> PathPiece {
    let (style, explode) = match param.style {
        ParamStyle::Label { explode } => ("PathStyle::Label", explode),
        ParamStyle::Matrix { explode } => ("PathStyle::Matrix", explode),
        ParamStyle::SimpleExploded => ("PathStyle::Simple", true),
        _ => match param.ty {
            Type::String => return PathPiece::Raw(arg.to_owned()),
            Type::Uuid => return PathPiece::Raw(format!("{arg}.as_str()")),
            Type::Vec(_) | Type::Map(_) | Type::Named { .. } | Type::Value => {
                ("PathStyle::Simple", false)
            }
            _ => return PathPiece::Raw(format!("&text_of({arg})")),
        },
    };
    PathPiece::Encoded(Doc::call(
        "path_param(",
        vec![
            Doc::text(string(&param.wire)),
            Doc::text(arg),
            Doc::text(style),
            Doc::text(explode.to_string()),
        ],
    ))
}

/// The request's query pairs (the fixed ones, then the parameters), headers (the `accept` this
/// method reads, then header parameters) and cookies (into one `Cookie` header), as calls of
/// `Request`'s builder methods.
fn params_calls(op: &Operation) -> Vec<Doc> {
    let mut calls: Vec<Doc> = op
        .fixed_query
        .iter()
        .map(|(name, value)| {
            Doc::call(
                ".query(",
                vec![Doc::text(string(name)), Doc::text(string(value))],
            )
        })
        .collect();
    if let Some(params) = &op.params {
        calls.extend(param_calls(params, ParamLocation::Query));
    }
    // The answer this method reads, when the operation answers in several media types.
    if let Some(media) = &op.accept {
        calls.push(Doc::call(
            ".header(",
            vec![Doc::text("\"accept\""), Doc::text(string(media))],
        ));
    }
    if let Some(params) = &op.params {
        calls.extend(param_calls(params, ParamLocation::Header));
        calls.extend(param_calls(params, ParamLocation::Cookie));
    }
    calls
}

/// For each parameter at `location`, the builder call that adds it (written as its style says;
/// an absent optional one adds nothing).
fn param_calls(params: &ParamsStruct, location: ParamLocation) -> Vec<Doc> {
    let at_location = params.params.iter().filter(|p| p.location == location);
    at_location
        .map(|param| param_call(param, &format!("&params.{}", param.name)))
        .collect()
}

/// The builder call that adds parameter `param`, whose value (a reference) is `value`, written as
/// its location and style say.
pub(super) fn param_call(param: &Param, value: &str) -> Doc {
    let wire = Doc::text(string(&param.wire));
    let value = Doc::text(value);
    let joined = |separator: char| Doc::text(format!("{separator:?}"));
    let (method, args) = match (param.location, param.style) {
        (ParamLocation::Header, ParamStyle::SimpleExploded) => {
            (".header_exploded(", vec![wire, value])
        }
        (ParamLocation::Header, _) => (".header(", vec![wire, value]),
        (ParamLocation::Cookie, ParamStyle::Joined(separator)) => {
            (".cookie_joined(", vec![wire, value, joined(separator)])
        }
        (ParamLocation::Cookie, _) => (".cookie(", vec![wire, value]),
        (_, ParamStyle::Repeated) if param.allow_reserved => {
            (".query_reserved(", vec![wire, value, Doc::text("None")])
        }
        (_, ParamStyle::Joined(separator)) if param.allow_reserved => (
            ".query_reserved(",
            vec![wire, value, Doc::text(format!("Some({separator:?})"))],
        ),
        (_, ParamStyle::Joined(separator)) => {
            (".query_joined(", vec![wire, value, joined(separator)])
        }
        (_, ParamStyle::DeepObject) => (".query_deep(", vec![wire, value]),
        // `form` exploded; the path styles are never a query's.
        (_, ParamStyle::Repeated | ParamStyle::SimpleExploded)
        | (_, ParamStyle::Label { .. } | ParamStyle::Matrix { .. }) => {
            (".query(", vec![wire, value])
        }
    };
    Doc::call(method, args)
}

/// Write the statements that build the request; the request as `Call` takes it: the request, or
/// why its body cannot be encoded.
fn request_expr(out: &mut Printer, op: &Operation, schemes: &[SecurityScheme]) -> &'static str {
    let mut path = path_expr(op);
    // A path with parameters is built on a line of its own.
    if !op.path_params.is_empty() {
        out.line(
            2,
            &Doc::Concat(vec![Doc::text("let path = "), path, Doc::text(";")]),
        );
        path = Doc::text("path");
    }
    let method = format!("Method::{}", op.method);
    let mut calls = params_calls(op);
    if let Some(media) = json_content_type(op.body.as_ref()) {
        calls.push(Doc::call(
            ".header(",
            vec![Doc::text("\"content-type\""), Doc::text(string(media))],
        ));
    }
    calls.extend(security_call(&op.security, schemes));
    let body = body_expr(op.body.as_ref());
    let encoded = body.is_some();
    calls.extend(body.map(|body| Doc::call(".body(", vec![body])));
    let head = Doc::call("Request::new(", vec![Doc::text(method), path]);
    let request = if calls.is_empty() {
        head
    } else {
        Doc::Chain {
            head: Box::new(head),
            calls,
        }
    };
    out.line(
        2,
        &Doc::Concat(vec![Doc::text("let request = "), request, Doc::text(";")]),
    );
    if encoded { "request" } else { "Ok(request)" }
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
pub(super) fn body_expr(body: Option<&Body>) -> Option<Doc> {
    let body = body?;
    // A text or binary body, encoded by `encoder` with its media type; it cannot fail.
    let raw = |encoder: &str| {
        let encoded = Doc::call(
            encoder,
            vec![Doc::text("body"), Doc::text(string(&body.media))],
        );
        Doc::call("Ok(", vec![encoded])
    };
    // The encoded body from `body`, and the encoder alone when it is a function's name.
    let (encoded, encoder) = match body.encoding {
        Encoding::Json => (Doc::text("json_body(body)"), Some("json_body")),
        Encoding::Form => (Doc::text("form_body(body)"), Some("form_body")),
        Encoding::Text => (raw("text_body("), None),
        Encoding::Binary => (raw("bytes_body("), None),
        Encoding::Multipart => (multipart_expr(&body.parts), None),
    };
    let map_or = |encoder: Doc| Doc::Chain {
        head: Box::new(Doc::text("body")),
        calls: vec![Doc::call(
            ".map_or(",
            vec![Doc::text("Ok(Body::None)"), encoder],
        )],
    };
    Some(match (body.required, encoder) {
        (true, _) => encoded,
        (false, Some(encoder)) => map_or(Doc::text(encoder)),
        (false, None) => map_or(Doc::Concat(vec![Doc::text("|body| "), encoded])),
    })
}

/// A multipart body built part by part: file fields as file parts, the rest as text (an absent
/// optional field adds no part).
fn multipart_expr(parts: &[Part]) -> Doc {
    let mut calls: Vec<Doc> = parts
        .iter()
        .map(|part| {
            let method = if part.file { ".file(" } else { ".text(" };
            Doc::call(
                method,
                vec![
                    Doc::text(string(&part.wire)),
                    Doc::text(format!("&body.{}", part.field)),
                ],
            )
        })
        .collect();
    calls.push(Doc::text(".into_body()"));
    Doc::Chain {
        head: Box::new(Doc::text("Parts::new()")),
        calls,
    }
}

/// `<name>_pages`: the operation as a stream of every page, from the page in `params` (or 1).
fn pages_method(
    out: &mut Printer,
    op: &Operation,
    pagination: &Pagination,
    cfg: Option<&str>,
    success: &str,
    error: &str,
) {
    let Some(params) = &op.params else {
        return;
    };
    let field = &pagination.page_field;
    let doc = format!(
        " Every page of [`Self::{}`], fetched one after another as the stream is read (`StreamExt::next`, no pinning needed); an error is the last item.",
        crate::ident::bare(&op.name)
    );
    out.docs(1, &[doc]);
    for line in doc::method_deprecation(op, true) {
        out.text_line(1, &line);
    }
    if let Some(cfg) = cfg {
        out.text_line(1, cfg);
    }
    let mut args = vec![Doc::text("&'a self")];
    let mut passed = Vec::new();
    for param in &op.path_params {
        let ty = match &param.ty {
            Type::String => "&'a str".to_owned(),
            other => format!("&'a {}", types::text(other)),
        };
        args.push(Doc::text(format!("{}: {ty}", param.name)));
        passed.push(Doc::text(param.name.clone()));
    }
    args.push(Doc::text(format!("params: &'a {}", params.name)));
    passed.push(Doc::text("&params"));
    if let Some(body) = &op.body {
        let ty = types::text(&body.ty);
        args.push(Doc::text(if body.required {
            format!("body: &'a {ty}")
        } else {
            format!("body: Option<&'a {ty}>")
        }));
        passed.push(Doc::text("body"));
    }
    let returns = Doc::generic(
        "Pages<",
        vec![Doc::text("'a"), Doc::text(success), Doc::text(error)],
    );
    out.line(1, &signature(&pagination.method, "<'a>", args, returns));
    out.line(
        2,
        &Doc::Concat(vec![
            Doc::text("let first = "),
            Doc::Chain {
                head: Box::new(Doc::text(format!("params.{field}"))),
                calls: vec![
                    Doc::call(
                        ".and_then(",
                        vec![Doc::text("|page| u64::try_from(page).ok()")],
                    ),
                    Doc::text(".unwrap_or(1)"),
                ],
            },
            Doc::text(";"),
        ]),
    );
    out.text_line(2, "pages(");
    out.text_line(3, "first,");
    out.text_line(3, "move |page| {");
    out.text_line(4, "let mut params = params.clone();");
    out.text_line(
        4,
        &format!("params.{field} = TryFrom::try_from(page).ok();"),
    );
    let call = Doc::Concat(vec![
        Doc::call(format!("self.{}(", op.name), passed),
        Doc::text(".await"),
    ]);
    let one_line = Doc::Concat(vec![
        Doc::text("async move { "),
        call.clone(),
        Doc::text(" }"),
    ]);
    if one_line
        .width_within(super::layout::WIDTH - 4 * 4)
        .is_some()
    {
        out.line(4, &one_line);
    } else {
        out.text_line(4, "async move {");
        out.line(5, &call);
        out.text_line(4, "}");
    }
    out.text_line(3, "},");
    out.line(
        3,
        &Doc::Concat(vec![
            Doc::text(format!("|answer: &{success}| ")),
            Doc::call(
                "pointer_u64(",
                vec![
                    Doc::text("answer"),
                    Doc::text(string(&pagination.total_pages)),
                ],
            ),
            Doc::text(","),
        ]),
    );
    out.text_line(2, ")");
    out.text_line(1, "}");
}

/// `.security(…)` with the operation's alternatives, each a list of the `security` constants of
/// its schemes (`lower` keeps only schemes it lowered); nothing when it needs none.
fn security_call(security: &[Vec<String>], schemes: &[SecurityScheme]) -> Option<Doc> {
    if security.is_empty() {
        return None;
    }
    let alternatives = security
        .iter()
        .map(|names| {
            let constants = names
                .iter()
                .filter_map(|name| {
                    let scheme = schemes.iter().find(|scheme| scheme.name == *name)?;
                    Some(Doc::text(format!("crate::security::{}", scheme.constant)))
                })
                .collect();
            Doc::array("&[", constants)
        })
        .collect();
    Some(Doc::call(
        ".security(",
        vec![Doc::array("&[", alternatives)],
    ))
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
