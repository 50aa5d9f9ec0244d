//! Robustness of the whole pipeline: mutated fixtures, reordered keys, deep nesting, recursive
//! schemas and a large spec never panic or overflow the stack; each run gives either Rust that
//! parses or a non-empty list of diagnostics that are all located.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;
use std::thread;

use generator::diag::Diagnostic;
use generator::emit::{CrateConfig, File};
use generator::pipeline::{self, Input, Source};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::{Map, Value, json};

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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
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
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            let value = generator::load::load(&name, &text).expect("fixtures load").value;
            let overlay = fs::read_to_string(path.with_extension("overlay.yaml")).ok();
            Fixture { name, text, value, overlay }
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

fn input<'a>(spec: &'a str, overlay: Option<&'a str>) -> Input<'a> {
    Input {
        spec: Source { name: "spec.yaml", text: spec },
        overlay: overlay.map(|text| Source { name: "overlay.yaml", text }),
    }
}

/// Run the whole pipeline and check the outcome: Ok with located warnings and Rust files that all
/// parse, or Err with at least one diagnostic and every diagnostic located.
fn check(input: &Input<'_>) -> Result<Option<Vec<File>>, String> {
    match pipeline::generate(input, &config()) {
        Ok((output, files)) => {
            if let Some(unlocated) = output.diagnostics.iter().find(|d| d.location.is_none()) {
                return Err(format!("warning without a location: {unlocated}"));
            }
            for file in files.iter().filter(|f| f.path.ends_with(".rs") && !f.path.starts_with("src/runtime/")) {
                if let Err(error) = syn::parse_file(&file.contents) {
                    return Err(format!("{} does not parse: {error}\n{}", file.path, file.contents));
                }
            }
            Ok(Some(files))
        }
        Err(diagnostics) => {
            if diagnostics.is_empty() {
                return Err("failed without a diagnostic".to_owned());
            }
            if let Some(unlocated) = diagnostics.iter().find(|d| d.location.is_none()) {
                return Err(format!("diagnostic without a location: {unlocated}\nall: {}", list(&diagnostics)));
            }
            Ok(None)
        }
    }
}

fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("\n  {d}")).collect()
}

/// [`check`] on a thread with the default 2 MiB stack, owning its inputs.
fn check_on_small_stack(spec: String, overlay: Option<String>) -> Result<Option<Vec<File>>, String> {
    thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || check(&input(&spec, overlay.as_deref())))
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
// Mutations

/// One random change to a spec value. Every `Index` picks among the nodes that exist when the
/// mutation is applied, so a sequence of mutations always applies.
#[derive(Debug, Clone)]
enum Mutation {
    /// Delete an object member.
    Delete(Index),
    /// Replace a node by a value of another type.
    Replace(Index, Value),
    /// Copy a subtree to another place: a new member of an object, an item of an array, or
    /// instead of a scalar.
    Duplicate { from: Index, to: Index, key: String },
    /// Rename an object member (keeping its value).
    Rename(Index, String),
    /// Set `type` on an object.
    SetType(Index, String),
    /// Replace a node by a `$ref`.
    Ref(Index, RefTarget),
    /// Wrap a subtree in `depth` levels of schema.
    Nest(Index, Nesting, usize),
}

#[derive(Debug, Clone)]
enum RefTarget {
    /// Any node of the document.
    Node(Index),
    /// The node itself: a pure-reference cycle of one.
    Itself,
    /// An ancestor: a cycle through the structure.
    Ancestor(Index),
    /// Arbitrary text.
    Text(String),
}

#[derive(Debug, Clone, Copy)]
enum Nesting {
    Items,
    Properties,
    AllOf,
    AdditionalProperties,
}

/// A JSON pointer and, when the node is an object member, whether its parent is an object.
struct Node {
    pointer: String,
    member: bool,
    object: bool,
}

/// Every node in document order (iteratively: a mutated value can be deep).
fn nodes(root: &Value) -> Vec<Node> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), root, false)];
    while let Some((pointer, value, member)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    stack.push((format!("{pointer}/{}", generator::diag::escape_token(key)), child, true));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{index}"), child, false));
                }
            }
            _ => {}
        }
        out.push(Node { pointer, member, object: value.is_object() });
    }
    out
}

fn pick<'n>(nodes: &'n [Node], index: &Index, filter: impl Fn(&Node) -> bool) -> Option<&'n Node> {
    let candidates: Vec<&Node> = nodes.iter().filter(|node| filter(node)).collect();
    if candidates.is_empty() { None } else { Some(candidates[index.index(candidates.len())]) }
}

