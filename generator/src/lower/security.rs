//! Security schemes: how each puts its credential on a request, and the names of its constant,
//! its credential setters and its authorization-code flow in the generated crate.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme as SpecScheme};

use super::derived_names;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::{self, Scope};
use crate::ir::{SchemeKind, SecurityScheme, Setters};
use crate::pointer::child;

/// A scheme as the spec describes it, before it is named.
struct Scheme {
    name: String,
    kind: SchemeKind,
    default_basic: Option<(String, String)>,
    authorization_url: Option<String>,
    doc: Option<String>,
}

/// The spec's security schemes, sorted by name, each named in the generated crate: a constant in
/// `security`, and for a scheme some requirement uses, a setter on `ClientBuilder` (claimed in
/// `builder_methods`) and a `with_…` method on `Client` (in `client_methods`); for an
/// authorization-code flow, the `Client` function that starts it.
pub(crate) fn lower(
    spec: &OpenAPI,
    client_methods: &mut Scope,
    builder_methods: &mut Scope,
    diagnostics: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let used = used(spec);
    let schemes = schemes(spec, diagnostics);
    let flows = schemes
        .iter()
        .filter(|s| s.authorization_url.is_some())
        .count();
    let mut constants = Scope::default();
    schemes
        .into_iter()
        .map(|scheme| {
            let method = ident::snake(&scheme.name);
            let setters = used.contains(&scheme.name).then(|| Setters {
                builder: builder_methods.claim(method.clone()),
                client: client_methods.claim(derived_names::credential_setter(&method)),
            });
            // One flow starts with `authorization_request`; several are told apart by scheme.
            let authorization_method = scheme.authorization_url.as_ref().map(|_| {
                client_methods.claim(derived_names::authorization_request(&method, flows))
            });
            SecurityScheme {
                constant: constants.claim(derived_names::security_constant(&method)),
                setters,
                authorization_method,
                name: scheme.name,
                kind: scheme.kind,
                default_basic: scheme.default_basic,
                authorization_url: scheme.authorization_url,
                authorization_path: None,
                doc: scheme.doc,
            }
        })
        .collect()
}

/// The schemes some security requirement names, the document's or an operation's: those take a
/// credential. (A scheme that only describes how to obtain a token takes none of its own.)
fn used(spec: &OpenAPI) -> BTreeSet<String> {
    let operations = spec
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter());
    let requirements = spec
        .security
        .iter()
        .flatten()
        .chain(operations.flat_map(|(_, op)| op.security.iter().flatten()));
    requirements
        .flat_map(|requirement| requirement.keys().cloned())
        .collect()
}

fn schemes(spec: &OpenAPI, diagnostics: &mut Diagnostics) -> Vec<Scheme> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut schemes = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let pointer = child("/components/securitySchemes", name);
        let ReferenceOr::Item(scheme) = scheme else {
            diagnostics.push(Diagnostic::warning(
                "unsupported-construct",
                pointer,
                "a `$ref` to a security scheme is not supported; the scheme is skipped",
            ));
            continue;
        };
        let Some(Described {
            kind,
            doc,
            extensions,
            authorization_url,
        }) = described(scheme, &pointer, diagnostics)
        else {
            continue;
        };
        let default_basic = default_credentials(extensions, &pointer, diagnostics);
        schemes.push(Scheme {
            name: name.clone(),
            kind,
            default_basic,
            authorization_url,
            doc: doc.clone(),
        });
    }
    schemes.sort_by(|a, b| a.name.cmp(&b.name));
    schemes
}

/// What a scheme of the spec is, for the client: how it applies its credential, its docs and
/// extensions, and for an authorization-code flow where users log in.
struct Described<'s> {
    kind: SchemeKind,
    doc: &'s Option<String>,
    extensions: &'s indexmap::IndexMap<String, serde_json::Value>,
    authorization_url: Option<String>,
}

/// `scheme` as the client applies it; `None` (with a warning) for a kind it cannot apply.
fn described<'s>(
    scheme: &'s SpecScheme,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Described<'s>> {
    let mut authorization_url = None;
    let (kind, doc, extensions) = match scheme {
        SpecScheme::HTTP {
            scheme,
            description,
            extensions,
            ..
        } => {
            let kind = match scheme.to_ascii_lowercase().as_str() {
                "basic" => SchemeKind::Basic,
                "bearer" => SchemeKind::Bearer,
                other => {
                    diagnostics.push(Diagnostic::warning(
                        "unsupported-construct",
                        pointer.to_owned(),
                        format!("HTTP authentication scheme `{other}` is not supported; skipped"),
                    ));
                    return None;
                }
            };
            (kind, description, extensions)
        }
        SpecScheme::OAuth2 {
            flows,
            description,
            extensions,
        } => {
            authorization_url = flows
                .authorization_code
                .as_ref()
                .map(|flow| flow.authorization_url.clone());
            (SchemeKind::Bearer, description, extensions)
        }
        SpecScheme::OpenIDConnect {
            description,
            extensions,
            ..
        } => (SchemeKind::Bearer, description, extensions),
        SpecScheme::APIKey {
            location,
            name: key,
            description,
            extensions,
        } => {
            let kind = match location {
                openapiv3::APIKeyLocation::Header => SchemeKind::ApiKeyHeader(key.clone()),
                openapiv3::APIKeyLocation::Query => SchemeKind::ApiKeyQuery(key.clone()),
                openapiv3::APIKeyLocation::Cookie => SchemeKind::ApiKeyCookie(key.clone()),
            };
            (kind, description, extensions)
        }
    };
    Some(Described {
        kind,
        doc,
        extensions,
        authorization_url,
    })
}

/// `x-default-credentials: {username, password}`: credentials the API documents as usable by anyone
/// (such as a public OAuth client), preset in the generated builder.
fn default_credentials(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(String, String)> {
    let value = extensions.get("x-default-credentials")?;
    let username = value.get("username").and_then(|v| v.as_str());
    let password = value.get("password").and_then(|v| v.as_str());
    match (username, password) {
        (Some(username), Some(password)) => Some((username.to_owned(), password.to_owned())),
        _ => {
            diagnostics.push(Diagnostic::warning(
                "invalid-extension",
                child(pointer, "x-default-credentials"),
                "`x-default-credentials` needs string `username` and `password`; ignored",
            ));
            None
        }
    }
}
