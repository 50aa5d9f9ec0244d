//! `cargo xtask roundtrip SPEC…`: for every union of every spec, decode one example per variant
//! into the generated type, check it lands in that variant, encode it again and compare; print a
//! Markdown report per spec. Exits non-zero if any variant fails or a crate does not build.
//!
//! The examples come from [`generator::example`]; the checks are a `tests/roundtrip.rs` written
//! into each generated crate (under target/roundtrip/) and run with `cargo test`. Each check prints
//! one tab-separated line that this module reads back, so one failing variant hides no other.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::emit::{File, rust_ident as ident};
use generator::ir::{Api, ModelKind};
use generator::pipeline;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::corpus::{ScratchSpec, cargo_test, cell, find_specs, marked_lines, refusal, sanitize};
use crate::files;
use crate::workspace::root;

/// What the generated test prints first on each of its result lines.
const MARKER: &str = "roundtrip-result";

/// How a reason read back starts when the example landed, as an `anyOf` keeps it, in an earlier
/// alternative it also validates against.
const SHADOWED: &str = "shadowed by ";

/// One variant of one union, and what became of it.
struct Case {
    union: String,
    variant: String,
    /// The union is an `anyOf`, which keeps the first alternative a value validates against.
    any_of: bool,
    outcome: Outcome,
}

enum Outcome {
    /// The examples, as JSON text, waiting for the test's verdict: the schema's own or a full
    /// one, then (when it differs) the smallest one, `null` wherever allowed. The variant passes
    /// when one of them lands in it and round-trips; a value its schema shares with a stricter
    /// alternative's rightly lands in the stricter one.
    Pending(Vec<String>),
    Passed,
    /// An `anyOf` alternative whose example validates against an earlier alternative too, which
    /// keeps it (and encodes it back the same): the spec's alternatives cannot be told apart.
    Shadowed(String),
    Failed(String),
    NoExample(String),
}

/// One spec: its crate (when generated) and its cases.
struct Report {
    spec: String,
    crate_name: String,
    refused: Option<String>,
    unions: usize,
    cases: Vec<Case>,
}

