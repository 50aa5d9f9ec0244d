//! Tests of stage 1: parsing YAML and JSON into a value and pointing JSON pointers back into the text.
// clippy's allow-*-in-tests covers #[test] functions only, not the helpers they share.
#![allow(clippy::panic, clippy::expect_used)]

use generator::diag::{Diagnostic, Diagnostics, Location};
use generator::load::Document;
use serde_json::json;

/// The document, or every diagnostic of a failed load.
fn load(file: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::new();
    let document = generator::load::load(file, text, &mut diagnostics);
    document.ok_or_else(|| diagnostics.into_vec())
}

fn loaded(text: &str) -> Document {
    match load("spec.yaml", text) {
        Ok(document) => document,
        Err(diagnostics) => panic!("unexpected diagnostics: {diagnostics:#?}"),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match load("spec.yaml", text) {
        Ok(document) => panic!("expected errors, loaded {:?}", document.value),
        Err(diagnostics) => diagnostics,
    }
}

/// The only error, as (code, pointer, line, column).
fn only_error(text: &str) -> (&'static str, String, usize, usize) {
    let diagnostics = errors(text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let diagnostic = &diagnostics[0];
    assert!(diagnostic.is_error());
    let location = diagnostic
        .location
        .clone()
        .expect("load locates its errors");
    assert_eq!(location.file, "spec.yaml");
    (
        diagnostic.code,
        diagnostic.pointer.clone(),
        location.line,
        location.column,
    )
}

/// `line:column` of `pointer`.
fn at(document: &Document, pointer: &str) -> String {
    let location = document
        .location(pointer)
        .expect("loaded documents have source text");
    format!("{}:{}", location.line, location.column)
}

/// The seeds' shape: framed by `---` lines, a trailing empty document, no final newline, and a
/// response code as an integer key.
const SEED: &str = "---
swagger: \"2.0\"
paths:
  /oauth/token:
    post:
      parameters:
      - in: formData
        name: expires_at
      - in: formData
        name: grant_type
      responses:
        200:
          description: OK
      tags:
      - oauth
---";

#[test]
fn seed_framing_and_integer_key() {
    let document = loaded(SEED);
    let post = &document.value["paths"]["/oauth/token"]["post"];
    assert_eq!(post["responses"], json!({"200": {"description": "OK"}}));
    assert_eq!(post["parameters"][1]["name"], "grant_type");
    assert_eq!(at(&document, ""), "2:1");
    assert_eq!(at(&document, "/paths/~1oauth~1token"), "4:3");
    assert_eq!(at(&document, "/paths/~1oauth~1token/post"), "5:5");
    assert_eq!(
        at(&document, "/paths/~1oauth~1token/post/parameters/1"),
        "9:9"
    );
    assert_eq!(
        at(&document, "/paths/~1oauth~1token/post/parameters/1/name"),
        "10:9"
    );
    assert_eq!(
        at(&document, "/paths/~1oauth~1token/post/responses/200"),
        "12:9"
    );
    assert_eq!(
        at(
            &document,
            "/paths/~1oauth~1token/post/responses/200/description"
        ),
        "13:11"
    );
    assert_eq!(at(&document, "/paths/~1oauth~1token/post/tags/0"), "15:9");
}

#[test]
fn yaml_key_forms_and_locations() {
    let text = "\
openapi: 3.0.0
'quoted~key': {a/b: 1, list: [x, \"y\"]}
keys:
  true: t
  ~: n
  0x1F: hex
  1e3: float
  007: octal-looking
  !!str 12: tagged
  été: accent
shared: &shared
  type: string
alias: *shared
merged:
  <<: *shared
  format: date
";
    let document = loaded(text);
    let keys = document.value["keys"]
        .as_object()
        .map(|keys| keys.keys().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        keys,
        Some(vec!["true", "null", "31", "1000.0", "007", "12", "été"])
    );
    assert_eq!(document.value["alias"], json!({"type": "string"}));
    assert_eq!(
        document.value["merged"],
        json!({"format": "date", "type": "string"})
    );

    assert_eq!(at(&document, "/quoted~0key"), "2:1");
    assert_eq!(at(&document, "/quoted~0key/a~1b"), "2:16");
    assert_eq!(at(&document, "/quoted~0key/list/1"), "2:34");
    assert_eq!(at(&document, "/keys/null"), "5:3");
    assert_eq!(at(&document, "/keys/31"), "6:3");
    assert_eq!(at(&document, "/keys/1000.0"), "7:3");
    assert_eq!(at(&document, "/keys/007"), "8:3");
    assert_eq!(at(&document, "/keys/12"), "9:9");
    assert_eq!(at(&document, "/keys/été"), "10:3");
    // Inside an alias or a merge there is no text of its own: the nearest ancestor that has some.
    assert_eq!(at(&document, "/alias/type"), "13:1");
    assert_eq!(at(&document, "/merged/type"), "14:1");
}

#[test]
fn missing_pointer_resolves_to_nearest_ancestor() {
    let document = loaded(SEED);
    assert_eq!(
        at(&document, "/paths/~1oauth~1token/post/responses/404/schema"),
        "11:7"
    );
    assert_eq!(
        at(&document, "/paths/~1oauth~1token/post/parameters/7"),
        "6:7"
    );
    assert_eq!(at(&document, "/nothing/here"), "2:1");
    assert_eq!(at(&document, "not a pointer"), "2:1");
}

#[test]
fn json_pretty_and_minified_locations() {
    let pretty = "{
  \"openapi\": \"3.0.0\",
  \"info\": {\"title\": \"\\ud83d\\ude00 caf\u{e9}\", \"version\": \"1\"},
  \"paths\": {
    \"/oauth/token\": {
\t\"post\": {\"tags\": [\"a\", {\"k\\\"ey\": null}, 3.5e1]}
    }
  }
}
";
    let document = loaded(pretty);
    assert_eq!(document.value["info"]["title"], "\u{1F600} café");
    assert_eq!(
        document.value["paths"]["/oauth/token"]["post"]["tags"][1],
        json!({"k\"ey": null})
    );
    assert_eq!(at(&document, ""), "1:1");
    assert_eq!(at(&document, "/info/version"), "3:42");
    assert_eq!(at(&document, "/paths/~1oauth~1token"), "5:5");
    assert_eq!(at(&document, "/paths/~1oauth~1token/post"), "6:2");
    assert_eq!(at(&document, "/paths/~1oauth~1token/post/tags/1"), "6:25");
    assert_eq!(
        at(&document, "/paths/~1oauth~1token/post/tags/1/k\"ey"),
        "6:26"
    );
    assert_eq!(at(&document, "/paths/~1oauth~1token/post/tags/2"), "6:42");

    // A byte order mark is not a column.
    let minified = "\u{feff}[{\"a\":[1,{\"b\":true}],\"c/d\":\"é\"},\"x\"]";
    let document = loaded(minified);
    assert_eq!(at(&document, "/0"), "1:2");
    assert_eq!(at(&document, "/0/a/1"), "1:10");
    assert_eq!(at(&document, "/0/a/1/b"), "1:11");
    assert_eq!(at(&document, "/0/c~1d"), "1:22");
    assert_eq!(at(&document, "/1"), "1:33");
}

#[test]
fn yaml_syntax_error() {
    let (code, pointer, line, column) = only_error("info:\n  title: [a, b\nopenapi: 3.0.0\n");
    assert_eq!(
        (code, pointer.as_str(), line, column),
        ("yaml-syntax", "", 3, 8)
    );
}

#[test]
fn json_syntax_error_column_counts_characters() {
    let diagnostics = errors("{\"é\": x}");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "json-syntax");
    assert_eq!(
        diagnostics[0].location,
        Some(Location {
            file: "spec.yaml".to_owned(),
            line: 1,
            column: 7
        })
    );
    assert_eq!(diagnostics[0].message, "expected value");
}

