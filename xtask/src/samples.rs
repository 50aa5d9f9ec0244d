//! `cargo xtask samples SPEC|DIR…`: for every model of every spec, several values made from its
//! schema ([`generator::example::samples`]), each validated against the schema with the
//! `jsonschema` crate (the OpenAPI 3.0 document translated to Draft 4, `draft4.rs`), then decoded
//! into the generated type, encoded back and compared (a `tests/samples.rs` in each crate under
//! target/samples/, run with `cargo test`). Prints a Markdown report per spec and a total.
//!
//! A failure is the spec's own when its schema contradicts itself (a closed object without a
//! member it requires, an example or enum value not of its type, alternatives a value fits more
//! than one of); any other is ours, and fails the command (a `null` dropped from an optional member
//! included: the types keep it, as `Nullable`). A request half or an answer's half of a model with
//! read-only or write-only members (`lower::read_write`) is expected without the members it
//! leaves out.

mod draft4;
mod test_file;
mod verdict;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::emit::File;
use generator::ir::{Model, ModelKind, StatusMatch, StatusVariant, Type};
use generator::pipeline;
use serde_json::{Value, json};

use crate::corpus::{ScratchSpec, cargo_test, cell, find_specs, marked_lines, refusal};
use crate::files;
use crate::workspace::root;
use verdict::{Checker, Class};

/// One sample sent to the generated test, and where it came from.
struct Pending {
    model: String,
    kind: &'static str,
    detail: String,
    value: Value,
    /// The model's schema pointer (as the validator reads it).
    pointer: String,
    /// Whether that pointer is into the OpenAPI 3.1 spec as written (else into the 3.0 one).
    in_original: bool,
}

/// One value that did not pass.
struct Failure {
    model: String,
    kind: &'static str,
    detail: String,
    class: Class,
    reason: String,
}

/// One spec's run.
#[derive(Default)]
struct Report {
    spec: String,
    crate_name: String,
    refused: Option<String>,
    models: usize,
    covered: usize,
    /// Models without samples, and why.
    uncovered: Vec<(String, String)>,
    values: usize,
    passed: usize,
    failures: Vec<Failure>,
    /// The samples the test checks, in its data file's order.
    pending: Vec<Pending>,
    not_built: bool,
    /// The spec's schemas, for a second look at what the test reports.
    checker: Option<Checker>,
    /// An OpenAPI 3.1 spec as written, as Draft 2020-12.
    original: Option<(Checker, Value)>,
}

impl Report {
    fn count(&self, f: fn(&Class) -> bool) -> usize {
        self.failures.iter().filter(|x| f(&x.class)).count()
    }

    fn ours(&self) -> usize {
        self.count(|c| matches!(c, Class::Ours(_)))
    }
}

#[allow(clippy::print_stdout)]
pub fn samples(paths: &[String], overlays: &[String]) -> Result<ExitCode> {
    let specs = find_specs(paths)?;
    let out = root().join("target/samples");
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let mut reports = Vec::new();
    for spec in &specs {
        reports.push(generate_one(spec, overlays, &out)?);
    }
    let members: Vec<String> = reports
        .iter()
        .filter(|r| !r.pending.is_empty())
        .map(|r| r.crate_name.clone())
        .collect();
    let members: Vec<&str> = members.iter().map(String::as_str).collect();
    run_tests(&out, &members, &mut reports)?;
    let mut failed = false;
    for report in &reports {
        failed |= report.refused.is_some() || report.not_built || report.ours() > 0;
        println!("{}", markdown(report));
    }
    println!("{}", totals(&reports));
    write_failures(&out.join("failures.tsv"), &reports)?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn generate_one(spec: &Path, overlays: &[String], out: &Path) -> Result<Report> {
    let scratch = ScratchSpec::read(spec, overlays, "samples")?;
    let sources = scratch.overlay_sources();
    let (input, config) = (scratch.input(&sources), scratch.config());
    let mut report = Report {
        spec: scratch.stem.clone(),
        crate_name: scratch.crate_name.clone(),
        ..Report::default()
    };
    let (output, mut generated) = match pipeline::generate(&input, &config) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            report.refused = Some(refusal(&diagnostics));
            return Ok(report);
        }
    };
    let checker = Checker::new(&output.openapi)?;
    // An OpenAPI 3.1 spec's schemas are validated as they were written, in Draft 2020-12, where
    // the model's schema is still at its pointer (the downgrade to 3.0 keeps components' names).
    let original = match output.input_format {
        "OpenAPI 3.1" => original_31(&scratch)?,
        _ => None,
    };
    report.models = output.api.models.len();
    // Each model sampled, and how its samples are checked.
    let mut dispatched: Vec<(String, test_file::Check)> = Vec::new();
    let mut data = String::new();
    for model in &output.api.models {
        let pending = sample_model(
            (model, &output.api.models),
            &output.openapi,
            (&checker, original.as_ref()),
            &mut report,
        );
        if pending.is_empty() {
            continue;
        }
        let index = dispatched.len();
        let check = match &model.kind {
            ModelKind::StatusEnum(_) => test_file::Check::ByStatus,
            _ if file_parts(model) => test_file::Check::Expected,
            _ => test_file::Check::RoundTrip,
        };
        dispatched.push((model.name.clone(), check));
        for sample in pending {
            data.push_str(&format!("{index}\t{}\n", sample.value));
            report.pending.push(sample);
        }
    }
    if !report.pending.is_empty() {
        generated.push(File {
            path: "tests/samples.rs".to_owned(),
            contents: test_file::test_file(&report.spec, &report.crate_name, &dispatched)?,
        });
        generated.push(File {
            path: "tests/samples.tsv".to_owned(),
            contents: data,
        });
        files::write(&out.join(&report.crate_name), &generated)?;
    }
    report.checker = Some(checker);
    report.original = original;
    Ok(report)
}

