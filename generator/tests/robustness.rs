//! Robustness of the whole pipeline: mutated fixtures, reordered keys, deep nesting, recursive
//! schemas and a large spec never panic or overflow the stack; each run gives either Rust that
//! parses or a non-empty list of diagnostics that are all located.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;
use std::thread;

use generator::diag::{Diagnostic, Diagnostics};
use generator::emit::{CrateConfig, File, Runtime};
use generator::pipeline::{self, Input, OnSkip, Source};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::{Map, Value, json};

#[path = "robustness/mutate.rs"]
mod mutate;

use mutate::{apply, mutation};

/// The stack a realistic caller gives the generator: Rust's default for spawned threads.
const STACK: usize = 2 * 1024 * 1024;

fn config() -> CrateConfig {
    CrateConfig {
        name: "robust-client".to_owned(),
        version: "0.1.0".to_owned(),
        command: "robustness".to_owned(),
        sources: vec!["spec.yaml".to_owned()],
        workspace_member: false,
        dev_dependencies: Vec::new(),
        runtime: Runtime::Vendored,
        install: None,
        publish: false,
        mock_examples: Vec::new(),
        default_features: Default::default(),
        select: Vec::new(),
        feature_gates: true,
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures and the property every run must have

/// A fixture spec, loaded by the generator's own loader, with its overlay text if it has one.
struct Fixture {
    name: String,
    text: String,
    value: Value,
    overlay: Option<String>,
}

fn load_dir(dir: &str) -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            let name = path.to_string_lossy();
            name.ends_with(".yaml") && !name.ends_with(".overlay.yaml")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("fixture");
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let value = generator::load::load(&name, &text, &mut Diagnostics::new())
                .expect("fixtures load")
                .value;
            let overlay = fs::read_to_string(path.with_extension("overlay.yaml")).ok();
            Fixture {
                name,
                text,
                value,
                overlay,
            }
        })
        .collect()
}

/// The fixtures under `pipeline/` and `convert/`, read once.
fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let mut all = load_dir("pipeline");
        all.extend(load_dir("convert"));
        assert!(all.len() > 20, "only {} fixtures found", all.len());
        all
    })
}

fn input<'a>(spec: &'a str, overlays: &'a [Source<'a>]) -> Input<'a> {
    Input {
        spec: Source {
            name: "spec.yaml",
            text: spec,
        },
        overlays,
        on_skip: OnSkip::Warn,
    }
}

/// The overlay, if any, as the pipeline's list of overlays.
fn overlays(overlay: Option<&str>) -> Vec<Source<'_>> {
    overlay
        .map(|text| Source {
            name: "overlay.yaml",
            text,
        })
        .into_iter()
        .collect()
}

/// Run the whole pipeline and check the outcome: Ok with located warnings and Rust files that all
/// parse, or Err with at least one diagnostic and every diagnostic located.
fn check(input: &Input<'_>) -> Result<Option<Vec<File>>, String> {
    match pipeline::generate(input, &config()) {
        Ok((output, files)) => {
            if let Some(unlocated) = output.diagnostics.iter().find(|d| d.location.is_none()) {
                return Err(format!("warning without a location: {unlocated}"));
            }
            for file in files
                .iter()
                .filter(|f| f.path.ends_with(".rs") && !f.path.starts_with("src/runtime/"))
            {
                // syn recurses per nesting level too; the generator runs on its own large stack,
                // and this check must not be what overflows the caller's.
                let parsed = thread::scope(|scope| {
                    thread::Builder::new()
                        .stack_size(256 << 20)
                        .spawn_scoped(scope, || syn::parse_file(&file.contents).map(drop))
                        .expect("spawn")
                        .join()
                        .expect("syn does not panic")
                });
                if let Err(error) = parsed {
                    return Err(format!(
                        "{} does not parse: {error}\n{}",
                        file.path, file.contents
                    ));
                }
            }
            Ok(Some(files))
        }
        Err(diagnostics) => {
            if diagnostics.is_empty() {
                return Err("failed without a diagnostic".to_owned());
            }
            if let Some(unlocated) = diagnostics.iter().find(|d| d.location.is_none()) {
                return Err(format!(
                    "diagnostic without a location: {unlocated}\nall: {}",
                    list(&diagnostics)
                ));
            }
            Ok(None)
        }
    }
}

fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("\n  {d}")).collect()
}

/// [`check`] on a thread with the default 2 MiB stack, owning its inputs.
fn check_on_small_stack(
    spec: String,
    overlay: Option<String>,
) -> Result<Option<Vec<File>>, String> {
    check_on_stack(STACK, spec, overlay)
}

/// [`check`] on a thread with `stack` bytes of stack.
fn check_on_stack(
    stack: usize,
    spec: String,
    overlay: Option<String>,
) -> Result<Option<Vec<File>>, String> {
    thread::Builder::new()
        .stack_size(stack)
        .spawn(move || check(&input(&spec, &overlays(overlay.as_deref()))))
        .expect("spawn")
        .join()
        .unwrap_or_else(|_| Err("the pipeline panicked".to_owned()))
}

// ---------------------------------------------------------------------------------------------
// Text

/// How a mutated value is written back.
#[derive(Debug, Clone, Copy)]
enum Format {
    Json,
    CompactJson,
    Yaml,
}

fn text(value: &Value, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(value).expect("json"),
        Format::CompactJson => serde_json::to_string(value).expect("json"),
        Format::Yaml => serde_yaml::to_string(value).expect("yaml"),
    }
}

// ---------------------------------------------------------------------------------------------
// Mutated fixtures

/// 500 cases keep the suite fast; `PROPTEST_CASES=20000` searches longer.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500)
}

/// Failing cases proptest found, replayed first on every run.
const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/robustness.proptest-regressions"
);

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![
        Just(Format::Json),
        Just(Format::CompactJson),
        Just(Format::Yaml)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // The default looks for `lib.rs` beside the test file, which an integration test lacks.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..ProptestConfig::default()
    })]

    /// A mutated fixture gives parseable Rust or located diagnostics, and never panics.
    #[test]
    fn mutated_fixtures(
        fixture in any::<Index>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
        format in format(),
        mutate_overlay in any::<bool>(),
    ) {
        let fixture = &fixtures()[fixture.index(fixtures().len())];
        let (spec, overlay) = match (&fixture.overlay, mutate_overlay) {
            (Some(overlay), true) => {
                let mut value = generator::load::load("overlay.yaml", overlay, &mut Diagnostics::new())
                    .expect("overlay")
                    .value;
                for mutation in &mutations {
                    apply(&mut value, mutation);
                }
                (fixture.text.clone(), Some(text(&value, format)))
            }
            _ => {
                let mut value = fixture.value.clone();
                for mutation in &mutations {
                    apply(&mut value, mutation);
                }
                (text(&value, format), fixture.overlay.clone())
            }
        };
        check(&input(&spec, &overlays(overlay.as_deref())))
            .map_err(|message| TestCaseError::fail(format!("{}: {message}", fixture.name)))?;
    }
}

// ---------------------------------------------------------------------------------------------
// Key order

/// Where a value sits, for [`reversed`].
#[derive(Clone, Copy, PartialEq)]
enum Context {
    /// Keys are keywords or names whose order means nothing: reverse them.
    Keywords,
    /// A `properties` map: the order is the struct's field order; keep it.
    Properties,
    /// Data (`example`, `default`, `enum`): copied as it is.
    Data,
}

/// `value` with the keys of every object whose key order carries no meaning reversed. Arrays keep
/// their order (parameter order matters).
fn reversed(value: &Value, context: Context) -> Value {
    match (value, context) {
        (_, Context::Data) => value.clone(),
        (Value::Object(map), _) => {
            let members: Vec<(String, Value)> = map
                .iter()
                .map(|(key, child)| {
                    let context = match (context, key.as_str()) {
                        (Context::Properties, _) => Context::Keywords,
                        (_, "properties") => Context::Properties,
                        (_, "example" | "examples" | "default" | "enum" | "x-example") => {
                            Context::Data
                        }
                        _ => Context::Keywords,
                    };
                    (key.clone(), reversed(child, context))
                })
                .collect();
            if context == Context::Properties {
                Value::Object(members.into_iter().collect())
            } else {
                Value::Object(members.into_iter().rev().collect())
            }
        }
        (Value::Array(items), _) => Value::Array(
            items
                .iter()
                .map(|item| reversed(item, Context::Keywords))
                .collect(),
        ),
        (scalar, _) => scalar.clone(),
    }
}

