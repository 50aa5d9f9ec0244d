//! `cargo xtask conformance SPEC…`: every operation of every spec called, through its generated
//! client, against Prism serving the converted OpenAPI 3.0 document; Prism validates each request.
//!
//! Per spec: the crate is generated under `target/conformance/` with a `tests/conformance.rs`
//! driver (see [`driver`]); every driver is built in one workspace; then, spec by spec, Prism
//! serves the document and the driver runs against it, printing one line per call. The report
//! (Markdown on stdout, and `target/conformance/report.md` and `report.json`) gives per operation:
//! accepted, rejected (Prism's violations, verbatim), client-side failure, or skipped (why).

mod driver;
mod fault;

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};
use generator::emit::File;
use generator::pipeline;
use serde_json::{Value, json};

use crate::corpus::{ScratchSpec, cell, find_specs, write_workspace};
use crate::files;
use crate::prism::{self, served_rounds};
use crate::workspace::root;

/// What became of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Prism found nothing wrong with the request (the answer's status).
    Accepted(String),
    /// Prism's violations, verbatim.
    Rejected(String),
    /// The client could not send the call or read Prism's answer.
    ClientFailure(String),
    /// Not called, and why.
    Skipped(String),
    /// Prism crashed on the request (a Prism bug: the request is not judged).
    PrismFailure(String),
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Self::Accepted(_) => "accepted",
            Self::Rejected(_) => "rejected",
            Self::ClientFailure(_) => "client-failure",
            Self::Skipped(_) => "skipped",
            Self::PrismFailure(_) => "prism-failure",
        }
    }

    fn detail(&self) -> &str {
        match self {
            Self::Accepted(detail)
            | Self::Rejected(detail)
            | Self::ClientFailure(detail)
            | Self::Skipped(detail)
            | Self::PrismFailure(detail) => detail,
        }
    }
}

struct Call {
    operation: String,
    route: String,
    outcome: Outcome,
    /// The parameters Prism misreads, for [`fault::fault`].
    blind: Vec<(String, String)>,
}

impl Call {
    fn fault(&self) -> Option<fault::Fault> {
        fault::fault(&self.outcome, &self.blind)
    }

    /// Whether the call was accepted only with a value made from the schema.
    fn spec_defect(&self) -> bool {
        matches!(&self.outcome, Outcome::Accepted(detail) if detail.contains(driver::SPEC_DEFECT))
    }
}

/// One spec's crate and calls.
struct Report {
    spec: String,
    crate_name: String,
    /// Why no crate was made, or why its driver did not run.
    refused: Option<String>,
    calls: Vec<Call>,
    /// The documents Prism serves in turn (`prism.json`, `prism-2.json`, …), each with the
    /// operations called against it (`None`: all of them, when one document serves them all).
    rounds: Vec<Option<Vec<String>>>,
}

impl Report {
    /// Whether the driver has anything to call.
    fn runnable(&self) -> bool {
        self.refused.is_none()
            && self
                .calls
                .iter()
                .any(|call| !matches!(call.outcome, Outcome::Skipped(_)))
    }
}

