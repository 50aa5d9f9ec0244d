//! `cargo bench -p generator`: each pipeline stage, in process, on the Particle spec and (when
//! `../shared/corpus` is present) on nexus, GitHub and Kubernetes; plus the floor, parsing the same
//! text into a generic value, and a table of medians with the whole run as a multiple of the floor.
//!
//! Every stage gets exactly the input the pipeline hands it (computed once, before timing); a stage
//! that mutates its input gets a fresh clone per iteration, and the clone is not timed.
//! `format` is `prettyplease::unparse` of the emitted Rust files, re-parsed once before timing;
//! `emit` includes it (emit has no entry point that skips formatting).

// A benchmark is a tool run by hand, not code derived from a spec: a missing input file or a
// refused spec ends the run with a message (`panic!`), and its table goes to stdout.
#![allow(
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr,
    missing_docs
)]

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, BenchmarkGroup, Criterion, SamplingMode, measurement::WallTime};
use generator::diag::Diagnostics;
use generator::emit::{self, CrateConfig, Runtime};
use generator::ir::Api;
use generator::load::{self, Document};
use generator::pipeline::{self, Input, OnSkip, Source};
use generator::{convert, deserialize, lower, normalize, overlay, refs};
use serde_json::Value;

/// One benchmark input: a spec and its overlays (maybe none), as text.
struct Case {
    /// The group name in criterion's output (`particle`, `nexus`, …).
    name: &'static str,
    spec_name: String,
    spec: String,
    /// (name, text) of each overlay, in the order applied.
    overlays: Vec<(String, String)>,
}

/// The stages, in pipeline order, as criterion function ids (and table columns).
const STAGES: &[&str] = &[
    "floor",
    "load",
    "overlay",
    "normalize",
    "refs",
    "convert",
    "deserialize",
    "lower",
    "emit",
    "format",
    "whole",
];

/// The corpus inputs: group name, file in `../shared/corpus`.
const CORPUS: &[(&str, &str)] = &[
    ("nexus", "nexus.json"),
    ("github", "api.github.com.json"),
    ("kubernetes", "kubernetes-1.16.swagger2.json"),
];

fn main() {
    // `cargo test --all-targets` runs bench binaries without `--bench`: compile, but measure nothing.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("pipeline benchmarks: not run outside `cargo bench`");
        return;
    }
    let root = workspace_root();
    let output = criterion_home(&root);
    let mut criterion = Criterion::default()
        .output_directory(&output)
        .configure_from_args();
    let cases = cases(&root);
    let mut rows = Vec::new();
    for case in &cases {
        rows.push((case.name, bench_case(&mut criterion, case)));
    }
    let scaling = cases
        .iter()
        .find(|c| c.name == "nexus")
        .map(|nexus| bench_scaling(&mut criterion, nexus));
    criterion.final_summary();
    print_table(&output, &rows);
    if let Some(points) = scaling {
        print_scaling(&output, &points);
    }
}

/// The workspace root: the generator crate lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Where criterion writes its estimates (its own default, made explicit so the table can read them).
fn criterion_home(root: &Path) -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    target.join("criterion")
}

/// Every `specs/particle/*.yaml`, in file-name order: the Particle client's overlays.
fn particle_overlays(root: &Path) -> Vec<(String, String)> {
    let dir = root.join("specs/particle");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| (format!("specs/particle/{name}"), read(&dir.join(&name))))
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

/// Particle always; the corpus files only when `../shared/corpus` (or `$BENCH_CORPUS`) exists.
fn cases(root: &Path) -> Vec<Case> {
    let mut cases = vec![Case {
        name: "particle",
        spec_name: "specs/particle.swagger.yaml".to_owned(),
        spec: read(&root.join("specs/particle.swagger.yaml")),
        overlays: particle_overlays(root),
    }];
    let corpus = std::env::var_os("BENCH_CORPUS")
        .map_or_else(|| root.join("../shared/corpus"), PathBuf::from);
    for (name, file) in CORPUS {
        let path = corpus.join(file);
        if path.is_file() {
            cases.push(Case {
                name,
                spec_name: (*file).to_owned(),
                spec: read(&path),
                overlays: Vec::new(),
            });
        } else {
            println!(
                "{name}: {} not found, skipped (set BENCH_CORPUS to the corpus folder)",
                path.display()
            );
        }
    }
    cases
}