/// The generated files with the input fingerprint (which hashes the text) blanked out.
fn without_fingerprint(files: Vec<File>, input: &Input<'_>) -> Vec<File> {
    let fingerprint = pipeline::fingerprint(input);
    files
        .into_iter()
        .map(|f| File {
            contents: f.contents.replace(&fingerprint, "FINGERPRINT"),
            ..f
        })
        .collect()
}

/// Reversing the key order of maps whose order means nothing does not change a byte of the output.
#[test]
fn output_does_not_depend_on_key_order() {
    let mut compared = 0;
    for fixture in load_dir("pipeline") {
        let fixture_overlays = overlays(fixture.overlay.as_deref());
        let original = input(&fixture.text, &fixture_overlays);
        let reordered_text = text(&reversed(&fixture.value, Context::Keywords), Format::Json);
        let reordered = input(&reordered_text, &fixture_overlays);
        match (
            pipeline::generate(&original, &config()),
            pipeline::generate(&reordered, &config()),
        ) {
            (Ok((_, expected)), Ok((_, actual))) => {
                let expected = without_fingerprint(expected, &original);
                let actual = without_fingerprint(actual, &reordered);
                assert_eq!(expected.len(), actual.len(), "{}", fixture.name);
                for (expected, actual) in expected.iter().zip(&actual) {
                    assert_eq!(expected.path, actual.path, "{}", fixture.name);
                    assert!(
                        expected.contents == actual.contents,
                        "{}: {} differs after reversing key order:\n{}",
                        fixture.name,
                        expected.path,
                        first_difference(&expected.contents, &actual.contents)
                    );
                }
                compared += 1;
            }
            (Err(expected), Err(actual)) => {
                let summary = |d: &[Diagnostic]| {
                    d.iter()
                        .map(|d| (d.code, d.pointer.clone(), d.message.clone()))
                        .collect::<Vec<_>>()
                };
                let (mut expected, mut actual) = (summary(&expected), summary(&actual));
                expected.sort();
                actual.sort();
                assert_eq!(expected, actual, "{}", fixture.name);
            }
            (expected, actual) => panic!(
                "{}: original ok: {}, reordered ok: {}\n{:?}\n{:?}",
                fixture.name,
                expected.is_ok(),
                actual.is_ok(),
                expected.err(),
                actual.err()
            ),
        }
    }
    assert!(compared > 5, "only {compared} fixtures generated");
}

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    let window = |text: &str| {
        text.lines()
            .skip(line.saturating_sub(3))
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "line {}\n--- original\n{}\n--- reordered\n{}",
        line + 1,
        window(expected),
        window(actual)
    )
}

// ---------------------------------------------------------------------------------------------
// Depth

const SWAGGER_HEAD: &str =
    r#""swagger": "2.0", "info": {"title": "Deep", "version": "1"}, "paths": {}"#;

