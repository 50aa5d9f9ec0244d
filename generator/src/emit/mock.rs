//! `mock.rs` (behind the crate's `mock` feature): a typed mock of every operation, on the
//! runtime's `mock` module.
//!
//! The file declares the crate's `MockServer` (`mock_server!`), then, for each operation, a
//! method of `MockServer` named as the client's and a type of the operation's own whose methods
//! take its parameter, body, answer and error types. What every such type has (an error answer, a
//! delay, a dropped connection, how many calls) comes from the runtime's `mock_operation!`; what
//! differs per operation is written here, with the same builder calls the client's method makes,
//! so a mock expects a value written exactly as the client sends it.

use super::layout::{Doc, Printer, string};
use super::operations::{
    PathPiece, body_expr, operation_const, param_call, path_piece, signature, success_type,
};
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
pub(super) fn head(api: &Api, config: &CrateConfig, names: &[Names]) -> String {
    let mut out = Printer::new();
    out.text_line(
        0,
        "//! Typed mocks of the API, for testing code that calls it (feature `mock`): a local server",
    );
    out.text_line(
        0,
        "//! with one method per operation, named as the client's, to say what a call must carry and",
    );
    out.text_line(
        0,
        "//! what it answers. See \"Testing your code\" on the crate's front page.",
    );
    out.text_line(0, "use crate::runtime::*;");
    // A spec without operations has no mock to declare.
    // With the API's features off, no operation's mock is compiled to use it.
    if !names.is_empty() {
        out.text_line(0, "#[allow(unused_imports)]");
        out.text_line(0, "use crate::runtime::mock::Mock;");
    }
    out.text_line(0, "use crate::{API, Client, ClientBuilder};");
    out.text_line(
        0,
        "/// Every operation, to name the one a call no mock matched was for.",
    );
    let gated = api.operations.iter().any(|op| !op.features.is_empty());
    if gated {
        // Each entry under its operation's feature: one per line.
        out.text_line(0, "static OPERATIONS: &[&Operation] = &[");
        for (names, op) in names.iter().zip(&api.operations) {
            if let Some(cfg) = features::cfg_line(&op.features) {
                out.text_line(1, &cfg);
            }
            out.text_line(1, &format!("&{}::OPERATION,", names.ty));
        }
        out.text_line(0, "];");
    } else {
        let operations = names
            .iter()
            .map(|names| Doc::text(format!("&{}::OPERATION", names.ty)))
            .collect();
        out.line(
            0,
            &Doc::Concat(vec![
                Doc::text("static OPERATIONS: &[&Operation] = "),
                Doc::array("&[", operations),
                Doc::text(";"),
            ]),
        );
    }
    let schemes = api
        .security_schemes
        .iter()
        .map(|scheme| Doc::text(format!("crate::security::{}", scheme.constant)))
        .collect();
    out.text_line(
        0,
        "/// The API's security schemes, which the server's client has credentials for.",
    );
    out.line(
        0,
        &Doc::Concat(vec![
            Doc::text("static SCHEMES: &[Scheme] = "),
            Doc::array("&[", schemes),
            Doc::text(";"),
        ]),
    );
    out.text_line(
        0,
        &format!(
            "{}::mock_server!(API, Client, ClientBuilder, OPERATIONS, SCHEMES);",
            super::macros_path(config)
        ),
    );
    out.finish()
}