/// The spec as written (overlays applied by the pipeline are not in it), registered as Draft
/// 2020-12, with the document itself to tell which pointers it has.
fn original_31(scratch: &ScratchSpec) -> Result<Option<(Checker, Value)>> {
    let mut diagnostics = generator::diag::Diagnostics::new();
    let Some(document) = generator::load::load(&scratch.name, &scratch.text, &mut diagnostics)
    else {
        return Ok(None);
    };
    let checker = Checker::openapi31(document.value.clone())?;
    Ok(Some((checker, document.value)))
}

/// A model's samples that its schema accepts; the others recorded as failures, or the model as
/// not covered.
fn sample_model(
    (model, models): (&Model, &[Model]),
    openapi: &Value,
    (checker, original): (&Checker, Option<&(Checker, Value)>),
    report: &mut Report,
) -> Vec<Pending> {
    let mut uncovered = |why: &str| {
        report.uncovered.push((model.name.clone(), why.to_owned()));
        Vec::new()
    };
    if let ModelKind::StatusEnum(variants) = &model.kind {
        let pending = status_samples((model, variants, models), openapi, checker);
        if pending.is_empty() {
            return uncovered("an error enum by status whose variants' bodies have no values");
        }
        report.covered += 1;
        report.values += pending.len();
        return pending;
    }
    let Some(pointer) = model.schema.as_deref() else {
        return uncovered("no schema of its own");
    };
    let Some(resolved) = generator::example::resolved_pointer(openapi, pointer) else {
        return uncovered("its schema pointer does not resolve");
    };
    // The 3.1 document when the schema is where the 3.0 one has it.
    let (checker, in_original) = match original {
        Some((original, document)) if document.pointer(&resolved).is_some() => (original, true),
        _ => (checker, false),
    };
    let validator = match checker.validator(&resolved) {
        Ok(validator) => validator,
        Err(error) => return uncovered(&format!("the schema does not compile: {error}")),
    };
    let samples = generator::example::samples(openapi, &resolved);
    if samples.is_empty() {
        let why = generator::example::try_example(openapi, pointer)
            .err()
            .map_or_else(|| "no value made".to_owned(), |e| e.to_string());
        return uncovered(&format!("no value can be made: {why}"));
    }
    report.covered += 1;
    report.values += samples.len();
    let mut pending = Vec::new();
    for sample in samples {
        match checker.rejection(&validator, &sample) {
            None => pending.push(Pending {
                model: model.name.clone(),
                kind: sample.kind,
                detail: sample.detail,
                value: with_files(left_out(sample.value, model, models), model),
                pointer: resolved.clone(),
                in_original,
            }),
            Some((class, reason)) => report.failures.push(Failure {
                model: model.name.clone(),
                kind: sample.kind,
                detail: sample.detail,
                class,
                reason,
            }),
        }
    }
    pending
}