/// A Swagger 2.0 JSON spec whose definition `A` nests `depth` levels of `open`…`close`.
fn deep_json(depth: usize, open: &str, close: &str) -> String {
    let mut spec = format!(r#"{{{SWAGGER_HEAD}, "definitions": {{"A": "#);
    spec.reserve(depth * (open.len() + close.len()) + 64);
    for _ in 0..depth {
        spec.push_str(open);
    }
    spec.push_str(r#"{"type": "string"}"#);
    for _ in 0..depth {
        spec.push_str(close);
    }
    spec.push_str("}}");
    spec
}

/// The same in YAML flow style.
fn deep_yaml_flow(depth: usize, open: &str, close: &str) -> String {
    let mut spec = String::from(
        "swagger: '2.0'\ninfo: {title: Deep, version: '1'}\npaths: {}\ndefinitions:\n  A: ",
    );
    for _ in 0..depth {
        spec.push_str(open);
    }
    spec.push_str("{type: string}");
    for _ in 0..depth {
        spec.push_str(close);
    }
    spec.push('\n');
    spec
}

/// The same in YAML block style, one space of indentation per level.
fn deep_yaml_block(depth: usize) -> String {
    let mut spec = String::from(
        "swagger: '2.0'\ninfo: {title: Deep, version: '1'}\npaths: {}\ndefinitions:\n A:\n",
    );
    for level in 0..depth {
        let pad = " ".repeat(level + 2);
        let _ = write!(spec, "{pad}type: array\n{pad}items:\n");
    }
    let _ = writeln!(spec, "{}type: string", " ".repeat(depth + 2));
    spec
}

/// Expect a located diagnostic (not a crash) from a spec far deeper than any parser allows.
fn expect_too_deep(what: &str, spec: String) {
    match check_on_small_stack(spec, None) {
        Ok(None) => {}
        Ok(Some(_)) => panic!("{what}: generated, but the nesting is far beyond any limit"),
        Err(message) => panic!("{what}: {message}"),
    }
}

/// 100,000 levels of `items` or `properties` end in a diagnostic on a 2 MiB stack.
#[test]
fn very_deep_nesting_is_a_diagnostic() {
    const DEPTH: usize = 100_000;
    for (name, open, close) in [ITEMS, PROPERTIES, ALL_OF, ADDITIONAL] {
        expect_too_deep(
            &format!("swagger json {name}"),
            deep_json(DEPTH, open, close),
        );
        expect_too_deep(
            &format!("openapi json {name}"),
            deep_openapi(DEPTH, open, close, "{}"),
        );
    }
    expect_too_deep(
        "yaml flow items",
        deep_yaml_flow(DEPTH, "{type: array, items: ", "}"),
    );
    expect_too_deep(
        "yaml flow properties",
        deep_yaml_flow(DEPTH, "{type: object, properties: {p: ", "}}"),
    );
    expect_too_deep("yaml flow sequences", deep_yaml_flow(DEPTH, "[", "]"));
    expect_too_deep("yaml block items", deep_yaml_block(1_000));
}

/// Nesting of `depth` levels of one shape around `leaf`, in Swagger 2.0 and in OpenAPI 3.0, each
/// run on a thread with `stack` bytes of stack.
fn check_nesting(
    stack: usize,
    (name, open, close): Shape,
    depths: impl IntoIterator<Item = usize>,
) {
    for depth in depths {
        let swagger = deep_json(depth, open, close);
        if let Err(message) = check_on_stack(stack, swagger, None) {
            panic!("swagger {name} × {depth}: {message}");
        }
        if let Err(message) = check_on_stack(
            stack,
            deep_openapi(depth, open, close, r#"{"type": "string"}"#),
            None,
        ) {
            panic!("openapi {name} × {depth}: {message}");
        }
    }
}

/// An OpenAPI 3.0 JSON spec whose component schema `A` nests `depth` levels around `leaf`.
fn deep_openapi(depth: usize, open: &str, close: &str, leaf: &str) -> String {
    let head = r#""openapi": "3.0.3", "info": {"title": "Deep", "version": "1"}, "paths": {}"#;
    format!(
        r#"{{{head}, "components": {{"schemas": {{"A": {}{leaf}{}}}}}}}"#,
        open.repeat(depth),
        close.repeat(depth)
    )
}

/// A name and the JSON text that opens and closes one level of schema nesting.
type Shape = (&'static str, &'static str, &'static str);

const ITEMS: Shape = ("items", r#"{"type": "array", "items": "#, "}");
const PROPERTIES: Shape = (
    "properties",
    r#"{"type": "object", "properties": {"p": "#,
    "}}",
);
const ALL_OF: Shape = ("allOf", r#"{"allOf": ["#, "]}");
const ADDITIONAL: Shape = (
    "additionalProperties",
    r#"{"type": "object", "additionalProperties": "#,
    "}",
);

/// Depths around the lowering limit (64 schemas) and up to the parsers' (128 JSON levels; a level
/// of `properties` or `allOf` is two).
fn depths((_, _, close): Shape) -> impl Iterator<Item = usize> {
    let levels = if close.len() == 1 { 1 } else { 2 };
    [
        1, 10, 20, 30, 35, 38, 40, 43, 45, 50, 52, 55, 60, 61, 63, 64, 65, 100,
    ]
    .into_iter()
    .chain((124..=127).map(move |d| d / levels))
    .filter(move |d| d * levels < 128)
}

/// Nesting just inside the parsers' limits reaches every later stage (normalize, refs, convert,
/// deserialize, lower, emit) and fits the 8 MiB a main thread gets.
#[test]
fn nesting_up_to_the_parser_limit_fits_a_main_thread_stack() {
    for shape in [ITEMS, PROPERTIES, ALL_OF, ADDITIONAL] {
        check_nesting(8 * 1024 * 1024, shape, depths(shape));
    }
}

// The same on the 2 MiB stack of a spawned thread (and of every `cargo test` thread): the stages
// run on a thread of their own with a large stack, so the caller's stack does not matter.

#[test]
fn nested_items_fit_a_spawned_thread_stack() {
    check_nesting(STACK, ITEMS, depths(ITEMS));
}

#[test]
fn nested_properties_fit_a_spawned_thread_stack() {
    check_nesting(STACK, PROPERTIES, depths(PROPERTIES));
}

#[test]
fn nested_all_of_fits_a_spawned_thread_stack() {
    check_nesting(STACK, ALL_OF, depths(ALL_OF));
}

#[test]
fn nested_additional_properties_fit_a_spawned_thread_stack() {
    check_nesting(STACK, ADDITIONAL, depths(ADDITIONAL));
}

/// One invalid keyword under 30 levels of nesting is a prompt diagnostic. (openapiv3's
/// `ReferenceOr` deserializes a failing schema twice, once per level: 2^depth.)
#[test]
fn invalid_schema_under_deep_nesting_is_handled_promptly() {
    let (_, open, close) = ITEMS;
    let spec = deep_openapi(30, open, close, r#"{"type": "string", "format": 5}"#);
    let (sender, receiver) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = sender.send(check_on_stack(8 * 1024 * 1024, spec, None));
    });
    match receiver.recv_timeout(std::time::Duration::from_secs(60)) {
        // The `invalid-schema-keyword` repair drops the bad keyword (with a located warning,
        // which `check` requires), so generation may succeed; what matters is that it ends.
        Ok(Ok(_)) => {}
        Ok(Err(message)) => panic!("{message}"),
        Err(_) => panic!("no result after 60 s (the thread is left running)"),
    }
}

// ---------------------------------------------------------------------------------------------
// Recursion

fn generated(spec: &str) -> Vec<File> {
    match check_on_small_stack(spec.to_owned(), None) {
        Ok(Some(files)) => files,
        Ok(None) => {
            let diagnostics = pipeline::generate(&input(spec, &[]), &config())
                .err()
                .unwrap_or_default();
            panic!("failed:{}\n{spec}", list(&diagnostics))
        }
        Err(message) => panic!("{message}"),
    }
}

fn models(files: &[File]) -> &str {
    &files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models.rs")
        .contents
}

const SWAGGER: &str = "swagger: '2.0'\ninfo: {title: Recursive, version: '1'}\npaths: {}\n";
const OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: Recursive, version: '1'}\npaths: {}\n";

/// The same schemas (a YAML flow mapping, `#/S/` standing for where schemas live) as a Swagger 2.0
/// and as an OpenAPI 3.0 spec.
fn both_formats(schemas: &str) -> [String; 2] {
    [
        format!(
            "{SWAGGER}definitions: {}\n",
            schemas.replace("#/S/", "#/definitions/")
        ),
        format!(
            "{OPENAPI}components: {{schemas: {}}}\n",
            schemas.replace("#/S/", "#/components/schemas/")
        ),
    ]
}

/// A schema that contains itself generates, boxed, in both formats.
#[test]
fn self_referential_schema() {
    for spec in both_formats("{A: {type: object, properties: {a: {$ref: '#/S/A'}}}}") {
        let files = generated(&spec);
        assert!(
            models(&files).contains("Box<"),
            "a recursive field must be boxed:\n{}",
            models(&files)
        );
    }
}

/// A and B that contain each other generate in both formats.
#[test]
fn mutually_recursive_schemas() {
    for spec in both_formats(
        "{A: {properties: {b: {$ref: '#/S/B'}}}, B: {properties: {a: {$ref: '#/S/A'}}}}",
    ) {
        let files = generated(&spec);
        assert!(
            models(&files).contains("Box<"),
            "a recursive field must be boxed:\n{}",
            models(&files)
        );
    }
}

/// Recursion through arrays, maps, `allOf`, a required field and pure references: generates (or
/// is diagnosed), and what is generated parses.
#[test]
fn recursion_through_containers() {
    let cases = [
        "{A: {type: object, properties: {children: {type: array, items: {$ref: '#/S/A'}}}}}",
        "{A: {type: object, required: [a], properties: {a: {$ref: '#/S/A'}}}}",
        "{A: {type: object, properties: {m: {type: object, additionalProperties: {$ref: '#/S/A'}}}}}",
        "{A: {allOf: [{$ref: '#/S/B'}]}, B: {properties: {a: {$ref: '#/S/A'}}}}",
        "{A: {allOf: [{$ref: '#/S/A'}]}}",
        "{A: {type: object, properties: {a: {allOf: [{$ref: '#/S/A'}]}}}}",
        "{A: {oneOf: [{$ref: '#/S/A'}, {type: string}]}}",
        "{A: {$ref: '#/S/B'}, B: {$ref: '#/S/A'}}",
        "{A: {$ref: '#/S/A'}}",
    ];
    for case in cases {
        for spec in both_formats(case) {
            if let Err(message) = check_on_small_stack(spec, None) {
                panic!("{case}: {message}");
            }
        }
    }
}

/// A schema that is only an array (or map) of itself must not become a type alias of itself:
/// rustc expands aliases, so `type A = Vec<A>` is a cycle (E0391), even through other aliases.
#[test]
fn recursive_aliases_are_not_infinite_types() {
    let cases = [
        "{A: {type: array, items: {$ref: '#/S/A'}}}",
        "{A: {type: object, additionalProperties: {$ref: '#/S/A'}}}",
        "{A: {type: array, items: {$ref: '#/S/B'}}, B: {type: array, items: {$ref: '#/S/A'}}}",
    ];
    let mut problems = Vec::new();
    for case in cases {
        for spec in both_formats(case) {
            for cycle in alias_cycles(models(&generated(&spec))) {
                problems.push(format!("{case} → {cycle}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "type aliases that expand to themselves:\n{}",
        problems.join("\n")
    );
}

/// Every `type X = …;` in `source` whose expansion through other aliases reaches `X` again.
fn alias_cycles(source: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("parses");
    let aliases: BTreeMap<String, String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Type(alias) => Some((
                alias.ident.to_string(),
                quote::ToTokens::to_token_stream(&alias.ty).to_string(),
            )),
            _ => None,
        })
        .collect();
    let mentioned = |ty: &str| -> Vec<String> {
        ty.split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|segment| aliases.contains_key(*segment))
            .map(str::to_owned)
            .collect()
    };
    let mut cycles = Vec::new();
    for (name, ty) in &aliases {
        let mut seen = BTreeSet::new();
        let mut stack = mentioned(ty);
        while let Some(next) = stack.pop() {
            if next == *name {
                cycles.push(format!("`type {name} = {ty}`"));
                break;
            }
            if seen.insert(next.clone()) {
                stack.extend(mentioned(&aliases[&next]));
            }
        }
    }
    cycles
}

// ---------------------------------------------------------------------------------------------
// Size

/// A spec with 2,000 operations over 50 models generates.
#[test]
fn two_thousand_operations() {
    let mut paths = Map::new();
    for i in 0..2000 {
        let model = format!("#/definitions/Model{}", i % 50);
        paths.insert(
            format!("/resources{i}/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("getResource{i}"),
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "type": "string"},
                        {"name": "limit", "in": "query", "type": "integer"},
                    ],
                    "responses": {"200": {"description": "OK", "schema": {"$ref": model}}},
                }
            }),
        );
    }
    let definitions: Map<String, Value> = (0..50)
        .map(|i| {
            (
                format!("Model{i}"),
                json!({"type": "object", "properties": {"id": {"type": "string"}, "count": {"type": "integer"}}}),
            )
        })
        .collect();
    let spec = json!({
        "swagger": "2.0",
        "info": {"title": "Big", "version": "1"},
        "host": "api.example.com",
        "paths": paths,
        "definitions": definitions,
    });
    let text = serde_json::to_string(&spec).expect("json");
    let (output, files) = match pipeline::generate(&input(&text, &[]), &config()) {
        Ok(generated) => generated,
        Err(diagnostics) => panic!("failed:{}", list(&diagnostics)),
    };
    assert_eq!(output.api.operations.len(), 2000);
    let operations = files
        .iter()
        .find(|f| f.path == "src/operations.rs")
        .expect("operations.rs");
    syn::parse_file(&operations.contents).expect("operations.rs parses");
}