#[allow(clippy::print_stdout)]
pub fn conformance(paths: &[String], overlays: &[String]) -> Result<ExitCode> {
    let specs = find_specs(paths)?;
    let prism = prism::install()?;
    let out = root().join("target/conformance");
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let mut reports = Vec::new();
    for spec in &specs {
        reports.push(generate_one(spec, overlays, &out)?);
    }
    let members: Vec<String> = reports
        .iter()
        .filter(|r| r.runnable())
        .map(|r| r.crate_name.clone())
        .collect();
    let not_built = build(&out, &members)?;
    for report in &mut reports {
        if !report.runnable() {
            continue;
        }
        if not_built.contains(&report.crate_name) {
            report.refused = Some("the crate or its driver did not build".to_owned());
            continue;
        }
        if let Err(error) = run_one(&prism, &out, report) {
            report.refused = Some(format!("{error:#}"));
        }
    }
    let markdown = markdown(&reports);
    fs::write(out.join("report.md"), &markdown)?;
    let json = serde_json::to_string_pretty(&json_report(&reports))?;
    fs::write(out.join("report.json"), json + "\n")?;
    println!("{markdown}");
    println!(
        "Reports: {} and {}",
        out.join("report.md").display(),
        out.join("report.json").display()
    );
    // The spec's and Prism's faults are reported; only ours fail the command.
    let failed = reports.iter().any(|r| {
        r.refused.is_some()
            || r.calls
                .iter()
                .any(|c| c.fault() == Some(fault::Fault::Ours))
    });
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Generate the crate, its driver and the document Prism serves.
fn generate_one(spec: &Path, overlays: &[String], out: &Path) -> Result<Report> {
    let scratch = ScratchSpec::read(spec, overlays, "conformance")?;
    let mut config = scratch.config();
    config
        .dev_dependencies
        .push(r#"tokio = { version = "1", features = ["macros", "rt"] }"#.to_owned());
    let mut report = Report {
        spec: scratch.stem.clone(),
        crate_name: scratch.crate_name.clone(),
        refused: None,
        calls: Vec::new(),
        rounds: Vec::new(),
    };
    let (output, mut generated) =
        match pipeline::generate(&scratch.input(&scratch.overlay_sources()), &config) {
            Ok(generated) => generated,
            Err(diagnostics) => {
                let first = diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .unwrap_or_default();
                report.refused = Some(format!("not generated: {first}"));
                return Ok(report);
            }
        };
    let (source, plans) = driver::driver(&output.api, &output.openapi, &report.crate_name)?;
    generated.push(File {
        path: "tests/conformance.rs".to_owned(),
        contents: source,
    });
    let rounds = served_rounds(&output.openapi);
    let several = rounds.len() > 1;
    for (index, round) in rounds.into_iter().enumerate() {
        generated.push(File {
            path: round_file(index),
            contents: serde_json::to_string_pretty(&round.document)? + "\n",
        });
        report.rounds.push(several.then(|| {
            output
                .api
                .operations
                .iter()
                .filter(|op| {
                    round.operations.iter().any(|(method, key)| {
                        op.method.eq_ignore_ascii_case(method)
                            && op
                                .path
                                .strip_suffix(key.as_str())
                                .is_some_and(|prefix| prefix.is_empty() || prefix.starts_with('/'))
                    })
                })
                .map(|op| op.name.trim_start_matches("r#").to_owned())
                .collect()
        }));
    }
    let dir = out.join(&report.crate_name);
    files::write(&dir, &generated)?;
    report.calls = plans
        .into_iter()
        .map(|plan| Call {
            operation: plan.operation,
            route: plan.route,
            blind: plan.blind,
            outcome: match plan.skipped {
                Some(why) => Outcome::Skipped(why),
                None => Outcome::ClientFailure("the driver printed no result".to_owned()),
            },
        })
        .collect();
    Ok(report)
}

/// Build every driver in one workspace; the crates that did not build.
#[allow(clippy::print_stderr)]
fn build(out: &Path, members: &[String]) -> Result<Vec<String>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<&str> = members.iter().map(String::as_str).collect();
    write_workspace(out, &names, "\n[profile.dev]\ndebug = false\n")?;
    let output = cargo(out)
        .args(["test", "--workspace", "--test", "conformance", "--no-run"])
        .args(["--no-fail-fast", "--quiet", "--message-format", "short"])
        .output()
        .context("running cargo test --no-run")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed: Vec<String> = members
        .iter()
        .filter(|m| stderr.contains(&format!("could not compile `{m}`")))
        .cloned()
        .collect();
    if !output.status.success() {
        eprintln!("{stderr}");
        anyhow::ensure!(
            !failed.is_empty(),
            "cargo failed before building the drivers"
        );
    }
    Ok(failed)
}

/// The file of the document Prism serves in round `index` (from 0).
fn round_file(index: usize) -> String {
    match index {
        0 => "prism.json".to_owned(),
        n => format!("prism-{}.json", n + 1),
    }
}

/// Serve the spec with Prism and run its driver, document by document; fill in the outcomes.
fn run_one(prism: &Path, out: &Path, report: &mut Report) -> Result<()> {
    for (index, only) in report.rounds.clone().into_iter().enumerate() {
        run_round(prism, out, report, &round_file(index), only)?;
    }
    Ok(())
}

/// Run the driver (for the operations in `only`, or all) against Prism serving `document`. When
/// Prism dies on a request (it has bugs that crash it), that call is a Prism failure, and the
/// calls after it are made again against a fresh Prism.
fn run_round(
    prism: &Path,
    out: &Path,
    report: &mut Report,
    document: &str,
    mut only: Option<Vec<String>>,
) -> Result<()> {
    let dir = out.join(&report.crate_name);
    // Each round decides at least the call that brought Prism down; the bound is a safety net.
    for _ in 0..report.calls.len().max(1) {
        let mut mock = prism::Mock::start(prism, &dir.join(document), &dir.join("prism.log"))?;
        let mut driver = cargo(out);
        driver
            .args([
                "test",
                "-p",
                &report.crate_name,
                "--test",
                "conformance",
                "--quiet",
            ])
            .args(["--", "--nocapture"])
            .env(driver::BASE_URL_VAR, &mock.base_url);
        if let Some(only) = &only {
            driver.env("CONFORMANCE_ONLY", only.join(","));
        }
        let output = driver.output().context("running the conformance driver")?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let verdicts = verdicts(&stdout);
        if verdicts.is_empty() && !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let lines: Vec<&str> = stdout.lines().chain(stderr.lines()).collect();
            // The panic's message (the line after "panicked at"), else the last lines.
            let why = match lines.iter().position(|l| l.contains("panicked at")) {
                Some(at) => lines[at..lines.len().min(at + 2)].join(" "),
                None => lines[lines.len().saturating_sub(5)..].join(" "),
            };
            anyhow::bail!(
                "the driver failed before any call: {why}; Prism: {}",
                mock.log_text()
            );
        }
        // A call the client could not send may be Prism dying on it: give a dying Prism a moment
        // to be gone before asking.
        let unsent_any = verdicts.iter().any(|(_, outcome)| {
            matches!(outcome, Outcome::ClientFailure(d) if d.contains("error sending request"))
        });
        let crash = mock.has_stopped_within(if unsent_any {
            std::time::Duration::from_secs(3)
        } else {
            std::time::Duration::ZERO
        });
        let crash = crash.then(|| mock.crash());
        let mut again = Vec::new();
        let mut crashed_on = None;
        for (operation, outcome) in verdicts {
            let unsent = matches!(&outcome, Outcome::ClientFailure(d) if d.contains("error sending request"));
            let outcome = match (&crash, crashed_on.is_some(), unsent) {
                (Some(crash), false, true) => {
                    crashed_on = Some(operation.clone());
                    Outcome::PrismFailure(format!("Prism crashed on this request: {crash}"))
                }
                (Some(_), true, true) => {
                    again.push(operation);
                    continue;
                }
                _ => outcome,
            };
            if let Some(call) = report
                .calls
                .iter_mut()
                .find(|c| c.operation.trim_start_matches("r#") == operation)
            {
                call.outcome = outcome;
            }
        }
        if again.is_empty() || crashed_on.is_none() {
            return Ok(());
        }
        only = Some(again);
    }
    Ok(())
}

