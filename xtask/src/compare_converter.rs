//! `cargo xtask compare-converter [SPEC…]`: our Swagger 2.0 → OpenAPI 3.0.3 conversion against
//! `swagger2openapi` (npm), the reference converter, on the same Swagger document, compared
//! semantically (key order ignored): every differing JSON pointer, grouped by kind, as Markdown.
//! It is a report: it exits 0 whatever differs. `docs/converter-differences.md` explains each kind.
//!
//! Needs node and npm: swagger2openapi 7 is installed under `target/swagger2openapi/` when missing,
//! never globally, and never by the test command.
//!
//! Both converters get the same document: the one our pipeline converts (the spec after its overlay,
//! if any, and the normalisation passes), written to `target/compare-converter/NAME/input.json`
//! next to `ours.json` and `theirs.json`. With `--raw` the spec is taken as written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail, ensure};
use generator::diag::Diagnostics;
use generator::pointer::child;
use generator::{convert, load, normalize, overlay};
use serde_json::Value;

use crate::overlays;
use crate::workspace::{OVERLAYS, SPEC, root};

/// The reference converter, as npm names it.
const PACKAGE: &str = "swagger2openapi@7";
/// Where it is installed, relative to the workspace root.
const INSTALL: &str = "target/swagger2openapi";
/// Where the inputs and both outputs are kept for inspection, relative to the workspace root.
const WORK: &str = "target/compare-converter";
/// Its options besides the files: fix small errors (`--patch`), report what it cannot fix as
/// `x-s2o-warning` instead of stopping, say the version we say, and keep a body parameter's name
/// in the extension we keep it in.
const OPTIONS: &[&str] = &[
    "--patch",
    "--warnOnly",
    "--targetVersion",
    "3.0.3",
    "--rbname",
    "x-codegen-request-body-name",
];
/// The corpus specs compared when no SPEC is given (skipped when absent: a checkout has no corpus).
const CORPUS: &[&str] = &[
    "../shared/corpus/petstore.swagger2.yaml",
    "../shared/corpus/kubernetes-1.16.swagger2.json",
];
/// Object members whose keys are names chosen by the spec's author, not field names: in a
/// pointer's shape they become `*`.
const NAMED: &[&str] = &[
    "paths",
    "definitions",
    "schemas",
    "properties",
    "patternProperties",
    "responses",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "securityDefinitions",
    "headers",
    "content",
    "encoding",
    "examples",
    "scopes",
];
/// The operations of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One comparison: which file (as the user names it, and where it is), with which overlay,
/// normalised or as written.
struct Case {
    spec: (String, PathBuf),
    overlay: Option<(String, PathBuf)>,
    normalize: bool,
}

impl Case {
    fn label(&self) -> String {
        let overlay = self
            .overlay
            .as_ref()
            .map(|(name, _)| format!(" + {name}"))
            .unwrap_or_default();
        let how = if self.normalize {
            "normalised"
        } else {
            "as written"
        };
        format!("{}{overlay}, {how}", self.spec.0)
    }

    /// The folder under [`WORK`] that keeps this case's files.
    fn folder(&self) -> String {
        let file = self
            .spec
            .1
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let how = match (&self.overlay, self.normalize) {
            (Some(_), _) => "overlaid",
            (None, true) => "normalised",
            (None, false) => "as-written",
        };
        format!("{file}-{how}")
    }
}

/// How one JSON document differs from another at one pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Theirs has a member or item there; ours has not.
    MissingInOurs,
    /// Ours has a member or item there; theirs has not.
    MissingInTheirs,
    /// Both have a value there, and they differ (a different scalar, or a different JSON type).
    DifferentValue,
}

impl Kind {
    const ALL: [Kind; 3] = [
        Kind::MissingInOurs,
        Kind::MissingInTheirs,
        Kind::DifferentValue,
    ];

    fn title(self) -> &'static str {
        match self {
            Kind::MissingInOurs => "missing in ours",
            Kind::MissingInTheirs => "missing in theirs",
            Kind::DifferentValue => "different value",
        }
    }
}

/// One difference: where, what kind, and the two values (`None` where absent).
#[derive(Debug, Clone)]
struct Difference {
    pointer: String,
    kind: Kind,
    ours: Option<Value>,
    theirs: Option<Value>,
}

