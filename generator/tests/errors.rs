//! Bad input: every problem is reported, each with file:line:column and a JSON pointer, and the
//! run fails (so nothing is written).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use generator::diag::{Diagnostic, Severity};
use generator::pipeline::{self, Input, OnSkip, Source};

fn run(spec: &str, overlay: Option<&str>) -> Vec<Diagnostic> {
    run_with(spec, overlay, OnSkip::Warn)
}

fn run_with(spec: &str, overlay: Option<&str>, on_skip: OnSkip) -> Vec<Diagnostic> {
    let overlays: Vec<Source<'_>> = overlay
        .map(|text| Source {
            name: "overlay.yaml",
            text,
        })
        .into_iter()
        .collect();
    let input = Input {
        spec: Source {
            name: "spec.yaml",
            text: spec,
        },
        overlays: &overlays,
        on_skip,
    };
    match pipeline::run(&input) {
        Ok(output) => panic!("expected failure, got {:?}", output.diagnostics),
        Err(diagnostics) => diagnostics,
    }
}

/// Every diagnostic with `code`, as `file:line:column pointer`.
fn located(diagnostics: &[Diagnostic], code: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let location = d
                .location
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("{location} {}", d.pointer)
        })
        .collect()
}

/// The one error with `code`, as `file:line:column` plus the pointer.
fn error(diagnostics: &[Diagnostic], code: &str) -> (String, String, String) {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == code && d.severity == Severity::Error)
        .collect();
    let [diagnostic] = found.as_slice() else {
        panic!("expected one {code} in {diagnostics:#?}")
    };
    let location = diagnostic
        .location
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    (
        location,
        diagnostic.pointer.clone(),
        diagnostic.message.clone(),
    )
}

const HEAD: &str = "swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths: {}\n";

#[test]
fn yaml_syntax_error() {
    let diagnostics = run(
        "swagger: \"2.0\"\ninfo:\n  title: [unclosed\n  version: 1\n",
        None,
    );
    let (location, _, message) = error(&diagnostics, "yaml-syntax");
    assert!(location.starts_with("spec.yaml:"), "{location}");
    assert!(!message.is_empty());
}

#[test]
fn unknown_swagger_version() {
    let diagnostics = run(
        "info: {title: T, version: \"1\"}\nswagger: \"1.2\"\npaths: {}\n",
        None,
    );
    let (location, pointer, message) = error(&diagnostics, "unsupported-version");
    assert_eq!(
        (location.as_str(), pointer.as_str()),
        ("spec.yaml:2:1", "/swagger")
    );
    assert!(message.contains("1.2"), "{message}");
}

#[test]
fn unknown_openapi_version() {
    let diagnostics = run(
        "openapi: 4.0.0\ninfo: {title: T, version: \"1\"}\npaths: {}\n",
        None,
    );
    let (location, pointer, _) = error(&diagnostics, "unsupported-version");
    assert_eq!(
        (location.as_str(), pointer.as_str()),
        ("spec.yaml:1:1", "/openapi")
    );
}

#[test]
fn every_unresolvable_ref_is_reported() {
    let spec = format!(
        "{HEAD}definitions:\n  A:\n    properties:\n      b: {{$ref: '#/definitions/Missing'}}\n      c:\n        $ref: '#/definitions/AlsoMissing'\n"
    );
    let diagnostics = run(&spec, None);
    let unresolved = located(&diagnostics, "unresolved-ref");
    assert_eq!(
        unresolved,
        [
            "spec.yaml:7:11 /definitions/A/properties/b/$ref",
            "spec.yaml:9:9 /definitions/A/properties/c/$ref",
        ]
    );
}

#[test]
fn a_ref_cycle_that_never_reaches_a_schema() {
    let spec = format!(
        "{HEAD}definitions:\n  A: {{$ref: '#/definitions/B'}}\n  B: {{$ref: '#/definitions/A'}}\n"
    );
    let diagnostics = run(&spec, None);
    let (location, pointer, message) = error(&diagnostics, "ref-cycle");
    assert_eq!(
        (location.as_str(), pointer.as_str()),
        ("spec.yaml:5:7", "/definitions/A/$ref")
    );
    assert!(
        message.contains("#/definitions/A") && message.contains("#/definitions/B"),
        "{message}"
    );
}

#[test]
fn an_overlay_target_that_is_not_jsonpath() {
    let overlay = "overlay: 1.0.0\ninfo: {title: O, version: \"1\"}\nactions:\n  - target: $.paths[\n    update: {}\n  - target: $$\n    remove: true\n";
    let diagnostics = run(HEAD, Some(overlay));
    let found = located(&diagnostics, "jsonpath-syntax");
    assert_eq!(
        found,
        [
            "overlay.yaml:4:5 /actions/0/target",
            "overlay.yaml:6:5 /actions/1/target"
        ]
    );
}

