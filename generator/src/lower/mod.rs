//! Stage 5: lower an `openapiv3::OpenAPI` document into [`crate::ir::Api`], deciding every name and type.
//!
//! Diagnostics carry pointers into the OpenAPI 3.0 document; the pipeline maps them back to the
//! input file.

mod cli;
mod composite;
mod deprecation;
mod derived_names;
mod error_text;
mod events;
mod features;
mod links;
mod media;
mod operation;
mod param_style;
mod quickstart;
mod read_write;
mod reserved;
mod schema;
mod secrets;
mod security;
mod server;
mod shape;
mod union;

use openapiv3::OpenAPI;

use crate::diag::Diagnostics;
use crate::ident;
use crate::ir::Api;

pub(crate) use features::FULL as FULL_FEATURE;
pub(crate) use features::used_models;
use schema::Schemas;

/// Lower `spec` to the IR. Problems that make a part unusable are diagnostics; that part is skipped
/// or typed as `serde_json::Value`, and the rest is still lowered.
///
/// `fingerprint` names the inputs (spec and overlay) the crate records it was generated from.
pub fn lower(spec: &OpenAPI, fingerprint: String, diagnostics: &mut Diagnostics) -> Api {
    let mut schemas = Schemas::new(spec, diagnostics);
    schemas.lower_components();
    let servers = server::Servers::new(spec);
    // `Client`'s methods: the runtime's, the constructor, the credential setters, then the
    // operations (an operation named like a setter gets a suffix, not the setter).
    let mut client_methods = ident::Scope::with_reserved(reserved::CLIENT_METHODS);
    client_methods.claim("builder".to_owned());
    let mut builder_methods = ident::Scope::with_reserved(reserved::BUILDER_METHODS);
    let security_schemes = security::lower(
        spec,
        &mut client_methods,
        &mut builder_methods,
        schemas.diagnostics,
    );
    let mut links = Vec::new();
    let mut operations = operation::lower_all(
        spec,
        &servers,
        &security_schemes,
        &mut schemas,
        &mut links,
        &mut client_methods,
    );
    let declared_events = events::lower(spec, &mut schemas);
    let mut models = schemas.finish();
    read_write::split(&mut models, &mut operations);
    union::mark_conversions(&mut models);
    let by_name = error_text::by_name(&models);
    for operation in &mut operations {
        operation.error_messages = error_text::message_fields(&operation.error, &by_name);
    }
    let secret_fields = secrets::secret_fields(&models, &operations, &security_schemes);
    let quickstart = quickstart::quickstart(spec, &operations, &security_schemes, diagnostics);
    let default_error = most_common_error(&operations);
    let retry_statuses = retry_statuses(spec, diagnostics);
    // The command-line tool's help is the spec's prose, without what the crate's docs add.
    let spec_docs: std::collections::BTreeMap<String, Option<String>> = operations
        .iter()
        .map(|op| (op.name.clone(), op.doc.clone()))
        .collect();
    let events =
        declared_events.and_then(|declared| events::finish(declared, &models, diagnostics));
    if let Some(events) = &events {
        events::point_streams_at(events, &mut operations);
    }
    let mut security_schemes = security_schemes;
    if let Some(base_url) = &servers.base_url {
        for scheme in &mut security_schemes {
            scheme.authorization_path = scheme
                .authorization_url
                .as_deref()
                .and_then(|url| url.strip_prefix(base_url.as_str()))
                .filter(|path| path.starts_with('/'))
                .map(str::to_owned);
        }
    }
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        fingerprint,
        base_url: servers.base_url.clone(),
        servers: server::choices(spec),
        base_path: servers.prefix.clone(),
        default_error,
        models,
        operations,
        security_schemes,
        secret_fields,
        retry_statuses,
        events,
        quickstart,
        cli: Default::default(),
        features: Vec::new(),
    };
    links::link(&mut api, &links);
    deprecation::mark_uses(&mut api);
    api.cli = cli::lower(spec, &api, &spec_docs, diagnostics);
    features::assign(spec, &mut api);
    api
}

/// Give the operations and models of `api` their Cargo features again (after
/// [`crate::select::prune_models`] dropped models).
pub fn assign_features(spec: &OpenAPI, api: &mut Api) {
    features::assign(spec, api);
}

/// Compile everything of `api` whatever the features: no feature, no gate.
pub fn drop_features(api: &mut Api) {
    api.features.clear();
    api.operations.iter_mut().for_each(|op| op.features.clear());
    api.models
        .iter_mut()
        .for_each(|model| model.features.clear());
}

/// `x-retry-statuses` at the spec's root: the answer statuses its clients should retry (and
/// event streams wait out), each an HTTP status from 100 to 599, in the spec's order, once each.
/// Anything else is a warning and leaves the runtime's default.
fn retry_statuses(spec: &OpenAPI, diagnostics: &mut Diagnostics) -> Vec<u16> {
    let Some(value) = spec.extensions.get("x-retry-statuses") else {
        return Vec::new();
    };
    let statuses: Option<Vec<u16>> = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|item| {
                item.as_u64()
                    .and_then(|n| u16::try_from(n).ok())
                    .filter(|n| (100..=599).contains(n))
            })
            .collect()
    });
    match statuses {
        Some(mut statuses) if !statuses.is_empty() => {
            let mut seen = std::collections::BTreeSet::new();
            statuses.retain(|status| seen.insert(*status));
            statuses
        }
        _ => {
            diagnostics.push(crate::diag::Diagnostic::warning(
                "invalid-retry-statuses",
                "/x-retry-statuses",
                format!(
                    "`x-retry-statuses` must be a non-empty list of HTTP statuses (100 to 599), not `{value}`; the runtime's default statuses are retried"
                ),
            ));
            Vec::new()
        }
    }
}

/// The error body most operations have (of several as common, the first in type order); any JSON
/// value for an API without operations.
fn most_common_error(operations: &[crate::ir::Operation]) -> crate::ir::Type {
    let mut counts: std::collections::BTreeMap<&crate::ir::Type, usize> = Default::default();
    for operation in operations {
        *counts.entry(&operation.error).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or_default();
    counts
        .into_iter()
        .find(|(_, count)| *count == most)
        .map_or(crate::ir::Type::Value, |(error, _)| error.clone())
}

/// The key in `#/components/<section>` that `reference` names (percent- and `~`-decoded); `None`
/// for any other reference.
pub(crate) fn component_key(reference: &str, section: &str) -> Option<String> {
    let pointer = crate::refs::target_pointer(reference)?;
    let token = pointer
        .strip_prefix("/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    (!token.contains('/')).then(|| crate::pointer::unescape_token(token))
}

#[cfg(test)]
mod tests {
    use super::component_key;

    #[test]
    fn component_keys_are_decoded() {
        assert_eq!(
            component_key("#/components/schemas/Pet", "schemas").as_deref(),
            Some("Pet")
        );
        assert_eq!(
            component_key("#/components/schemas/a~1b%20c", "schemas").as_deref(),
            Some("a/b c")
        );
        assert_eq!(
            component_key("#/components/schemas/A/properties/b", "schemas"),
            None
        );
        assert_eq!(component_key("#/components/schemasX/A", "schemas"), None);
        assert_eq!(component_key("#/components/responses/A", "schemas"), None);
        assert_eq!(
            component_key("other.yaml#/components/schemas/A", "schemas"),
            None
        );
    }
}
