//! Stage 5: lower an `openapiv3::OpenAPI` document into [`crate::ir::Api`], deciding every name and type.
//!
//! Diagnostics carry pointers into the OpenAPI 3.0 document; the pipeline maps them back to the
//! input file.

mod composite;
mod deprecation;
mod error_text;
mod links;
mod media;
mod operation;
mod quickstart;
mod schema;
mod secrets;
mod server;

use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme as SpecScheme};

use crate::diag::{Diagnostic, child};
use crate::ident;
use crate::ir::{Api, SchemeKind, SecurityScheme};

use schema::Schemas;

/// Lower `spec` to the IR. Problems that make a part unusable are diagnostics; that part is skipped
/// or typed as `serde_json::Value`, and the rest is still lowered.
pub fn lower(spec: &OpenAPI, diagnostics: &mut Vec<Diagnostic>) -> Api {
    let mut schemas = Schemas::new(spec, diagnostics);
    schemas.lower_components();
    let servers = server::Servers::new(spec);
    let security_schemes = lower_security(spec, schemas.diagnostics);
    let mut links = Vec::new();
    let mut operations =
        operation::lower_all(spec, &servers, &security_schemes, &mut schemas, &mut links);
    let models = schemas.finish();
    for operation in &mut operations {
        operation.error_messages = error_text::message_fields(&operation.error, &models);
    }
    let secret_fields = secrets::secret_fields(&models, &operations, &security_schemes);
    let quickstart = quickstart::quickstart(spec, &operations, &security_schemes, diagnostics);
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        fingerprint: String::new(),
        base_url: servers.base_url.clone(),
        models,
        operations,
        security_schemes,
        secret_fields,
        usual_message_fields: error_text::usual(),
        quickstart,
    };
    links::link(&mut api, &links);
    deprecation::mark_uses(&mut api);
    api
}

fn lower_security(spec: &OpenAPI, diagnostics: &mut Vec<Diagnostic>) -> Vec<SecurityScheme> {
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
                            pointer,
                            format!(
                                "HTTP authentication scheme `{other}` is not supported; skipped"
                            ),
                        ));
                        continue;
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
        let default_basic = default_credentials(extensions, &pointer, diagnostics);
        schemes.push(SecurityScheme {
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

/// `x-default-credentials: {username, password}`: credentials the API documents as usable by anyone
/// (such as a public OAuth client), preset in the generated builder.
fn default_credentials(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    pointer: &str,
    diagnostics: &mut Vec<Diagnostic>,
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

/// The method name for a scheme's credential setter, e.g. `client_credentials`.
pub(crate) fn scheme_method(name: &str) -> String {
    ident::snake(name)
}