#[test]
fn duplicate_keys_are_located_at_the_repetition() {
    let (code, pointer, line, column) = only_error("x:\n  y: 1\n  z: 2\n  y: 3\n");
    assert_eq!(
        (code, pointer.as_str(), line, column),
        ("duplicate-key", "/x/y", 4, 3)
    );
    // Distinct in YAML, the same once keys are strings.
    let (code, pointer, line, column) = only_error("r:\n  200: a\n  '200': b\n");
    assert_eq!(
        (code, pointer.as_str(), line, column),
        ("duplicate-key", "/r/200", 3, 3)
    );
}

#[test]
fn conversion_errors_are_all_reported_and_located() {
    let diagnostics = errors("a: .nan\nb:\n  ? [x]\n  : 1\nc: [1, -.inf]\n");
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            let location = d.location.as_ref().map(|l| (l.line, l.column));
            (d.code, d.pointer.as_str(), location)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("non-finite-number", "/a", Some((1, 1))),
            ("non-scalar-key", "/b", Some((2, 1))),
            ("non-finite-number", "/c/1", Some((5, 8))),
        ]
    );
}

#[test]
fn multiple_documents() {
    let (code, pointer, line, column) = only_error("---\na: 1\n---\n---\nb: 2\n");
    assert_eq!(
        (code, pointer.as_str(), line, column),
        ("multiple-documents", "", 4, 1)
    );
    // The first document's own problems are reported too.
    let codes: Vec<_> = errors("a: .inf\n---\nb: 2\n")
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["non-finite-number", "multiple-documents"]);
}

#[test]
fn empty_documents() {
    for text in ["", "\n\n", "---\n", "# only a comment\n---\n...\n"] {
        assert_eq!(
            only_error(text),
            ("empty-document", String::new(), 1, 1),
            "{text:?}"
        );
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let inputs = [
        "[".repeat(100_000),
        format!("a: {}", "{b: ".repeat(100_000)),
        "- ".repeat(100_000),
    ];
    // A spawned thread has the default 2 MiB stack, smaller than the main thread's.
    let codes = std::thread::spawn(move || {
        inputs
            .iter()
            .map(|text| only_error(text).0)
            .collect::<Vec<_>>()
    })
    .join()
    .expect("no stack overflow or panic");
    assert_eq!(codes, ["too-deep"; 3]);
}

#[test]
fn documents_without_text_and_locate() {
    let document = Document::from_value("converted.json", json!({"a": 1}));
    assert_eq!(document.location("/a"), None);
    let diagnostic = Diagnostic::error("some-check", "/a", "message");
    assert_eq!(document.locate(diagnostic.clone()), diagnostic);

    let document = loaded(SEED);
    let located = document.locate(Diagnostic::error("some-check", "/swagger", "message"));
    assert_eq!(
        located.to_string(),
        "spec.yaml:2:1: error[some-check]: message (at /swagger)"
    );
}