/// The driver's result lines: each operation and what became of it, in the order called.
fn verdicts(stdout: &str) -> Vec<(String, Outcome)> {
    let mut verdicts = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line
            .find(driver::MARKER)
            .and_then(|at| line[at + driver::MARKER.len()..].strip_prefix('\t'))
        else {
            continue;
        };
        let mut fields = rest.splitn(3, '\t');
        let (Some(operation), Some(verdict)) = (fields.next(), fields.next()) else {
            continue;
        };
        let detail = fields.next().unwrap_or_default().to_owned();
        let outcome = match verdict {
            "accepted" => Outcome::Accepted(detail),
            "rejected" => Outcome::Rejected(detail),
            _ => Outcome::ClientFailure(detail),
        };
        verdicts.push((operation.to_owned(), outcome));
    }
    verdicts
}

fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/conformance-target"));
    command
}

/// Counts per spec, then every call that was not accepted.
fn markdown(reports: &[Report]) -> String {
    let mut text = format!(
        "# Conformance against Prism {}\n\n{}\n\n| spec | operations | called | accepted | rejected | client failures | Prism failures | skipped | ours | spec's | Prism's | spec defects |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        prism::VERSION,
        fault::RULES
    );
    for report in reports {
        let count = |label: &str| {
            report
                .calls
                .iter()
                .filter(|c| c.outcome.label() == label)
                .count()
        };
        let skipped = count("skipped");
        let faults = |whose: fault::Fault| {
            report
                .calls
                .iter()
                .filter(|c| c.fault() == Some(whose))
                .count()
        };
        let defects = report.calls.iter().filter(|c| c.spec_defect()).count();
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            report.spec,
            report.calls.len(),
            report.calls.len() - skipped,
            count("accepted"),
            count("rejected"),
            count("client-failure"),
            count("prism-failure"),
            skipped,
            faults(fault::Fault::Ours),
            faults(fault::Fault::Spec),
            faults(fault::Fault::Prism),
            defects,
        ));
    }
    for report in reports {
        let rows: Vec<String> = report
            .calls
            .iter()
            .filter(|call| !matches!(call.outcome, Outcome::Accepted(_)) || call.spec_defect())
            .map(|call| {
                let whose = match call.fault() {
                    Some(fault) => fault.label(),
                    None if call.spec_defect() => "spec (defect)",
                    None => "",
                };
                format!(
                    "| `{}` | `{}` | {} | {} | {} |\n",
                    call.operation.trim_start_matches("r#"),
                    call.route,
                    call.outcome.label(),
                    whose,
                    cell(call.outcome.detail())
                )
            })
            .collect();
        if report.refused.is_none() && rows.is_empty() {
            continue;
        }
        text.push_str(&format!("\n## {}\n\n", report.spec));
        if let Some(why) = &report.refused {
            text.push_str(&format!("Not run: {}\n\n", cell(why)));
        }
        if !rows.is_empty() {
            text.push_str(
                "| operation | route | outcome | whose fault | detail |\n|---|---|---|---|---|\n",
            );
            text.push_str(&rows.concat());
        }
    }
    text
}

fn json_report(reports: &[Report]) -> Value {
    let specs: Vec<Value> = reports
        .iter()
        .map(|report| {
            let calls: Vec<Value> = report
                .calls
                .iter()
                .map(|call| {
                    json!({
                        "operation": call.operation.trim_start_matches("r#"),
                        "route": call.route,
                        "outcome": call.outcome.label(),
                        "fault": call.fault().map(fault::Fault::label),
                        "spec_defect": call.spec_defect(),
                        "detail": call.outcome.detail(),
                    })
                })
                .collect();
            json!({
                "spec": report.spec,
                "crate": report.crate_name,
                "not_run": report.refused,
                "operations": calls,
            })
        })
        .collect();
    json!({ "prism": prism::VERSION, "fault_rules": fault::RULES, "specs": specs })
}