/// With several overlays, a problem in a value one of them wrote is located in that file, and a
/// stale action in its own file; values a later overlay overwrites are its own.
#[test]
fn each_overlay_locates_what_it_wrote() {
    let first = "overlay: 1.0.0\ninfo: {title: A, version: \"1\"}\nactions:\n  - target: $.paths\n    update:\n      /a:\n        get:\n          responses:\n            \"200\": {description: OK, schema: {$ref: '#/definitions/FromA'}}\n";
    let second = "overlay: 1.0.0\ninfo: {title: B, version: \"1\"}\nactions:\n  - target: $.definitions.Gone\n    update: {type: object}\n  - target: $.paths\n    update:\n      /b:\n        get:\n          responses:\n            \"200\": {description: OK, schema: {$ref: '#/definitions/FromB'}}\n";
    let overlays = [
        Source {
            name: "a.overlay.yaml",
            text: first,
        },
        Source {
            name: "b.overlay.yaml",
            text: second,
        },
    ];
    let input = Input {
        spec: Source {
            name: "spec.yaml",
            text: HEAD,
        },
        overlays: &overlays,
        on_skip: OnSkip::Warn,
    };
    let Err(diagnostics) = pipeline::run(&input) else {
        panic!("two unresolved references must fail the run")
    };
    let mut found = located(&diagnostics, "unresolved-ref");
    found.sort();
    assert_eq!(
        found,
        [
            "a.overlay.yaml:9:47 /actions/0/update/~1a/get/responses/200/schema/$ref",
            "b.overlay.yaml:11:47 /actions/1/update/~1b/get/responses/200/schema/$ref"
        ]
    );
    assert_eq!(
        located(&diagnostics, "stale-repair"),
        ["b.overlay.yaml:4:5 /actions/0/target"]
    );
}

/// The operation is skipped (an error only in a strict run), located at the operation.
#[test]
fn a_missing_path_parameter_is_located() {
    let spec = "swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths:\n  /things/{id}:\n    get:\n      responses: {\"200\": {description: OK}}\n";
    let diagnostics = run_with(spec, None, OnSkip::Refuse);
    let (location, pointer, _) = error(&diagnostics, "skipped-operation");
    assert_eq!(
        (location.as_str(), pointer.as_str()),
        ("spec.yaml:5:5", "/paths/~1things~1{id}/get")
    );
}

/// Every node of the wrong shape is reported where it is, not only the first one serde meets; a
/// member of a `$ref`-or-item node is named, not just the node.
#[test]
fn every_invalid_openapi_node_is_reported_where_it_is() {
    let spec = "\
openapi: 3.0.3
info:
  title: Three errors
  version: {major: 1}
paths:
  /a:
    get:
      parameters:
        - name: id
          in: query
          required: yes please
      responses:
        '200': {description: ok}
  /b:
    get:
      responses:
        '200':
          description: [not, text]
";
    let diagnostics = run(spec, None);
    assert_eq!(
        located(&diagnostics, "invalid-openapi"),
        [
            "spec.yaml:4:3 /info/version",
            "spec.yaml:11:11 /paths/~1a/get/parameters/0/required",
            "spec.yaml:18:11 /paths/~1b/get/responses/200/description",
        ],
        "{diagnostics:#?}"
    );
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("expected a boolean")),
        "{messages:#?}"
    );
}

/// Invalid OpenAPI 3.0 documents (`fixtures/invalid/`): every invalid node reported where it is,
/// in the words of the type its place calls for.
#[test]
fn invalid_openapi_fixtures() {
    insta::glob!("fixtures/invalid/*.yaml", |path| {
        let spec = std::fs::read_to_string(path).expect("fixture");
        let found: Vec<String> = run(&spec, None).iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(found.join("\n"));
    });
}

/// A strict run (`cargo xtask generate --strict`, `cargo xtask codegen`) refuses to leave anything
/// out: every `skipped-…` warning is an error, still located where the author can fix it.
#[test]
fn a_strict_run_refuses_what_it_would_skip() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pipeline/skipped_operations.yaml"
    );
    let spec = std::fs::read_to_string(path).expect("fixture");
    let diagnostics = run_with(&spec, None, OnSkip::Refuse);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{} {}",
                d.code,
                d.location
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            "skipped-operation spec.yaml:9:5",
            "skipped-operation spec.yaml:23:5",
            "skipped-operation spec.yaml:42:17",
            "skipped-operation spec.yaml:47:11",
            "skipped-response spec.yaml:61:17",
            "skipped-schema spec.yaml:73:24",
            "skipped-operation spec.yaml:81:13",
            "skipped-operation spec.yaml:92:13",
        ],
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.is_skip())
    );
}