/// Every intermediate value of one run, computed once before timing.
struct Stages {
    spec: Document,
    overlays: Vec<(Document, overlay::Overlay)>,
    /// After the overlays: the input of normalize.
    overlaid: Value,
    /// After normalize: the input of refs check and convert.
    normalized: Value,
    swagger2: bool,
    /// The OpenAPI 3.0 value: the input of deserialize.
    openapi: Value,
    model: openapiv3::OpenAPI,
    api: Api,
    /// The emitted Rust files, parsed: the input of format.
    rust: Vec<syn::File>,
}

fn config(name: &str) -> CrateConfig {
    CrateConfig {
        name: format!("{name}-client"),
        version: "0.1.0".to_owned(),
        command: "cargo bench".to_owned(),
        sources: vec![name.to_owned()],
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

fn prepare(case: &Case) -> Stages {
    let refused = |stage: &str, count: usize| -> ! {
        panic!("{}: {stage} failed with {count} diagnostic(s)", case.name)
    };
    let mut found = Diagnostics::new();
    let spec = load::load(&case.spec_name, &case.spec, &mut found)
        .unwrap_or_else(|| refused("load", found.iter().count()));
    let overlays: Vec<(Document, overlay::Overlay)> = case
        .overlays
        .iter()
        .map(|(name, text)| {
            let document = load::load(name, text, &mut found)
                .unwrap_or_else(|| refused("overlay load", found.iter().count()));
            let parsed = overlay::parse(&document.value, &mut found)
                .unwrap_or_else(|| refused("overlay parse", found.iter().count()));
            (document, parsed)
        })
        .collect();
    let overlaid = apply_overlays(&overlays, spec.value.clone(), &mut found);
    let normalized = normalize::normalize(overlaid.clone(), &mut found);
    let swagger2 = normalized.get("swagger").is_some();
    let openapi = if swagger2 {
        convert::convert(&normalized, &mut found).value
    } else {
        normalized.clone()
    };
    let model = deserialize::deserialize(&openapi, &mut found)
        .unwrap_or_else(|| refused("deserialize", found.iter().count()));
    let api = lower::lower(&model, String::new(), &mut found);
    let files = emit::emit(&api, &config(case.name), &mut found);
    if found.has_errors() {
        refused("emit", found.iter().count());
    }
    let rust = files
        .iter()
        .filter(|f| f.path.ends_with(".rs") && !f.path.starts_with("src/runtime/"))
        .map(|f| {
            syn::parse_file(&f.contents)
                .unwrap_or_else(|error| panic!("{}: {}: {error}", case.name, f.path))
        })
        .collect();
    Stages {
        spec,
        overlays,
        overlaid,
        normalized,
        swagger2,
        openapi,
        model,
        api,
        rust,
    }
}

/// `value` with every overlay applied in order.
fn apply_overlays(
    overlays: &[(Document, overlay::Overlay)],
    mut value: Value,
    found: &mut Diagnostics,
) -> Value {
    let mut provenance = overlay::Provenance::default();
    for (file, (_, parsed)) in overlays.iter().enumerate() {
        value = parsed
            .apply(value, (file, "overlay"), &|_| None, &mut provenance, found)
            .spec;
    }
    value
}

/// The floor: the spec (and overlay) text into a generic value, nothing more.
fn parse_floor(text: &str) -> usize {
    if text.trim_start().starts_with(['{', '[']) {
        let value: Value =
            serde_json::from_str(text).unwrap_or_else(|error| panic!("floor: {error}"));
        usize::from(value.is_object())
    } else {
        // Every document of the stream (the Particle spec is framed by `---` lines).
        let mut count = 0;
        for document in serde_yaml::Deserializer::from_str(text) {
            let value = <serde_yaml::Value as serde::Deserialize>::deserialize(document)
                .unwrap_or_else(|error| panic!("floor: {error}"));
            count += usize::from(!value.is_null());
        }
        count
    }
}

/// Tight settings for the big specs: a whole Kubernetes run takes a good part of a second.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, big: bool) {
    if big {
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
    } else {
        group
            .sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    }
}

/// Benchmark every stage of `case`; the number of operations it has.
fn bench_case(criterion: &mut Criterion, case: &Case) -> usize {
    let stages = prepare(case);
    let config = config(case.name);
    let mut group = criterion.benchmark_group(case.name);
    configure(&mut group, case.spec.len() > 100_000);

    group.bench_function("floor", |b| {
        b.iter(|| {
            let mut documents = parse_floor(black_box(&case.spec));
            for (_, text) in &case.overlays {
                documents += parse_floor(black_box(text));
            }
            documents
        });
    });
    group.bench_function("load", |b| {
        b.iter(|| {
            let mut found = Diagnostics::new();
            let spec = load::load(&case.spec_name, black_box(&case.spec), &mut found);
            let overlays = case
                .overlays
                .iter()
                .filter(|(name, text)| load::load(name, black_box(text), &mut found).is_some())
                .count();
            (spec.is_some(), overlays)
        });
    });
    if !stages.overlays.is_empty() {
        group.bench_function("overlay", |b| {
            b.iter_batched(
                || stages.spec.value.clone(),
                |mut value| {
                    let mut found = Diagnostics::new();
                    let mut provenance = overlay::Provenance::default();
                    for (file, (document, _)) in stages.overlays.iter().enumerate() {
                        let Some(parsed) = overlay::parse(black_box(&document.value), &mut found)
                        else {
                            continue;
                        };
                        value = parsed
                            .apply(
                                value,
                                (file, "overlay"),
                                &|_| None,
                                &mut provenance,
                                &mut found,
                            )
                            .spec;
                    }
                    value
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.bench_function("normalize", |b| {
        b.iter_batched(
            || stages.overlaid.clone(),
            |value| {
                let mut found = Diagnostics::new();
                let value = normalize::normalize(value, &mut found);
                (value, found)
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("refs", |b| {
        b.iter(|| {
            let mut found = Diagnostics::new();
            refs::check(black_box(&stages.normalized), &mut found);
            found
        })
    });
    if stages.swagger2 {
        group.bench_function("convert", |b| {
            b.iter(|| convert::convert(black_box(&stages.normalized), &mut Diagnostics::new()))
        });
    }
    group.bench_function("deserialize", |b| {
        b.iter(|| {
            deserialize::deserialize(black_box(&stages.openapi), &mut Diagnostics::new()).is_some()
        });
    });
    group.bench_function("lower", |b| {
        b.iter(|| {
            lower::lower(
                black_box(&stages.model),
                String::new(),
                &mut Diagnostics::new(),
            )
        })
    });
    group.bench_function("emit", |b| {
        b.iter(|| emit::emit(black_box(&stages.api), &config, &mut Diagnostics::new()))
    });
    group.bench_function("format", |b| {
        b.iter(|| {
            stages
                .rust
                .iter()
                .map(|file| prettyplease::unparse(black_box(file)).len())
                .sum::<usize>()
        });
    });
    let overlays: Vec<Source<'_>> = case
        .overlays
        .iter()
        .map(|(name, text)| Source { name, text })
        .collect();
    let input = Input {
        spec: Source {
            name: &case.spec_name,
            text: &case.spec,
        },
        overlays: &overlays,
        on_skip: OnSkip::Warn,
    };
    group.bench_function("whole", |b| {
        b.iter(|| pipeline::generate(black_box(&input), &config).is_ok())
    });
    group.finish();
    stages.api.operations.len()
}

/// How many copies of nexus's paths the scaling benchmark makes.
const COPIES: &[usize] = &[1, 2, 4];

/// `spec` (OpenAPI 3.0 JSON) with every path repeated `copies` times under `/copyN` prefixes and
/// with suffixed operation ids: the same models, `copies` times the operations.
fn multiply(spec: &str, copies: usize) -> String {
    let mut value: Value =
        serde_json::from_str(spec).unwrap_or_else(|error| panic!("scaling: {error}"));
    let Some(paths) = value.get("paths").and_then(Value::as_object).cloned() else {
        panic!("scaling: no paths")
    };
    let mut multiplied = serde_json::Map::new();
    for copy in 0..copies {
        for (path, item) in &paths {
            let mut item = item.clone();
            if let Some(operations) = item.as_object_mut() {
                for operation in operations.values_mut() {
                    if let Some(Value::String(id)) = operation.get_mut("operationId") {
                        id.push_str(&format!("_copy{copy}"));
                    }
                }
            }
            multiplied.insert(
                if copy == 0 {
                    path.clone()
                } else {
                    format!("/copy{copy}{path}")
                },
                item,
            );
        }
    }
    value["paths"] = Value::Object(multiplied);
    value.to_string()
}

/// The whole pipeline on nexus with its operations multiplied: linear time means ×2 per doubling.
/// Each point: (group id, operations).
fn bench_scaling(criterion: &mut Criterion, nexus: &Case) -> Vec<(String, usize)> {
    let mut group = criterion.benchmark_group("scaling");
    configure(&mut group, true);
    let mut points = Vec::new();
    for &copies in COPIES {
        let spec = multiply(&nexus.spec, copies);
        let input = Input {
            spec: Source {
                name: "nexus.json",
                text: &spec,
            },
            overlays: &[],
            on_skip: OnSkip::Warn,
        };
        let config = config("scaling");
        let operations = match pipeline::run(&input) {
            Ok(output) => output.api.operations.len(),
            Err(d) => panic!("scaling x{copies}: {} diagnostic(s)", d.len()),
        };
        let id = format!("nexus-x{copies}");
        group.bench_function(id.as_str(), |b| {
            b.iter(|| pipeline::generate(black_box(&input), &config).is_ok())
        });
        points.push((id, operations));
    }
    group.finish();
    points
}

fn print_scaling(output: &Path, points: &[(String, usize)]) {
    println!("\nscaling: nexus with its paths repeated (same models), whole pipeline in process");
    println!("| input | operations | whole (ms) | µs per operation |");
    println!("|---|---:|---:|---:|");
    for (id, operations) in points {
        if let Some(whole) = median(output, "scaling", id) {
            println!(
                "| {id} | {operations} | {} | {:.0} |",
                ms(whole),
                whole * 1e6 / *operations as f64
            );
        }
    }
}

/// The median of one benchmark, in seconds, from criterion's `estimates.json`.
fn median(output: &Path, group: &str, stage: &str) -> Option<f64> {
    let text =
        fs::read_to_string(output.join(group).join(stage).join("new/estimates.json")).ok()?;
    let value: Value = serde_json::from_str(&text).ok()?;
    Some(value.pointer("/median/point_estimate")?.as_f64()? / 1e9)
}

/// Milliseconds with three significant digits.
fn ms(seconds: f64) -> String {
    let ms = seconds * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else if ms >= 1.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.3}")
    }
}

/// The medians as a Markdown table (ms), and each whole run as a multiple of its floor.
fn print_table(output: &Path, rows: &[(&str, usize)]) {
    println!(
        "\nmedians in ms (criterion, {}); `-` = not a stage of this input",
        output.display()
    );
    println!(
        "| input | operations | {} | whole / floor |",
        STAGES.join(" | ")
    );
    println!("|---|---:|{}---:|", "---:|".repeat(STAGES.len()));
    for (name, operations) in rows {
        let cells: Vec<String> = STAGES
            .iter()
            .map(|stage| median(output, name, stage).map_or_else(|| "-".to_owned(), ms))
            .collect();
        let ratio = match (median(output, name, "whole"), median(output, name, "floor")) {
            (Some(whole), Some(floor)) if floor > 0.0 => format!("{:.1}×", whole / floor),
            _ => "-".to_owned(),
        };
        println!(
            "| {name} | {operations} | {} | {ratio} |",
            cells.join(" | ")
        );
    }
}