/// The parent pointer and the (unescaped) last token.
fn split(pointer: &str) -> Option<(&str, String)> {
    let (parent, token) = pointer.rsplit_once('/')?;
    Some((parent, token.replace("~1", "/").replace("~0", "~")))
}

fn apply(root: &mut Value, mutation: &Mutation) {
    let all = nodes(root);
    match mutation {
        Mutation::Delete(index) => {
            let Some(node) = pick(&all, index, |n| n.member) else { return };
            let Some((parent, key)) = split(&node.pointer) else { return };
            if let Some(Value::Object(map)) = root.pointer_mut(parent) {
                map.shift_remove(&key);
            }
        }
        Mutation::Replace(index, value) => {
            let Some(node) = pick(&all, index, |_| true) else { return };
            if let Some(target) = root.pointer_mut(&node.pointer) {
                *target = of_another_type(target, value.clone());
            }
        }
        Mutation::Duplicate { from, to, key } => {
            let (Some(from), Some(to)) = (pick(&all, from, |_| true), pick(&all, to, |_| true)) else { return };
            let Some(copy) = root.pointer(&from.pointer).cloned() else { return };
            match root.pointer_mut(&to.pointer) {
                Some(Value::Object(map)) => {
                    map.insert(key.clone(), copy);
                }
                Some(Value::Array(items)) => items.push(copy),
                Some(other) => *other = copy,
                None => {}
            }
        }
        Mutation::Rename(index, new) => {
            let Some(node) = pick(&all, index, |n| n.member) else { return };
            let Some((parent, key)) = split(&node.pointer) else { return };
            let Some(Value::Object(map)) = root.pointer_mut(parent) else { return };
            let Some(position) = map.keys().position(|k| *k == key) else { return };
            let Some(value) = map.shift_remove(&key) else { return };
            if map.contains_key(new) {
                map.insert(new.clone(), value);
            } else {
                map.shift_insert(position.min(map.len()), new.clone(), value);
            }
        }
        Mutation::SetType(index, ty) => {
            let Some(node) = pick(&all, index, |n| n.object) else { return };
            if let Some(Value::Object(map)) = root.pointer_mut(&node.pointer) {
                map.insert("type".to_owned(), Value::String(ty.clone()));
            }
        }
        Mutation::Ref(index, target) => {
            let Some(node) = pick(&all, index, |_| true) else { return };
            let reference = match target {
                RefTarget::Node(index) => pick(&all, index, |_| true).map(|n| format!("#{}", n.pointer)),
                RefTarget::Itself => Some(format!("#{}", node.pointer)),
                RefTarget::Ancestor(index) => {
                    pick(&all, index, |n| node.pointer.starts_with(&format!("{}/", n.pointer)) || n.pointer.is_empty())
                        .map(|n| format!("#{}", n.pointer))
                }
                RefTarget::Text(text) => Some(text.clone()),
            };
            if let (Some(reference), Some(slot)) = (reference, root.pointer_mut(&node.pointer)) {
                *slot = json!({ "$ref": reference });
            }
        }
        Mutation::Nest(index, how, depth) => {
            let Some(node) = pick(&all, index, |_| true) else { return };
            let Some(slot) = root.pointer_mut(&node.pointer) else { return };
            let mut value = slot.take();
            for _ in 0..*depth {
                value = match how {
                    Nesting::Items => json!({ "type": "array", "items": value }),
                    Nesting::Properties => json!({ "type": "object", "properties": { "p": value } }),
                    Nesting::AllOf => json!({ "allOf": [value] }),
                    Nesting::AdditionalProperties => json!({ "type": "object", "additionalProperties": value }),
                };
            }
            *slot = value;
        }
    }
}