#[allow(clippy::print_stdout)]
pub fn compare_converter(specs: &[String], raw: bool) -> Result<ExitCode> {
    let root = root();
    let (cases, skipped) = cases(&root, specs, raw)?;
    let tool = install(&root)?;
    let version = installed_version(&root).unwrap_or_else(|| "?".to_owned());
    let mut report =
        format!("# Swagger 2.0 → OpenAPI 3.0.3: ours against swagger2openapi {version}\n\n");
    for spec in skipped {
        writeln!(
            report,
            "Skipped {spec}: not found (relative to the workspace root).\n"
        )?;
    }
    writeln!(
        report,
        "Both converters read the same `input.json`; theirs runs as"
    )?;
    writeln!(
        report,
        "`swagger2openapi {} --outfile theirs.json input.json`.",
        OPTIONS.join(" ")
    )?;
    writeln!(
        report,
        "Both outputs are compared in a canonical form (key order aside): path-level parameters"
    )?;
    writeln!(
        report,
        "moved into the operations, parameters keyed `in:name` instead of listed, request-body"
    )?;
    writeln!(report, "`$ref`s inlined.")?;
    writeln!(
        report,
        "Pointers are into that form; in a shape, `*` stands for any name or index.\n"
    )?;
    let mut sections = String::new();
    let mut totals = String::new();
    for case in &cases {
        let (differences, note) = compare(&root, &tool, case)?;
        let count = |kind| differences.iter().filter(|d| d.kind == kind).count();
        let [ours, theirs, value] = Kind::ALL.map(count);
        writeln!(
            totals,
            "| {} | {ours} | {theirs} | {value} | {} |",
            case.label(),
            differences.len()
        )?;
        sections.push_str(&section(case, &note, &differences)?);
    }
    writeln!(
        report,
        "| input | missing in ours | missing in theirs | different value | total |"
    )?;
    writeln!(report, "|---|---:|---:|---:|---:|")?;
    report.push_str(&totals);
    report.push_str(&sections);
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// The comparisons to run: each SPEC given (with a sibling `NAME.overlay.yaml` when there is one,
/// as `cargo xtask corpus` does), or the defaults; and the default corpus files that are absent.
fn cases(root: &Path, specs: &[String], raw: bool) -> Result<(Vec<Case>, Vec<&'static str>)> {
    let mut cases = Vec::new();
    if !specs.is_empty() {
        for spec in specs {
            let path = PathBuf::from(spec);
            ensure!(path.is_file(), "{spec}: no such file");
            let sibling = path.with_extension("overlay.yaml");
            let overlay =
                (!raw && sibling.is_file()).then(|| (sibling.display().to_string(), sibling));
            cases.push(Case {
                spec: (spec.clone(), path),
                overlay,
                normalize: !raw,
            });
        }
        return Ok((cases, Vec::new()));
    }
    let mut skipped = Vec::new();
    for spec in CORPUS {
        let path = root.join(spec);
        if path.is_file() {
            cases.push(Case {
                spec: ((*spec).to_owned(), path),
                overlay: None,
                normalize: !raw,
            });
        } else {
            skipped.push(*spec);
        }
    }
    let seed = || (SPEC.to_owned(), root.join(SPEC));
    cases.push(Case {
        spec: seed(),
        overlay: None,
        normalize: false,
    });
    if !raw {
        let overlay = Some((format!("{OVERLAYS}/"), root.join(OVERLAYS)));
        cases.push(Case {
            spec: seed(),
            overlay,
            normalize: true,
        });
    }
    Ok((cases, skipped))
}

/// The swagger2openapi command, installed first if it is missing.
fn install(root: &Path) -> Result<PathBuf> {
    let tool = root.join(INSTALL).join("node_modules/.bin/swagger2openapi");
    if tool.is_file() {
        return Ok(tool);
    }
    let prefix = root.join(INSTALL);
    fs::create_dir_all(&prefix).with_context(|| format!("creating {}", prefix.display()))?;
    let status = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .arg(PACKAGE)
        .stdout(std::io::stderr()) // stdout is the report
        .status()
        .context("running npm (node and npm are needed for this command)")?;
    ensure!(
        status.success(),
        "`npm install --prefix {INSTALL} {PACKAGE}` failed"
    );
    ensure!(
        tool.is_file(),
        "npm installed {PACKAGE}, but {} is missing",
        tool.display()
    );
    Ok(tool)
}

fn installed_version(root: &Path) -> Option<String> {
    let manifest = fs::read_to_string(
        root.join(INSTALL)
            .join("node_modules/swagger2openapi/package.json"),
    )
    .ok()?;
    let manifest: Value = serde_json::from_str(&manifest).ok()?;
    Some(manifest.get("version")?.as_str()?.to_owned())
}

/// Prepare the input of one case, run both converters on it, and diff the results. The note says
/// what the preparation reported.
fn compare(root: &Path, tool: &Path, case: &Case) -> Result<(Vec<Difference>, String)> {
    let (input, prepared) = prepare(case)?;
    let dir = root.join(WORK).join(case.folder());
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let input_file = dir.join("input.json");
    let theirs_file = dir.join("theirs.json");
    write_json(&input_file, &input)?;
    let _ = fs::remove_file(&theirs_file);
    // Relative names from inside the folder: swagger2openapi writes YAML when the output path
    // contains `.yaml` anywhere, folders included.
    let output = Command::new(tool)
        .args(OPTIONS)
        .args(["--outfile", "theirs.json", "input.json"])
        .current_dir(&dir)
        .output()
        .with_context(|| format!("running {}", tool.display()))?;
    if !output.status.success() || !theirs_file.is_file() {
        bail!(
            "swagger2openapi failed on {}:\n{}",
            input_file.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let theirs = fs::read_to_string(&theirs_file)
        .with_context(|| format!("reading {}", theirs_file.display()))?;
    let theirs: Value = serde_json::from_str(&theirs)
        .with_context(|| format!("parsing {}", theirs_file.display()))?;
    let mut found = Diagnostics::new();
    let ours = convert::convert(&input, &mut found).value;
    write_json(&dir.join("ours.json"), &ours)?;
    let mut differences = Vec::new();
    diff(
        "",
        Some(&canonical(ours)),
        Some(&canonical(theirs)),
        &mut differences,
    );
    let note = format!(
        "{prepared}; our conversion warned {} time(s). Files: `{}/{{input,ours,theirs}}.json`.",
        found.iter().count(),
        dir.strip_prefix(root).unwrap_or(&dir).display()
    );
    Ok((differences, note))
}

/// The Swagger document both converters get: loaded, overlaid and normalised as the pipeline does.
fn prepare(case: &Case) -> Result<(Value, String)> {
    let name = case.spec.0.clone();
    let text = fs::read_to_string(&case.spec.1).with_context(|| format!("reading {name}"))?;
    let mut found = Diagnostics::new();
    let mut value = load::load(&name, &text, &mut found)
        .ok_or_else(|| failed(&name, &found))?
        .value;
    ensure!(
        value.get("swagger").and_then(Value::as_str) == Some("2.0"),
        "{name}: not a Swagger 2.0 document"
    );
    let mut steps = Vec::new();
    if let Some((overlay_name, path)) = &case.overlay {
        let files = overlays::read(Path::new(""), &[path.display().to_string()])
            .with_context(|| format!("reading {overlay_name}"))?;
        let mut provenance = overlay::Provenance::default();
        let mut actions = 0;
        for (index, file) in files.iter().enumerate() {
            let document = load::load(&file.name, &file.text, &mut found)
                .ok_or_else(|| failed(&file.name, &found))?;
            let overlay = overlay::parse(&document.value, &mut found)
                .ok_or_else(|| failed(&file.name, &found))?;
            let applied = overlay.apply(
                value,
                (index, &file.name),
                &|_| None,
                &mut provenance,
                &mut found,
            );
            value = applied.spec;
            actions += applied.reports.len();
        }
        steps.push(format!("overlay applied ({actions} action(s))"));
    }
    if case.normalize {
        value = normalize::normalize(value, &mut found);
        steps.push("normalised".to_owned());
    }
    if steps.is_empty() {
        steps.push("taken as written".to_owned());
    }
    Ok((
        value,
        format!(
            "Input {}, with {} diagnostic(s) on the way",
            steps.join(", "),
            found.iter().count()
        ),
    ))
}

fn failed(name: &str, diagnostics: &Diagnostics) -> anyhow::Error {
    let lines: Vec<String> = diagnostics.iter().map(|d| format!("  {d}")).collect();
    anyhow::anyhow!("{name} cannot be read:\n{}", lines.join("\n"))
}

fn write_json(path: &Path, value: &Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value)? + "\n";
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// `document` written the one way of several that OpenAPI 3.0.3 gives the same meaning, so that
/// only differences in meaning remain: path-level parameters moved into each operation (where an
/// operation's own parameter of the same name and location wins), every operation's `parameters`
/// as an object keyed `in:name` (their order means nothing; a `$ref` is keyed by its target), and a
/// request body `$ref` replaced by the request body it names.
fn canonical(mut document: Value) -> Value {
    let lookup = document.clone();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return document;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        let shared = item.remove("parameters");
        for (_, operation) in item
            .iter_mut()
            .filter(|(key, _)| METHODS.contains(&key.as_str()))
        {
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            let own = operation.remove("parameters");
            let mut parameters = serde_json::Map::new();
            for parameter in [&shared, &own]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
            {
                parameters.insert(parameter_key(parameter, &lookup), parameter.clone());
            }
            if !parameters.is_empty() {
                operation.insert("parameters".into(), Value::Object(parameters));
            }
            if let Some(body) = operation.get_mut("requestBody") {
                if let Some(target) = body
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| resolve(&lookup, r))
                {
                    *body = target.clone();
                }
            }
        }
    }
    document
}

/// `in:name` of a parameter, or of the one its `$ref` names; the `$ref` itself when it names none.
fn parameter_key(parameter: &Value, document: &Value) -> String {
    let reference = parameter.get("$ref").and_then(Value::as_str);
    let target = reference
        .and_then(|r| resolve(document, r))
        .unwrap_or(parameter);
    match (
        target.get("in").and_then(Value::as_str),
        target.get("name").and_then(Value::as_str),
    ) {
        (Some(location), Some(name)) => format!("{location}:{name}"),
        _ => reference.unwrap_or("?").to_owned(),
    }
}

/// What a local `$ref` (`#/…`) points at.
fn resolve<'v>(document: &'v Value, reference: &str) -> Option<&'v Value> {
    document.pointer(reference.strip_prefix('#')?)
}

