//! `--select`: generate only some of a spec's operations. Before lowering, every operation no
//! pattern selects is taken out of the document; after it, every model no kept operation (nor
//! the crate's own items) uses is dropped.
//!
//! A pattern is a path glob when it starts with `/` (`*` is any text within one path segment,
//! `**` any text across segments: `/repos/**`); otherwise a tag (as the spec writes it, or as
//! its feature is named: `fleet-health`) or an operation id (as the spec writes it, or in snake
//! case: `get_device`). A pattern that selects nothing is an error: a typo would otherwise
//! give a crate without the operations asked for.

use heck::{ToKebabCase, ToSnakeCase};
use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

use crate::diag::Diagnostics;
use crate::ir::Api;

/// Take every operation `patterns` do not select out of `spec`, and path items left empty; an
/// error for each pattern that selects nothing. No patterns: the whole spec.
pub fn operations(spec: &mut OpenAPI, patterns: &[String], diagnostics: &mut Diagnostics) {
    if patterns.is_empty() {
        return;
    }
    let mut used = vec![false; patterns.len()];
    spec.paths.paths.retain(|path, item| {
        let ReferenceOr::Item(item) = item else {
            return true;
        };
        for slot in slots(item) {
            let Some(operation) = slot else { continue };
            let mut kept = false;
            for (pattern, used) in patterns.iter().zip(used.iter_mut()) {
                if selects(pattern, path, operation) {
                    *used = true;
                    kept = true;
                }
            }
            if !kept {
                *slot = None;
            }
        }
        slots(item).into_iter().any(|slot| slot.is_some())
    });
    for (pattern, used) in patterns.iter().zip(used) {
        if !used {
            diagnostics.error(
                "select-matches-nothing",
                "/paths",
                format!(
                    "`--select {pattern}` matches no tag, operation id or path of the spec (a path glob starts with `/`)"
                ),
            );
        }
    }
}

/// Drop every model that no operation of `api` and none of the crate's own items use: after
/// [`operations`], the models only the left-out operations used, and those no operation used.
pub fn prune_models(api: &mut Api) {
    let mut used = crate::lower::used_models(api).into_iter();
    api.models.retain(|_| used.next().unwrap_or(true));
}

/// The operation slots of a path item, in the order of `grammar::METHODS`.
fn slots(item: &mut PathItem) -> [&mut Option<Operation>; 8] {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
}

/// Whether `pattern` selects the operation at `path`.
fn selects(pattern: &str, path: &str, operation: &Operation) -> bool {
    if pattern.starts_with('/') {
        return glob(pattern.as_bytes(), path.as_bytes());
    }
    let snake = pattern.to_snake_case();
    let kebab = pattern.to_kebab_case();
    operation
        .tags
        .iter()
        .any(|tag| tag == pattern || tag.to_kebab_case() == kebab)
        || operation
            .operation_id
            .as_deref()
            .is_some_and(|id| id == pattern || id.to_snake_case() == snake)
}

/// A path glob: `**` matches any text, `*` any text without `/`, anything else itself.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern {
        [] => text.is_empty(),
        [b'*', b'*', rest @ ..] => (0..=text.len()).any(|at| glob(rest, &text[at..])),
        [b'*', rest @ ..] => {
            let segment = text.iter().position(|&c| c == b'/').unwrap_or(text.len());
            (0..=segment).any(|at| glob(rest, &text[at..]))
        }
        [c, rest @ ..] => text.first() == Some(c) && glob(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::glob;
    use crate::pipeline::{self, Input, OnSkip, Source};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
  /stores:
    get:
      operationId: listStores
      tags: [stores]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Store'}}}}}
components:
  schemas:
    Pet: {type: object, properties: {tag: {$ref: '#/components/schemas/Tag'}}}
    Tag: {type: object, properties: {name: {type: string}}}
    Store: {type: object, properties: {name: {type: string}}}
    Unused: {type: object, properties: {name: {type: string}}}
"#;

    fn generate(select: &[&str]) -> Result<crate::ir::Api, Vec<crate::diag::Diagnostic>> {
        let input = Input {
            spec: Source {
                name: "select.yaml",
                text: SPEC,
            },
            overlays: &[],
            on_skip: OnSkip::Refuse,
        };
        let mut config = crate::emit::CrateConfig::for_tests();
        config.select = select.iter().map(|s| (*s).to_owned()).collect();
        pipeline::generate(&input, &config).map(|(output, _)| output.api)
    }

    fn names(api: &crate::ir::Api) -> (Vec<&str>, Vec<&str>) {
        (
            api.operations.iter().map(|op| op.name.as_str()).collect(),
            api.models.iter().map(|model| model.name.as_str()).collect(),
        )
    }

    /// A tag, an operation id (as written or in snake case) or a path glob keeps its operations
    /// and the models they use; the rest is left out.
    #[test]
    fn selected_operations_keep_their_models_only() {
        let all = generate(&[]).expect("generates");
        assert_eq!(names(&all).1, ["Pet", "Store", "Tag", "Unused"]);
        for select in [
            &["pets"][..],
            &["getPet"],
            &["get_pet"],
            &["/pets/*"],
            &["/pets/**"],
        ] {
            let api = generate(select).expect("generates");
            assert_eq!(
                names(&api),
                (vec!["get_pet"], vec!["Pet", "Tag"]),
                "{select:?}"
            );
            assert_eq!(api.features.len(), 1);
        }
        let api = generate(&["pets", "/stores"]).expect("generates");
        assert_eq!(names(&api).0, ["get_pet", "list_stores"]);
    }

    /// A pattern that selects nothing fails the run, naming it.
    #[test]
    fn a_pattern_that_selects_nothing_is_an_error() {
        let errors = generate(&["pets", "cats"]).expect_err("refused");
        assert!(
            errors.iter().any(
                |d| d.code == "select-matches-nothing" && d.message.contains("`--select cats`")
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn globs_match_within_and_across_segments() {
        let matches = |pattern: &str, text: &str| glob(pattern.as_bytes(), text.as_bytes());
        assert!(matches("/repos/**", "/repos/{owner}/{repo}/issues"));
        assert!(matches("/repos/*", "/repos/{owner}"));
        assert!(!matches("/repos/*", "/repos/{owner}/{repo}"));
        assert!(matches("/repos/*/{repo}", "/repos/{owner}/{repo}"));
        assert!(matches("/v1/devices", "/v1/devices"));
        assert!(!matches("/v1/devices", "/v1/devices/{id}"));
        assert!(matches("/**/issues", "/repos/{owner}/{repo}/issues"));
        assert!(!matches("/users/**", "/user"));
    }
}