/// Which of the six JSON types a value is.
fn kind(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// `new`, or something built from it, so that its type differs from `old`'s.
fn of_another_type(old: &Value, new: Value) -> Value {
    if kind(old) != kind(&new) {
        new
    } else if new.is_array() {
        json!({ "x": new })
    } else {
        json!([new])
    }
}

/// Keys and words that mean something in a spec, and some that trip identifiers.
const WORDS: &[&str] = &[
    "type", "items", "properties", "$ref", "allOf", "oneOf", "anyOf", "not", "additionalProperties",
    "required", "enum", "in", "name", "schema", "schemas", "responses", "parameters", "default",
    "x-nullable", "nullable", "format", "200", "204", "get", "post", "delete", "paths", "definitions",
    "components", "requestBody", "content", "application/json", "multipart/form-data", "body",
    "formData", "query", "path", "header", "consumes", "produces", "discriminator", "x-pagination",
    "x-method-name", "x-default-credentials", "securityDefinitions", "securitySchemes", "servers",
    "host", "basePath", "", "self", "Self", "super", "crate", "r#type", "1abc", "a/b", "~0", "__", "-",
    "Client", "Result", "Error", "Option", "Box", "Vec", "String", "mod", "fn", "async", "ä", "日本",
];

const TYPES: &[&str] = &[
    "object", "array", "string", "integer", "number", "boolean", "file", "null", "", "Object", "str ing",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9_$/~{} .-]{0,10}",
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        Just(json!(u64::MAX)),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((word(), inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn ref_target() -> impl Strategy<Value = RefTarget> {
    prop_oneof![
        3 => any::<Index>().prop_map(RefTarget::Node),
        1 => Just(RefTarget::Itself),
        2 => any::<Index>().prop_map(RefTarget::Ancestor),
        1 => prop_oneof![
            Just("#".to_owned()),
            Just("#/".to_owned()),
            Just("#/definitions/".to_owned()),
            Just("#/components/schemas/Missing".to_owned()),
            Just("other.yaml#/definitions/A".to_owned()),
            Just("https://example.com/spec.json#/x".to_owned()),
            Just("#/definitions/A~2".to_owned()),
            Just("%%".to_owned()),
            Just(String::new()),
            "#/[a-z/~0-9]{0,12}",
        ]
        .prop_map(RefTarget::Text),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let nesting = prop_oneof![
        Just(Nesting::Items),
        Just(Nesting::Properties),
        Just(Nesting::AllOf),
        Just(Nesting::AdditionalProperties),
    ];
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), arb_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<Index>(), any::<Index>(), word()).prop_map(|(from, to, key)| Mutation::Duplicate { from, to, key }),
        2 => (any::<Index>(), word()).prop_map(|(i, k)| Mutation::Rename(i, k)),
        2 => (any::<Index>(), proptest::sample::select(TYPES).prop_map(str::to_owned)).prop_map(|(i, t)| Mutation::SetType(i, t)),
        3 => (any::<Index>(), ref_target()).prop_map(|(i, t)| Mutation::Ref(i, t)),
        1 => (any::<Index>(), nesting, prop_oneof![1usize..8, 60usize..70, 120usize..140]).prop_map(|(i, n, d)| Mutation::Nest(i, n, d)),
    ]
}

/// 200 cases keep the suite fast; `PROPTEST_CASES=20000` searches longer.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(200)
}

/// Failing cases proptest found, replayed first on every run.
const REGRESSIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/robustness.proptest-regressions");

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![Just(Format::Json), Just(Format::CompactJson), Just(Format::Yaml)]
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
                let mut value = generator::load::load("overlay.yaml", overlay).expect("overlay").value;
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
        let outcome = check(&input(&spec, overlay.as_deref()));
        eprintln!("OUTCOME {}", match &outcome { Ok(Some(_)) => "ok", Ok(None) => "err", Err(_) => "fail" });
        outcome.map_err(|message| TestCaseError::fail(format!("{}: {message}", fixture.name)))?;
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
                        (_, "example" | "examples" | "default" | "enum" | "x-example") => Context::Data,
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
        (Value::Array(items), _) => Value::Array(items.iter().map(|item| reversed(item, Context::Keywords)).collect()),
        (scalar, _) => scalar.clone(),
    }
}

/// The generated files with the input fingerprint (which hashes the text) blanked out.
fn without_fingerprint(files: Vec<File>, input: &Input<'_>) -> Vec<File> {
    let fingerprint = pipeline::fingerprint(input);
    files.into_iter().map(|f| File { contents: f.contents.replace(&fingerprint, "FINGERPRINT"), ..f }).collect()
}