/// The items of one operation's mock: its type, `MockServer`'s method, and the type's methods.
pub(super) fn operation(out: &mut Printer, op: &Operation, names: &Names, config: &CrateConfig) {
    let macros = super::macros_path(config);
    let ty = &names.ty;
    let method = &names.method;
    let client_method = ident::bare(&op.name);
    let error = types::text(&op.error);
    let success = success_type(op, &error);
    let cfg = features::cfg_line(&op.features);
    let allow = op.uses_deprecated || op.deprecated.is_some();
    let attrs = |out: &mut Printer, allow: bool| {
        if let Some(cfg) = &cfg {
            out.text_line(0, cfg);
        }
        if allow {
            out.text_line(0, "#[allow(deprecated)]");
        }
    };
    out.docs(
        0,
        &[format!(
            " A mock of [`Client::{client_method}`](crate::Client::{client_method}) (`{} {}`), from [`MockServer::{}`]: say what a call must carry and what it answers, then [`mount`](Self::mount) it.",
            op.method,
            op.path,
            ident::bare(method)
        )],
    );
    attrs(out, allow);
    out.line(
        0,
        &Doc::Concat(vec![
            Doc::List {
                open: format!("pub struct {ty}<'s>("),
                items: vec![Doc::generic(
                    "Mock<",
                    vec![Doc::text("'s"), Doc::text(&success), Doc::text(&error)],
                )],
                close: ")",
                hug: false,
                trailing: true,
            },
            Doc::text(";"),
        ]),
    );
    attrs(out, false);
    out.text_line(0, "impl MockServer {");
    out.docs(
        1,
        &[format!(
            " Mock [`Client::{client_method}`](crate::Client::{client_method}): `{} {}`.",
            op.method, op.path
        )],
    );
    out.line(
        1,
        &signature(
            method,
            "",
            vec![Doc::text("&self")],
            Doc::text(format!("{ty}<'_>")),
        ),
    );
    out.line(
        2,
        &Doc::call(
            format!("{ty}("),
            vec![Doc::Chain {
                head: Box::new(Doc::text("self.0")),
                calls: vec![Doc::call(
                    ".mock(",
                    vec![
                        Doc::text(format!("&{ty}::OPERATION")),
                        Doc::text(op.success_status.to_string()),
                    ],
                )],
            }],
        ),
    );
    out.text_line(1, "}");
    out.text_line(0, "}");
    attrs(out, false);
    out.text_line(0, &format!("{macros}::mock_operation!({ty});"));
    attrs(out, allow);
    out.text_line(0, &format!("impl {ty}<'_> {{"));
    out.line(1, &operation_const(op));
    expectations(out, op);
    answers(out, op, &error);
    out.text_line(0, "}");
}

/// `pub fn name(self, arg) -> Self { Self(self.0…) }`, with its doc line; `call` is the call on
/// the mock (`.path(…)`).
fn builder(out: &mut Printer, doc: &str, name: &str, args: &[String], call: Doc) {
    out.docs(1, &[doc]);
    let args = std::iter::once(Doc::text("self"))
        .chain(args.iter().map(Doc::text))
        .collect();
    out.line(1, &signature(name, "", args, Doc::text("Self")));
    out.line(
        2,
        &Doc::call(
            "Self(",
            vec![Doc::Chain {
                head: Box::new(Doc::text("self.0")),
                calls: vec![call],
            }],
        ),
    );
    out.text_line(1, "}");
}