/// The samples of an error enum decoded by status: for each variant, the valid values of its body
/// model, each with a status that variant answers, as `{"status": …, "body": …}` (the test
/// decodes the body with the enum's `from_status` and encodes the variant back). A body that
/// fills none of the type's fields is left out: `from_status` rightly takes it for no body of
/// that type.
fn status_samples(
    (model, variants, models): (&Model, &[StatusVariant], &[Model]),
    openapi: &Value,
    checker: &Checker,
) -> Vec<Pending> {
    let mut pending = Vec::new();
    for variant in variants {
        let Type::Named { name, .. } = &variant.ty else {
            continue;
        };
        let Some(body) = models.iter().find(|m| &m.name == name) else {
            continue;
        };
        let Some(pointer) = body.schema.as_deref() else {
            continue;
        };
        let Some(resolved) = generator::example::resolved_pointer(openapi, pointer) else {
            continue;
        };
        let Ok(validator) = checker.validator(&resolved) else {
            continue;
        };
        let Some(status) = answered_status(variant.status, variants) else {
            continue;
        };
        let mut samples = generator::example::samples(openapi, &resolved);
        // A body of any JSON (`{}`): its one sample, `{}`, fills no field; an object with a
        // member says the same of the variant.
        if matches!(body.kind, ModelKind::Alias(Type::Value)) {
            samples.push(generator::example::Sample {
                kind: "value",
                detail: "any JSON".to_owned(),
                value: json!({"message": "string"}),
            });
        }
        for sample in samples {
            let empty = sample
                .value
                .as_object()
                .is_some_and(serde_json::Map::is_empty);
            if empty || checker.rejection(&validator, &sample).is_some() {
                continue;
            }
            pending.push(Pending {
                model: model.name.clone(),
                kind: sample.kind,
                detail: format!("status {status}, {}", sample.detail),
                value: json!({"status": status, "body": left_out(sample.value, body, models)}),
                pointer: resolved.clone(),
                in_original: false,
            });
        }
    }
    pending
}

/// A status that selects a variant matching `status`: its code, the last of its class that no
/// code variant takes, or for `default` one that no other variant takes.
fn answered_status(status: StatusMatch, variants: &[StatusVariant]) -> Option<u16> {
    let taken = |code: u16| {
        variants.iter().any(|v| match v.status {
            StatusMatch::Code(c) => c == code,
            StatusMatch::Range(class) => code / 100 == class,
            StatusMatch::Default => false,
        })
    };
    match status {
        StatusMatch::Code(code) => Some(code),
        StatusMatch::Range(class) => (class * 100..class * 100 + 100).rev().find(|code| {
            !variants
                .iter()
                .any(|v| v.status == StatusMatch::Code(*code))
        }),
        StatusMatch::Default => [599, 499, 299, 399].into_iter().find(|code| !taken(*code)),
    }
}

/// `value` without the members its type leaves out by design (a request half's read-only ones,
/// an answer's write-only ones: `Model::left_out`), in it and in the models its fields hold.
fn left_out(mut value: Value, model: &Model, models: &[Model]) -> Value {
    strip(&mut value, model, models, 0);
    value
}

fn strip(value: &mut Value, model: &Model, models: &[Model], depth: usize) {
    let (ModelKind::Struct(object), Value::Object(members)) = (&model.kind, &mut *value) else {
        return;
    };
    if depth > 16 {
        return;
    }
    for name in &model.left_out {
        members.remove(name);
    }
    for field in &object.fields {
        if let Some(member) = members.get_mut(&field.wire) {
            strip_type(member, &field.ty, models, depth + 1);
        }
    }
}

fn strip_type(value: &mut Value, ty: &Type, models: &[Model], depth: usize) {
    match (ty, value) {
        (Type::Named { name, .. }, value) => {
            if let Some(model) = models.iter().find(|m| &m.name == name) {
                strip(value, model, models, depth);
            }
        }
        (Type::Vec(item), Value::Array(items)) => {
            for value in items {
                strip_type(value, item, models, depth);
            }
        }
        (Type::Map(item), Value::Object(members)) => {
            for value in members.values_mut() {
                strip_type(value, item, models, depth);
            }
        }
        (Type::Optional(inner), value) => strip_type(value, inner, models, depth),
        _ => {}
    }
}