#[allow(clippy::print_stdout)]
pub fn roundtrip(paths: &[String], overlays: &[String]) -> Result<ExitCode> {
    let specs = find_specs(paths)?;
    let out = root().join("target/roundtrip");
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let mut reports = Vec::new();
    for spec in &specs {
        reports.push(generate_one(spec, overlays, &out)?);
    }
    let members: Vec<&str> = reports
        .iter()
        .filter(|r| r.refused.is_none() && r.unions > 0)
        .map(|r| r.crate_name.as_str())
        .collect();
    let results = run_tests(&out, &members)?;
    let mut failed = false;
    for report in &mut reports {
        let verdicts = results.verdicts.get(&report.crate_name);
        let broken = results.not_built.contains(&report.crate_name);
        for case in &mut report.cases {
            if let Outcome::Pending(_) = case.outcome {
                let key = (case.union.clone(), case.variant.clone());
                case.outcome = match verdicts.and_then(|v| v.get(&key)) {
                    Some(None) => Outcome::Passed,
                    Some(Some(reason)) => match reason.strip_prefix(SHADOWED) {
                        Some(earlier) => Outcome::Shadowed(earlier.to_owned()),
                        None => Outcome::Failed(reason.clone()),
                    },
                    None if broken => Outcome::Failed("the crate or its test did not build".into()),
                    None => Outcome::Failed("the test printed no result".into()),
                };
            }
        }
        failed |= report.refused.is_some()
            || report
                .cases
                .iter()
                .any(|c| matches!(c.outcome, Outcome::Failed(_)));
        println!("{}", markdown(report));
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn generate_one(spec: &Path, overlays: &[String], out: &Path) -> Result<Report> {
    let scratch = ScratchSpec::read(spec, overlays, "roundtrip")?;
    let overlays = scratch.overlay_sources();
    let (input, config) = (scratch.input(&overlays), scratch.config());
    let (stem, crate_name) = (scratch.stem.clone(), scratch.crate_name.clone());
    let mut report = Report {
        spec: stem.clone(),
        crate_name: crate_name.clone(),
        refused: None,
        unions: 0,
        cases: Vec::new(),
    };
    match pipeline::generate(&input, &config) {
        Err(diagnostics) => {
            report.refused = Some(refusal(&diagnostics));
        }
        Ok((output, mut generated)) => {
            report.cases = cases(&output.api, &output.openapi);
            report.unions = union_count(&output.api);
            if report.unions > 0 {
                generated.push(File {
                    path: "tests/roundtrip.rs".to_owned(),
                    contents: test_file(&stem, &crate_name, &report.cases)?,
                });
                files::write(&out.join(&crate_name), &generated)?;
            }
        }
    }
    Ok(report)
}

fn union_count(api: &Api) -> usize {
    api.models
        .iter()
        .filter(|m| matches!(m.kind, ModelKind::Union(_)))
        .count()
}

/// Every variant of every union, with its example or the reason it has none.
fn cases(api: &Api, openapi: &Value) -> Vec<Case> {
    let mut cases = Vec::new();
    for model in &api.models {
        let ModelKind::Union(union) = &model.kind else {
            continue;
        };
        for variant in &union.variants {
            let outcome = match generator::example::try_example(openapi, &variant.schema) {
                Ok(example) => {
                    let mut examples = vec![example.to_string()];
                    if let Ok(minimal) =
                        generator::example::try_minimal_example(openapi, &variant.schema)
                    {
                        if minimal != example {
                            examples.push(minimal.to_string());
                        }
                    }
                    Outcome::Pending(examples)
                }
                Err(why) => Outcome::NoExample(why.to_string()),
            };
            cases.push(Case {
                union: model.name.clone(),
                variant: variant.name.clone(),
                any_of: union.first_valid,
                outcome,
            });
        }
    }
    cases
}

/// `tests/roundtrip.rs`: one `#[test]` per union, checking every variant that has an example.
// Whole: mostly one quote! template of the generated test file, read best beside the loop that
// fills it.
fn test_file(spec: &str, crate_name: &str, cases: &[Case]) -> Result<String> {
    let krate = ident(&crate_name.replace('-', "_"));
    // Per union: its variants, each with whether the union is an `anyOf`, and its examples.
    let mut by_union: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
    for case in cases {
        if let Outcome::Pending(_) = &case.outcome {
            by_union.entry(&case.union).or_default().push(case);
        }
    }
    let tests = by_union
        .iter()
        .enumerate()
        .map(|(index, (union, variants))| {
            let test = format_ident!("union_{}_{}", index, sanitize(union).replace('-', "_"));
            let ty = ident(union);
            let checks = variants.iter().map(|case| {
                let (any_of, examples) = match &case.outcome {
                    Outcome::Pending(examples) => (case.any_of, examples.as_slice()),
                    _ => (case.any_of, &[][..]),
                };
                let variant = Literal::string(case.variant.trim_start_matches("r#"));
                let examples = examples.iter().map(|example| Literal::string(example));
                quote!(check::<::#krate::models::#ty>(#union, #variant, #any_of, &[#(#examples),*]))
            });
            quote! {
                #[test]
                fn #test() {
                    let failures: ::std::vec::Vec<::std::string::String> =
                        [#(#checks),*].into_iter().flatten().collect();
                    assert!(failures.is_empty(), "{}:\n{}", #union, failures.join("\n"));
                }
            }
        });
    let tokens: TokenStream = quote! {
        //! Every union variant's example: decoded into the union, it must land in that variant, and
        //! encoded again it must give the same JSON (`null` members dropped on both sides, and a
        //! number compared by value, so `1` and `1.0` are equal).
        #![allow(clippy::print_stdout)]

        use ::serde_json::Value;

        /// Round-trip a variant's examples until one passes; print the verdict (every example's
        /// failure when none passes); the failure, if any.
        fn check<T>(union: &str, variant: &str, any_of: bool, examples: &[&str]) -> ::std::option::Option<::std::string::String>
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize + ::std::fmt::Debug,
        {
            let mut reasons = ::std::vec::Vec::new();
            let mut shadowed = ::std::option::Option::None;
            for example in examples {
                match round_trip::<T>(variant, any_of, example) {
                    ::std::result::Result::Ok(::std::option::Option::None) => {
                        reasons.clear();
                        shadowed = ::std::option::Option::None;
                        break;
                    }
                    ::std::result::Result::Ok(earlier) => shadowed = shadowed.or(earlier),
                    ::std::result::Result::Err(reason) => reasons.push(reason),
                }
            }
            if let ::std::option::Option::Some(earlier) = shadowed {
                println!("{}\t{}\t{}\t{}\tshadowed\t{}{}", #MARKER, env!("CARGO_PKG_NAME"), union, variant, #SHADOWED, earlier);
                return ::std::option::Option::None;
            }
            let verdict = match reasons.is_empty() {
                true => ::std::result::Result::Ok(()),
                false => ::std::result::Result::Err(reasons.join("; the smallest example: ")),
            };
            match &verdict {
                ::std::result::Result::Ok(()) => println!("{}\t{}\t{}\t{}\tok", #MARKER, env!("CARGO_PKG_NAME"), union, variant),
                ::std::result::Result::Err(reason) => println!(
                    "{}\t{}\t{}\t{}\tfailed\t{}", #MARKER, env!("CARGO_PKG_NAME"), union, variant, reason.replace(['\n', '\t'], " ")
                ),
            }
            verdict.err().map(|reason| format!("{variant}: {reason}"))
        }

        /// `Ok(None)`: the example landed in its variant and encodes back the same; `Ok(Some(v))`:
        /// an `anyOf` kept it in the earlier variant `v`, and it encodes back the same.
        fn round_trip<T>(variant: &str, any_of: bool, example: &str) -> ::std::result::Result<::std::option::Option<::std::string::String>, ::std::string::String>
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize + ::std::fmt::Debug,
        {
            let decoded: T = ::serde_json::from_str(example)
                .map_err(|error| format!("does not decode: {error}"))?;
            let debug = format!("{decoded:?}");
            let landed = debug.strip_prefix(variant).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('(') || rest.starts_with(" {")
            });
            let earlier = (!landed).then(|| debug.split(['(', ' ', '{']).next().unwrap_or_default().to_owned());
            if !landed && !any_of {
                return ::std::result::Result::Err(format!("decoded as another variant: {}", shorten(&debug)));
            }
            let encoded = ::serde_json::to_value(&decoded)
                .map_err(|error| format!("does not encode: {error}"))?;
            let expected: Value = ::serde_json::from_str(example)
                .map_err(|error| format!("the example is not JSON: {error}"))?;
            if normalise(encoded.clone()) != normalise(expected) {
                return match earlier {
                    ::std::option::Option::Some(_) => ::std::result::Result::Err(format!("decoded as another variant: {}", shorten(&debug))),
                    ::std::option::Option::None => ::std::result::Result::Err(format!("encodes differently: {}", shorten(&encoded.to_string()))),
                };
            }
            ::std::result::Result::Ok(earlier)
        }

        /// `null` members removed, and integral numbers as integers.
        fn normalise(value: Value) -> Value {
            match value {
                Value::Object(members) => Value::Object(
                    members.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, normalise(v))).collect(),
                ),
                Value::Array(items) => Value::Array(items.into_iter().map(normalise).collect()),
                Value::Number(number) => match number.as_f64() {
                    ::std::option::Option::Some(float)
                        if float.fract() == 0.0 && float.abs() < 9.0e15 && number.is_f64() =>
                    {
                        Value::from(float as i64)
                    }
                    _ => Value::Number(number),
                },
                other => other,
            }
        }

        fn shorten(text: &str) -> ::std::string::String {
            match text.char_indices().nth(200) {
                ::std::option::Option::Some((end, _)) => format!("{}…", &text[..end]),
                ::std::option::Option::None => text.to_owned(),
            }
        }

        #(#tests)*
    };
    let file = syn::parse2(tokens).context("the generated round-trip test does not parse")?;
    Ok(format!(
        "// @generated by `cargo xtask roundtrip` from {spec}. Do not edit: every run rewrites it.\n\
         // It allows `print_stdout`: each check reports to `cargo xtask roundtrip` in one line.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

/// What `cargo test` said.
struct Results {
    /// Per crate, per (union, variant): `None` when it passed, else the reason.
    verdicts: BTreeMap<String, BTreeMap<(String, String), Option<String>>>,
    /// Crates that did not compile.
    not_built: Vec<String>,
}

/// `cargo test --test roundtrip` over every crate in one workspace, and the verdicts it printed.
#[allow(clippy::print_stderr)]
fn run_tests(out: &Path, members: &[&str]) -> Result<Results> {
    let mut results = Results {
        verdicts: BTreeMap::new(),
        not_built: Vec::new(),
    };
    if members.is_empty() {
        return Ok(results);
    }
    let run = cargo_test(out, members, "roundtrip", "roundtrip-target")?;
    let (stdout, stderr) = (&run.stdout, &run.stderr);
    results.not_built = run.not_built.clone();
    for rest in marked_lines(stdout, MARKER) {
        let mut fields = rest.splitn(5, '\t');
        let (Some(crate_name), Some(union), Some(variant), Some(verdict)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let reason = (verdict != "ok").then(|| fields.next().unwrap_or("failed").to_owned());
        results
            .verdicts
            .entry(crate_name.to_owned())
            .or_default()
            .insert((union.to_owned(), variant.to_owned()), reason);
    }
    if !run.success && results.not_built.is_empty() && results.verdicts.is_empty() {
        eprintln!("{stderr}");
        anyhow::bail!("cargo test failed before running the round trips");
    }
    Ok(results)
}

/// One spec's report: the counts, then every variant that did not pass.
fn markdown(report: &Report) -> String {
    let mut text = format!("## {}\n\n", report.spec);
    if let Some(refused) = &report.refused {
        text.push_str(&format!("Not generated: {}\n", cell(refused)));
        return text;
    }
    let count = |f: fn(&Outcome) -> bool| report.cases.iter().filter(|c| f(&c.outcome)).count();
    let passed = count(|o| matches!(o, Outcome::Passed));
    let shadowed = count(|o| matches!(o, Outcome::Shadowed(_)));
    let failed = count(|o| matches!(o, Outcome::Failed(_)));
    let missing = count(|o| matches!(o, Outcome::NoExample(_)));
    text.push_str("| unions | variants | passed | shadowed (spec) | failed | no example |\n");
    text.push_str("|---:|---:|---:|---:|---:|---:|\n");
    text.push_str(&format!(
        "| {} | {} | {passed} | {shadowed} | {failed} | {missing} |\n",
        report.unions,
        report.cases.len()
    ));
    if failed + missing + shadowed > 0 {
        text.push_str("\n| union | variant | outcome | reason |\n|---|---|---|---|\n");
        for case in &report.cases {
            let shadowed_by;
            let (outcome, reason) = match &case.outcome {
                Outcome::Failed(reason) => ("FAILED", reason),
                Outcome::NoExample(reason) => ("no example", reason),
                Outcome::Shadowed(earlier) => {
                    shadowed_by = format!(
                        "its example validates against the earlier `{earlier}` too, which an \
                         `anyOf` keeps (and encodes back the same): the spec's alternatives \
                         cannot be told apart"
                    );
                    ("shadowed (spec)", &shadowed_by)
                }
                Outcome::Passed | Outcome::Pending(_) => continue,
            };
            text.push_str(&format!(
                "| {} | {} | {outcome} | {} |\n",
                case.union,
                case.variant,
                cell(reason)
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(union: &str, variant: &str, outcome: Outcome) -> Case {
        Case {
            union: union.to_owned(),
            variant: variant.to_owned(),
            any_of: false,
            outcome,
        }
    }

    #[test]
    fn one_check_per_variant_with_an_example() {
        let cases = [
            case(
                "Pet",
                "Dog",
                Outcome::Pending(vec![
                    r#"{"kind":"dog","name":"Rex"}"#.to_owned(),
                    r#"{"kind":"dog"}"#.to_owned(),
                ]),
            ),
            case("Pet", "Cat", Outcome::NoExample("cycle".to_owned())),
            case("r#Type", "r#Self_", Outcome::Pending(vec!["1".to_owned()])),
        ];
        let text = test_file("pets.yaml", "roundtrip-pets", &cases).unwrap();
        assert_eq!(text.matches("check::<").count(), 2, "{text}");
        assert!(text.contains("::roundtrip_pets::models::Pet"), "{text}");
        assert!(
            text.contains(r#"&["{\"kind\":\"dog\",\"name\":\"Rex\"}", "{\"kind\":\"dog\"}"]"#),
            "{text}"
        );
        assert!(text.contains("fn union_1_r_type()"), "{text}");
        assert!(text.contains(r#""Self_""#), "{text}");
    }

    #[test]
    fn report_counts_and_lists_what_did_not_pass() {
        let report = Report {
            spec: "pets.yaml".to_owned(),
            crate_name: "roundtrip-pets".to_owned(),
            refused: None,
            unions: 1,
            cases: vec![
                case("Pet", "Dog", Outcome::Passed),
                case("Pet", "Cat", Outcome::Failed("a | b".to_owned())),
                case("Pet", "Fox", Outcome::NoExample("cycle".to_owned())),
                case("Pet", "Owl", Outcome::Shadowed("Dog".to_owned())),
            ],
        };
        let text = markdown(&report);
        assert!(text.contains("| 1 | 4 | 1 | 1 | 1 | 1 |"), "{text}");
        assert!(text.contains("| Pet | Owl | shadowed (spec) |"), "{text}");
        assert!(text.contains("| Pet | Cat | FAILED | a \\| b |"), "{text}");
        assert!(
            text.contains("| Pet | Fox | no example | cycle |"),
            "{text}"
        );
        assert!(!text.contains("| Pet | Dog |"), "{text}");
    }
}