/// Reversing the key order of maps whose order means nothing does not change a byte of the output.
#[test]
fn output_does_not_depend_on_key_order() {
    let mut compared = 0;
    for fixture in load_dir("pipeline") {
        let original = input(&fixture.text, fixture.overlay.as_deref());
        let reordered_text = text(&reversed(&fixture.value, Context::Keywords), Format::Json);
        let reordered = input(&reordered_text, fixture.overlay.as_deref());
        match (pipeline::generate(&original, &config()), pipeline::generate(&reordered, &config())) {
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
                let summary =
                    |d: &[Diagnostic]| d.iter().map(|d| (d.code, d.pointer.clone(), d.message.clone())).collect::<Vec<_>>();
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
    let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
    let window = |text: &str| text.lines().skip(line.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n");
    format!("line {}\n--- original\n{}\n--- reordered\n{}", line + 1, window(expected), window(actual))
}

// ---------------------------------------------------------------------------------------------
// Depth

const SWAGGER_HEAD: &str = r#""swagger": "2.0", "info": {"title": "Deep", "version": "1"}, "paths": {}"#;

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
    let mut spec = String::from("swagger: '2.0'\ninfo: {title: Deep, version: '1'}\npaths: {}\ndefinitions:\n  A: ");
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
    let mut spec = String::from("swagger: '2.0'\ninfo: {title: Deep, version: '1'}\npaths: {}\ndefinitions:\n A:\n");
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
    let items = (r#"{"type": "array", "items": "#, "}");
    let properties = (r#"{"type": "object", "properties": {"p": "#, "}}");
    expect_too_deep("json items", deep_json(DEPTH, items.0, items.1));
    expect_too_deep("json properties", deep_json(DEPTH, properties.0, properties.1));
    expect_too_deep("yaml flow items", deep_yaml_flow(DEPTH, "{type: array, items: ", "}"));
    expect_too_deep("yaml flow properties", deep_yaml_flow(DEPTH, "{type: object, properties: {p: ", "}}"));
    expect_too_deep("yaml flow sequences", deep_yaml_flow(DEPTH, "[", "]"));
    expect_too_deep("yaml block items", deep_yaml_block(1_000));
}

/// Nesting of `depth` levels of one shape, in Swagger 2.0 and in OpenAPI 3.0, on a 2 MiB stack.
fn check_nesting(name: &str, open: &str, close: &str, depths: impl IntoIterator<Item = usize>) {
    for depth in depths {
        eprintln!("TRACE {name} {depth}");
        let swagger = deep_json(depth, open, close);
        if let Err(message) = check_on_small_stack(swagger, None) {
            panic!("swagger {name} × {depth}: {message}");
        }
        let openapi = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"A": {}{{"type": "string"}}{}}}}}}}"#,
            open.repeat(depth),
            close.repeat(depth)
        );
        if let Err(message) = check_on_small_stack(openapi, None) {
            panic!("openapi {name} × {depth}: {message}");
        }
    }
}