/// A sample of a model with file parts (`format: binary`) as `{"input": …, "expected": …}`: a
/// `FilePart` reads the schema's string as its bytes and writes them as JSON writes bytes, an
/// array of numbers, so the value expected back has each file's text as its bytes. Any other
/// sample as it is.
fn with_files(value: Value, model: &Model) -> Value {
    let ModelKind::Struct(object) = &model.kind else {
        return value;
    };
    if !file_parts(model) {
        return value;
    }
    let mut expected = value.clone();
    if let Value::Object(members) = &mut expected {
        for field in &object.fields {
            if let Some(member) = members.get_mut(&field.wire) {
                as_bytes(member, &field.ty);
            }
        }
    }
    json!({"input": value, "expected": expected})
}

/// A file's text as the bytes a `FilePart` writes, in `value` of type `ty`.
fn as_bytes(value: &mut Value, ty: &Type) {
    match (ty, &mut *value) {
        (Type::Bytes, Value::String(text)) => {
            *value = Value::Array(text.bytes().map(Value::from).collect());
        }
        (Type::Vec(inner), Value::Array(items)) => {
            items.iter_mut().for_each(|item| as_bytes(item, inner));
        }
        (Type::Map(inner), Value::Object(members)) => {
            members.values_mut().for_each(|item| as_bytes(item, inner));
        }
        (Type::Optional(inner), value) => as_bytes(value, inner),
        _ => {}
    }
}

/// Whether a model holds a file part (`format: binary`), directly or in an array or map.
fn file_parts(model: &Model) -> bool {
    fn bytes(ty: &Type) -> bool {
        match ty {
            Type::Bytes => true,
            Type::Vec(inner) | Type::Map(inner) | Type::Optional(inner) => bytes(inner),
            _ => false,
        }
    }
    match &model.kind {
        ModelKind::Struct(object) => object.fields.iter().any(|field| bytes(&field.ty)),
        ModelKind::Alias(ty) => bytes(ty),
        _ => false,
    }
}

/// Run every crate's test; turn its lines into passes and failures.
#[allow(clippy::print_stderr)]
fn run_tests(out: &Path, members: &[&str], reports: &mut [Report]) -> Result<()> {
    if members.is_empty() {
        return Ok(());
    }
    let run = cargo_test(out, members, "samples", "samples-target")?;
    let mut failed: BTreeMap<&str, BTreeMap<usize, (&str, &str)>> = BTreeMap::new();
    let mut done: BTreeMap<&str, usize> = BTreeMap::new();
    for line in marked_lines(&run.stdout, test_file::FAILED) {
        let mut fields = line.splitn(4, '\t');
        if let (Some(krate), Some(Ok(index)), Some(stage), Some(reason)) = (
            fields.next(),
            fields.next().map(str::parse::<usize>),
            fields.next(),
            fields.next(),
        ) {
            failed
                .entry(krate)
                .or_default()
                .insert(index, (stage, reason));
        }
    }
    for line in marked_lines(&run.stdout, test_file::DONE) {
        let mut fields = line.splitn(3, '\t');
        if let (Some(krate), Some(Ok(passed))) = (fields.next(), fields.next().map(str::parse)) {
            done.insert(krate, passed);
        }
    }
    if !run.success && run.not_built.is_empty() && done.is_empty() {
        eprintln!("{}", run.stderr);
        anyhow::bail!("cargo test failed before running the samples");
    }
    for report in reports.iter_mut().filter(|r| !r.pending.is_empty()) {
        let name = report.crate_name.as_str();
        if !done.contains_key(name) {
            report.not_built = true;
            continue;
        }
        report.passed += done.get(name).copied().unwrap_or(0);
        for (index, (stage, reason)) in failed.get(name).into_iter().flatten() {
            let Some(sample) = report.pending.get(*index) else {
                continue;
            };
            let (class, reason) = verdict::after_test(
                match sample.in_original {
                    true => report.original.as_ref().map(|(checker, _)| checker),
                    false => report.checker.as_ref(),
                },
                sample,
                stage,
                reason,
            );
            report.failures.push(Failure {
                model: sample.model.clone(),
                kind: sample.kind,
                detail: sample.detail.clone(),
                class,
                reason,
            });
        }
    }
    Ok(())
}