/// The methods that say what a call must carry: each path parameter, each query, header and
/// cookie parameter, and the body.
fn expectations(out: &mut Printer, op: &Operation) {
    let mut scope = Scope::with_reserved(MOCK_METHODS);
    for param in &op.path_params {
        let name = method_name(&mut scope, param);
        let ty = types::borrowed(&param.ty);
        let wire = Doc::text(string(&param.wire));
        let check = match path_piece(param, "value") {
            PathPiece::Raw(text) => Doc::call(".path(", vec![wire, Doc::text(text)]),
            PathPiece::Encoded(doc) => Doc::call(
                ".path_encoded(",
                vec![wire, Doc::Concat(vec![Doc::text("&"), doc])],
            ),
        };
        let doc = format!(
            " Only calls whose path parameter `{}` is `value`.",
            param.wire
        );
        builder(out, &doc, &name, &[format!("value: {ty}")], check);
    }
    for param in op.params.iter().flat_map(|params| &params.params) {
        let name = method_name(&mut scope, param);
        let (ty, value) = if is_copy(&param.ty) {
            (types::text(&param.ty), "&value")
        } else {
            (types::borrowed(&param.ty), "value")
        };
        let check = Doc::call(
            ".parameter(",
            vec![Doc::Concat(vec![
                Doc::text("|request| request"),
                param_call(param, value),
            ])],
        );
        let doc = format!(
            " Only calls whose {} parameter `{}` is `value`, written as the client writes it.",
            location_word(param),
            param.wire
        );
        builder(out, &doc, &name, &[format!("value: {ty}")], check);
    }
    if let Some(body) = &op.body {
        let mut required = body.clone();
        required.required = true;
        let ty = types::borrowed(&body.ty);
        let encoded = body_expr(Some(&required)).unwrap_or_else(|| Doc::text("Body::None"));
        builder(
            out,
            " Only calls whose body is `body`, encoded as the client encodes it.",
            "body",
            &[format!("body: {ty}")],
            Doc::call(".body(", vec![encoded]),
        );
    }
}

/// The methods that say what a call gets: the success answer, typed, and an error answer.
fn answers(out: &mut Printer, op: &Operation, error: &str) {
    let status = op.success_status;
    match &op.success {
        Response::Json(ty) => builder(
            out,
            &format!(" Answer `{status}` with `body`, as JSON."),
            "ok",
            &[format!("body: &{}", types::text(ty))],
            Doc::call(".ok_json(", vec![Doc::text("body")]),
        ),
        Response::Empty => builder(
            out,
            &format!(" Answer `{status}`, with no body."),
            "ok",
            &[],
            Doc::text(".ok_empty()"),
        ),
        Response::Text => {
            let media = op.accept.as_deref().unwrap_or("text/plain");
            builder(
                out,
                &format!(" Answer `{status}` with `text`, as `{media}`."),
                "ok",
                &["text: &str".to_owned()],
                Doc::call(
                    ".ok_raw(",
                    vec![Doc::text(string(media)), Doc::text("text")],
                ),
            );
        }
        Response::Binary => {
            let media = op.accept.as_deref().unwrap_or("application/octet-stream");
            builder(
                out,
                &format!(" Answer `{status}` with `bytes`, as `{media}`."),
                "ok",
                &["bytes: impl ::core::convert::Into<::std::vec::Vec<u8>>".to_owned()],
                Doc::call(
                    ".ok_raw(",
                    vec![Doc::text(string(media)), Doc::text("bytes")],
                ),
            );
        }
        Response::Events(ty) => {
            out.docs(
                1,
                &[
                    " Answer with a stream of `events`, their data as JSON; the stream ends after the",
                    " last one (a reconnect is answered `204 No Content`, which ends the client's",
                    " stream).",
                ],
            );
            let arg = format!(
                "events: impl ::core::iter::IntoIterator<Item = Event<{}>>",
                types::text(ty)
            );
            out.line(
                1,
                &signature(
                    "events",
                    "",
                    vec![Doc::text("self"), Doc::text(arg)],
                    Doc::text("Self"),
                ),
            );
            out.line(2, &Doc::text("Self(self.0.events(events))"));
            out.text_line(1, "}");
        }
    }
    builder(
        out,
        " Answer with this error body (the operation's documented error type) and `status`.",
        "error",
        &["status: u16".to_owned(), format!("body: &{error}")],
        Doc::call(".error(", vec![Doc::text("status"), Doc::text("body")]),
    );
}

/// The method named for `param` (its Rust name, or `<name>_param` where a common method has
/// that name).
fn method_name(scope: &mut Scope, param: &Param) -> String {
    let bare = ident::bare(&param.name);
    let name = if MOCK_METHODS.contains(&bare) {
        format!("{bare}_param")
    } else {
        param.name.clone()
    };
    scope.claim(name)
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