const ITEMS: (&str, &str) = (r#"{"type": "array", "items": "#, "}");
const PROPERTIES: (&str, &str) = (r#"{"type": "object", "properties": {"p": "#, "}}");
const ALL_OF: (&str, &str) = (r#"{"allOf": ["#, "]}");
const ADDITIONAL: (&str, &str) = (r#"{"type": "object", "additionalProperties": "#, "}");

/// Depths around the lowering limit (64 schemas) and the parsers' (128 JSON levels; a level of
/// `properties` or `allOf` is two).
fn depths(json_levels_per_schema: usize) -> impl Iterator<Item = usize> {
    [1, 10, 20, 30, 40, 45, 50, 52, 55, 60, 63, 64, 65, 100]
        .into_iter()
        .chain((124..=127).map(move |d| d / json_levels_per_schema))
        .filter(move |d| d * json_levels_per_schema < 128)
}

/// Nesting just inside the parsers' limits reaches every later stage (normalize, refs, convert,
/// deserialize, lower, emit), which must not overflow a 2 MiB stack either.
#[test]
fn nested_items_up_to_the_parser_limit() {
    check_nesting("items", ITEMS.0, ITEMS.1, depths(1));
}

#[test]
fn nested_properties_up_to_the_parser_limit() {
    check_nesting("properties", PROPERTIES.0, PROPERTIES.1, depths(2));
}

#[test]
fn nested_all_of_up_to_the_parser_limit() {
    check_nesting("allOf", ALL_OF.0, ALL_OF.1, depths(2));
}

#[test]
fn nested_additional_properties_up_to_the_parser_limit() {
    check_nesting("additionalProperties", ADDITIONAL.0, ADDITIONAL.1, depths(1));
}

// ---------------------------------------------------------------------------------------------
// Recursion

fn generated(spec: &str) -> Vec<File> {
    match check_on_small_stack(spec.to_owned(), None) {
        Ok(Some(files)) => files,
        Ok(None) => panic!("failed:{}", pipeline::generate(&input(spec, None), &config()).err().map(|d| list(&d)).unwrap_or_default()),
        Err(message) => panic!("{message}"),
    }
}

fn models(files: &[File]) -> &str {
    &files.iter().find(|f| f.path == "src/models.rs").expect("models.rs").contents
}

const SWAGGER: &str = "swagger: '2.0'\ninfo: {title: Recursive, version: '1'}\npaths: {}\n";
const OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: Recursive, version: '1'}\npaths: {}\n";

/// A schema that contains itself generates, boxed, in both formats.
#[test]
fn self_referential_schema() {
    let swagger = format!("{SWAGGER}definitions:\n  A:\n    type: object\n    properties:\n      a: {{$ref: '#/definitions/A'}}\n");
    let openapi = format!(
        "{OPENAPI}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/A'}}\n"
    );
    for spec in [swagger, openapi] {
        let files = generated(&spec);
        assert!(models(&files).contains("Box<"), "a recursive field must be boxed:\n{}", models(&files));
    }
}

/// A and B that contain each other generate in both formats.
#[test]
fn mutually_recursive_schemas() {
    let swagger = format!(
        "{SWAGGER}definitions:\n  A:\n    properties:\n      b: {{$ref: '#/definitions/B'}}\n  B:\n    properties:\n      a: {{$ref: '#/definitions/A'}}\n"
    );
    let openapi = format!(
        "{OPENAPI}components:\n  schemas:\n    A:\n      properties:\n        b: {{$ref: '#/components/schemas/B'}}\n    B:\n      properties:\n        a: {{$ref: '#/components/schemas/A'}}\n"
    );
    for spec in [swagger, openapi] {
        let files = generated(&spec);
        assert!(models(&files).contains("Box<"), "a recursive field must be boxed:\n{}", models(&files));
    }
}

/// Recursion through arrays, maps, `allOf` and a required field: generates (or is diagnosed) and parses.
#[test]
fn recursion_through_containers() {
    let cases = [
        "  A:\n    type: object\n    properties:\n      children: {type: array, items: {$ref: '#/definitions/A'}}\n",
        "  A:\n    type: object\n    required: [a]\n    properties:\n      a: {$ref: '#/definitions/A'}\n",
        "  A:\n    type: object\n    additionalProperties: {$ref: '#/definitions/A'}\n",
        "  A:\n    allOf: [{$ref: '#/definitions/B'}]\n  B:\n    properties:\n      a: {$ref: '#/definitions/A'}\n",
        "  A:\n    allOf: [{$ref: '#/definitions/A'}]\n",
        "  A:\n    type: object\n    properties:\n      a: {allOf: [{$ref: '#/definitions/A'}]}\n",
        "  A: {$ref: '#/definitions/B'}\n  B: {$ref: '#/definitions/A'}\n",
        "  A: {$ref: '#/definitions/A'}\n",
    ];
    for case in cases {
        let spec = format!("{SWAGGER}definitions:\n{case}");
        if let Err(message) = check_on_small_stack(spec, None) {
            panic!("{case}: {message}");
        }
    }
}

/// A schema that is only an array (or map) of itself generates a type that can exist.
#[test]
fn recursive_aliases_are_not_infinite_types() {
    let cases = [
        "  A:\n    type: array\n    items: {$ref: '#/definitions/A'}\n",
        "  A:\n    type: object\n    additionalProperties: {$ref: '#/definitions/A'}\n",
        "  A:\n    type: array\n    items: {$ref: '#/definitions/B'}\n  B:\n    type: array\n    items: {$ref: '#/definitions/A'}\n",
    ];
    for case in cases {
        let spec = format!("{SWAGGER}definitions:\n{case}");
        let Ok(Some(files)) = check_on_small_stack(spec, None) else { continue };
        let models = models(&files);
        let file = syn::parse_file(models).expect("parses");
        for item in &file.items {
            if let syn::Item::Type(alias) = item {
                let name = alias.ident.to_string();
                let target = quote_type(&alias.ty);
                assert!(
                    !mentions(&target, &name),
                    "{case}: `type {name} = {target}` is an infinitely recursive type alias (rustc E0391)"
                );
            }
        }
    }
}

fn quote_type(ty: &syn::Type) -> String {
    quote::ToTokens::to_token_stream(ty).to_string()
}

/// Whether type text mentions `name` as a whole path segment.
fn mentions(ty: &str, name: &str) -> bool {
    ty.split(|c: char| !c.is_alphanumeric() && c != '_').any(|segment| segment == name)
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
    let (output, files) = match pipeline::generate(&input(&text, None), &config()) {
        Ok(generated) => generated,
        Err(diagnostics) => panic!("failed:{}", list(&diagnostics)),
    };
    assert_eq!(output.api.operations.len(), 2000);
    let operations = files.iter().find(|f| f.path == "src/operations.rs").expect("operations.rs");
    syn::parse_file(&operations.contents).expect("operations.rs parses");
}