/// Every pointer at which `ours` and `theirs` differ, appended to `out`. Objects are compared member
/// by member whatever their order, arrays item by item; a subtree present on one side only is one
/// difference at its root.
fn diff(pointer: &str, ours: Option<&Value>, theirs: Option<&Value>, out: &mut Vec<Difference>) {
    let difference = |kind| Difference {
        pointer: pointer.to_owned(),
        kind,
        ours: ours.cloned(),
        theirs: theirs.cloned(),
    };
    match (ours, theirs) {
        (None, None) => {}
        (None, Some(_)) => out.push(difference(Kind::MissingInOurs)),
        (Some(_), None) => out.push(difference(Kind::MissingInTheirs)),
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for (key, value) in a {
                diff(&child(pointer, key), Some(value), b.get(key), out);
            }
            for (key, value) in b.iter().filter(|(key, _)| !a.contains_key(*key)) {
                diff(&child(pointer, key), None, Some(value), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for index in 0..a.len().max(b.len()) {
                diff(
                    &child(pointer, &index.to_string()),
                    a.get(index),
                    b.get(index),
                    out,
                );
            }
        }
        (Some(a), Some(b)) if a == b => {}
        (Some(_), Some(_)) => out.push(difference(Kind::DifferentValue)),
    }
}

/// A pointer with the names an author chose (paths, schema and property names, status codes, media
/// types…) and array indexes replaced by `*`, so that differences of one kind group together.
fn shape(pointer: &str) -> String {
    let mut out = String::new();
    let mut is_name = false;
    for token in pointer.split('/').skip(1) {
        let generic = is_name || token.parse::<usize>().is_ok();
        out.push('/');
        out.push_str(if generic { "*" } else { token });
        // The members of a map of names are names, even one called `properties`.
        is_name = !generic && NAMED.contains(&token);
    }
    out
}

/// The Markdown section of one case: per kind, a table of shapes (count, the first difference's
/// values and pointer), then every pointer of that kind.
fn section(case: &Case, note: &str, differences: &[Difference]) -> Result<String> {
    let mut out = format!("\n## {}\n\n{note}\n", case.label());
    if differences.is_empty() {
        out.push_str("\nNo differences.\n");
    }
    for kind in Kind::ALL {
        let of_kind: Vec<&Difference> = differences.iter().filter(|d| d.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let mut shapes: BTreeMap<String, Vec<&Difference>> = BTreeMap::new();
        for difference in of_kind.iter().copied() {
            shapes
                .entry(shape(&difference.pointer))
                .or_default()
                .push(difference);
        }
        writeln!(out, "\n### {} ({})\n", kind.title(), of_kind.len())?;
        writeln!(
            out,
            "| shape | count | ours (first) | theirs (first) | first pointer |"
        )?;
        writeln!(out, "|---|---:|---|---|---|")?;
        for (shape, items) in &shapes {
            let Some(first) = items.first() else { continue };
            let (ours, theirs) = (brief(first.ours.as_ref()), brief(first.theirs.as_ref()));
            writeln!(
                out,
                "| `{}` | {} | {ours} | {theirs} | `{}` |",
                cell(shape),
                items.len(),
                cell(&first.pointer)
            )?;
        }
        writeln!(
            out,
            "\n<details><summary>every pointer {} ({})</summary>\n",
            kind.title(),
            of_kind.len()
        )?;
        for difference in &of_kind {
            writeln!(out, "- `{}`", cell(&difference.pointer))?;
        }
        writeln!(out, "\n</details>")?;
    }
    Ok(out)
}

/// A value in a table cell: compact JSON, cut at 60 characters; `—` when absent.
fn brief(value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "—".to_owned();
    };
    let text = value.to_string();
    let cut: String = text.chars().take(60).collect();
    let ellipsis = if cut.len() < text.len() { "…" } else { "" };
    format!("`{}{ellipsis}`", cell(&cut))
}

/// Text safe inside a Markdown table cell and a code span.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('`', "'")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn diff_ignores_key_order_and_reports_each_kind_once_per_subtree() {
        let ours = json!({ "a": 1, "b": { "c": [1, 2] }, "only_ours": { "deep": true } });
        let theirs = json!({ "b": { "c": [1, 3, 4] }, "a": 1, "only_theirs": 0 });
        let mut out = Vec::new();
        diff("", Some(&ours), Some(&theirs), &mut out);
        let found: Vec<(&str, Kind)> = out.iter().map(|d| (d.pointer.as_str(), d.kind)).collect();
        assert_eq!(
            found,
            [
                ("/b/c/1", Kind::DifferentValue),
                ("/b/c/2", Kind::MissingInOurs),
                ("/only_ours", Kind::MissingInTheirs),
                ("/only_theirs", Kind::MissingInOurs),
            ]
        );
    }

    #[test]
    fn canonical_form_moves_path_parameters_keys_them_and_inlines_request_bodies() {
        let written = json!({
            "paths": { "/a/{id}": {
                "parameters": [{ "name": "id", "in": "path", "description": "shared" }],
                "get": { "parameters": [
                    { "name": "id", "in": "path", "description": "own" },
                    { "$ref": "#/components/parameters/q" }
                ] },
                "post": { "requestBody": { "$ref": "#/components/requestBodies/b" } }
            } },
            "components": {
                "parameters": { "q": { "name": "q", "in": "query" } },
                "requestBodies": { "b": { "content": {} } }
            }
        });
        let canonical = canonical(written);
        let item = &canonical["paths"]["/a/{id}"];
        assert_eq!(item.get("parameters"), None);
        assert_eq!(item["get"]["parameters"]["path:id"]["description"], "own");
        assert_eq!(
            item["get"]["parameters"]["query:q"],
            json!({ "$ref": "#/components/parameters/q" })
        );
        assert_eq!(
            item["post"]["parameters"]["path:id"]["description"],
            "shared"
        );
        assert_eq!(item["post"]["requestBody"], json!({ "content": {} }));
    }

    #[test]
    fn shapes_hide_names_but_not_keywords() {
        assert_eq!(
            shape("/paths/~1pets~1{id}/get/parameters/0/schema"),
            "/paths/*/get/parameters/*/schema"
        );
        let property_named_properties = "/components/schemas/Pet/properties/properties/type";
        assert_eq!(
            shape(property_named_properties),
            "/components/schemas/*/properties/*/type"
        );
        assert_eq!(
            shape("/paths/~1a/post/responses/200/content/application~1json/schema"),
            "/paths/*/post/responses/*/content/*/schema"
        );
    }
}