/// One spec's report: the counts, failures by class and kind, and the models not covered.
fn markdown(report: &Report) -> String {
    let mut text = format!("## {}\n\n", report.spec);
    if let Some(refused) = &report.refused {
        text.push_str(&format!("Not generated: {}\n", cell(refused)));
        return text;
    }
    if report.not_built {
        text.push_str("**The crate or its test did not build.**\n\n");
    }
    text.push_str("| models | covered | values | passed | ours | spec's own | equivalent |\n");
    text.push_str("|---:|---:|---:|---:|---:|---:|---:|\n");
    text.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} |\n",
        report.models,
        report.covered,
        report.values,
        report.passed,
        report.ours(),
        report.count(|c| matches!(c, Class::Spec(_))),
        report.count(|c| matches!(c, Class::Equivalent)),
    ));
    let mut kinds: BTreeMap<(String, String), (usize, &Failure)> = BTreeMap::new();
    for failure in &report.failures {
        let key = (failure.class.to_string(), failure.class.kind().to_owned());
        kinds.entry(key).or_insert((0, failure)).0 += 1;
    }
    if !kinds.is_empty() {
        text.push_str(
            "\n| class | kind | values | first: model, sample | reason |\n|---|---|---:|---|---|\n",
        );
        for ((class, kind), (count, first)) in &kinds {
            text.push_str(&format!(
                "| {class} | {kind} | {count} | {} {} {} | {} |\n",
                first.model,
                first.kind,
                cell(&first.detail),
                cell(&shorten(&first.reason))
            ));
        }
    }
    if !report.uncovered.is_empty() {
        text.push_str("\n| model not covered | why |\n|---|---|\n");
        for (model, why) in &report.uncovered {
            text.push_str(&format!("| {model} | {} |\n", cell(why)));
        }
    }
    text
}

/// Every failure in full, a line each: spec, class, kind, model, sample kind, detail, reason.
fn write_failures(path: &Path, reports: &[Report]) -> Result<()> {
    let mut text = String::from("spec\tclass\tkind\tmodel\tsample\tdetail\treason\n");
    for report in reports {
        for f in &report.failures {
            let fields = [
                report.spec.as_str(),
                &f.class.to_string(),
                f.class.kind(),
                &f.model,
                f.kind,
                &f.detail,
                &f.reason,
            ];
            let fields: Vec<String> = fields
                .iter()
                .map(|x| x.replace(['\t', '\n'], " "))
                .collect();
            text.push_str(&fields.join("\t"));
            text.push('\n');
        }
        for (model, why) in &report.uncovered {
            text.push_str(&format!(
                "{}\tnot covered\t\t{model}\t\t\t{why}\n",
                report.spec
            ));
        }
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// The total line, and failures by class and kind over every spec.
fn totals(reports: &[Report]) -> String {
    let sum = |f: &dyn Fn(&Report) -> usize| reports.iter().map(f).sum::<usize>();
    let mut text = String::from("## Total\n\n");
    text.push_str("| specs | models | covered | not covered | values | passed | ours | spec's own | equivalent |\n");
    text.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    text.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        reports.len(),
        sum(&|r| r.models),
        sum(&|r| r.covered),
        sum(&|r| r.uncovered.len()),
        sum(&|r| r.values),
        sum(&|r| r.passed),
        sum(&|r| r.ours()),
        sum(&|r| r.count(|c| matches!(c, Class::Spec(_)))),
        sum(&|r| r.count(|c| matches!(c, Class::Equivalent))),
    ));
    let mut kinds: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for failure in reports.iter().flat_map(|r| &r.failures) {
        *kinds
            .entry((failure.class.to_string(), failure.class.kind()))
            .or_default() += 1;
    }
    if !kinds.is_empty() {
        text.push_str("\n| class | kind | values |\n|---|---|---:|\n");
        for ((class, kind), count) in kinds {
            text.push_str(&format!("| {class} | {kind} | {count} |\n"));
        }
    }
    let refused: Vec<&str> = reports
        .iter()
        .filter(|r| r.refused.is_some() || r.not_built)
        .map(|r| r.spec.as_str())
        .collect();
    if !refused.is_empty() {
        text.push_str(&format!(
            "\nNot generated or not built: {}\n",
            refused.join(", ")
        ));
    }
    text
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(160) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
