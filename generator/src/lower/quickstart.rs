//! The quick start on the crate's front page: the spec's own (`info.x-quickstart`), or what the
//! generic one shows, chosen here so that `emit` only renders it.

use openapiv3::OpenAPI;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Operation, Quickstart, Response, SecurityScheme};

/// `info.x-quickstart` when the spec has one, else the operation and credential the generic quick
/// start shows.
pub(crate) fn quickstart(
    spec: &OpenAPI,
    operations: &[Operation],
    schemes: &[SecurityScheme],
    diagnostics: &mut Diagnostics,
) -> Quickstart {
    match spec.info.extensions.get("x-quickstart") {
        Some(serde_json::Value::String(text)) if !text.trim().is_empty() => {
            return Quickstart::Spec(text.clone());
        }
        Some(_) => diagnostics.push(Diagnostic::warning(
            "invalid-extension",
            "/info/x-quickstart",
            "`x-quickstart` must be Markdown text; the generic quick start is used",
        )),
        None => {}
    }
    let operation = example_operation(operations);
    Quickstart::Generic {
        scheme: example_scheme(operation, operations, schemes),
        operation: operation.map(|op| op.name.clone()),
    }
}

/// An operation callable with no arguments whose answer prints with `{:?}`: a `GET` if there is
/// one, else the first by name (operations are sorted by name).
fn example_operation(operations: &[Operation]) -> Option<&Operation> {
    let callable = |op: &&Operation| {
        op.path_params.is_empty()
            && op.params.is_none()
            && op.body.as_ref().is_none_or(|body| !body.required)
            && !matches!(op.success, Response::Events(_))
            && !op.name.starts_with("r#")
    };
    let mut candidates = operations.iter().filter(callable);
    operations
        .iter()
        .filter(callable)
        .find(|op| op.method == "GET")
        .or_else(|| candidates.next())
}

/// A scheme needing credentials the builder does not preset: one the example operation accepts,
/// else any scheme some operation uses.
fn example_scheme(
    example: Option<&Operation>,
    operations: &[Operation],
    schemes: &[SecurityScheme],
) -> Option<String> {
    let needs_credentials = |name: &String| {
        schemes
            .iter()
            .any(|s| s.name == *name && s.default_basic.is_none())
    };
    let accepted = example.and_then(|op| {
        op.security
            .iter()
            .flatten()
            .find(|name| needs_credentials(name))
    });
    let used = || {
        operations
            .iter()
            .flat_map(|op| op.security.iter().flatten())
            .find(|name| needs_credentials(name))
    };
    accepted.or_else(used).cloned()
}
