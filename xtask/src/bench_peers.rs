//! `cargo xtask bench-peers`: our release binary against openapi-generator, progenitor and
//! openapi-to-rust, whole process, on the same inputs; the compile cost of the generated crates;
//! and a chart of generation time against operations (`benches/generation-time.svg`).
//!
//! Needs the package registries: the peers are installed as ordinary packages (PyPI and crates.io)
//! under `target/bench-peers/`, never globally, and never by the test command. Runs alternate
//! ours, peer, ours, peer…; each pair gives a ratio, and the table shows medians.

mod chart;
mod compile;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use clap::builder::PossibleValuesParser;
use generator::pipeline::{self, Input, OnSkip, Source};

use crate::overlays;
use crate::workspace::{OVERLAYS, SPEC, root};

/// Versions installed and measured (the ones `../shared/corpus/README.md` quotes timings of).
const OPENAPI_GENERATOR: &str = "7.26.0";
const PROGENITOR: &str = "0.15.1";
const OPENAPI_TO_RUST: &str = "0.23.0";

/// The inputs: name, file in the corpus folder (`None`: the Particle spec and overlay in `specs/`).
const INPUTS: &[(&str, Option<&str>)] = &[
    ("particle", None),
    ("nexus", Some("nexus.json")),
    ("github", Some("api.github.com.json")),
    ("kubernetes", Some("kubernetes-1.16.swagger2.json")),
];

/// Options of `cargo xtask bench-peers`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Timed runs per tool and input, after one untimed trial run (the compile cost: at most 3).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = at_least_one)]
    pub runs: usize,
    /// Only these inputs, comma-separated [default: all].
    #[arg(
        long,
        value_name = "NAME,...",
        value_delimiter = ',',
        value_parser = PossibleValuesParser::new(INPUTS.iter().map(|(name, _)| *name)),
    )]
    pub inputs: Vec<String>,
    /// Only these peers, comma-separated [default: all].
    #[arg(
        long,
        value_name = "PEER,...",
        value_delimiter = ',',
        value_parser = PossibleValuesParser::new(PEERS.map(Peer::name)),
    )]
    pub peers: Vec<String>,
    /// Skip the compile-cost measurement.
    #[arg(long, conflicts_with = "compile_only")]
    pub no_compile: bool,
    /// Only the compile-cost measurement (no timing against the peers, no chart).
    #[arg(long)]
    pub compile_only: bool,
    /// The folder holding the corpus specs of nexus, github and kubernetes (an input whose file is
    /// missing there is skipped) [default: ../shared/corpus from the workspace root].
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}

impl Options {
    /// The folder holding the corpus specs.
    fn corpus(&self) -> PathBuf {
        self.corpus
            .clone()
            .unwrap_or_else(|| root().join("../shared/corpus"))
    }
}

/// `--runs`: a whole number, at least 1.
fn at_least_one(value: &str) -> std::result::Result<usize, String> {
    match value.parse() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(runs) => Ok(runs),
        Err(_) => Err("not a whole number".to_owned()),
    }
}

/// A generator we compare against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    OpenApiGenerator,
    Progenitor,
    OpenApiToRust,
}

const PEERS: [Peer; 3] = [
    Peer::OpenApiGenerator,
    Peer::Progenitor,
    Peer::OpenApiToRust,
];

impl Peer {
    pub fn name(self) -> &'static str {
        match self {
            Peer::OpenApiGenerator => "openapi-generator",
            Peer::Progenitor => "progenitor",
            Peer::OpenApiToRust => "openapi-to-rust",
        }
    }

    fn version(self) -> &'static str {
        match self {
            Peer::OpenApiGenerator => OPENAPI_GENERATOR,
            Peer::Progenitor => PROGENITOR,
            Peer::OpenApiToRust => OPENAPI_TO_RUST,
        }
    }

    /// Whether it reads Swagger 2.0 itself; the others get the OpenAPI 3.0 document we convert.
    fn reads_swagger2(self) -> bool {
        self == Peer::OpenApiGenerator
    }
}

/// Where the peers are installed and their outputs go.
pub struct Workdir {
    pub dir: PathBuf,
}

impl Workdir {
    fn venv(&self) -> PathBuf {
        self.dir.join("venv")
    }
    fn tools(&self) -> PathBuf {
        self.dir.join("tools")
    }
    fn openapi_generator(&self) -> PathBuf {
        self.venv().join("bin/openapi-generator-cli")
    }
    fn cargo_progenitor(&self) -> PathBuf {
        self.tools().join("bin/cargo-progenitor")
    }
    fn openapi_to_rust(&self) -> PathBuf {
        self.tools().join("bin/openapi-to-rust")
    }
    /// `PATH` with the installed tools first (so `cargo progenitor` finds its subcommand).
    fn path(&self) -> std::ffi::OsString {
        let mut paths = vec![self.tools().join("bin")];
        paths.extend(
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default(),
        );
        std::env::join_paths(paths).unwrap_or_default()
    }
}

/// One input, ready for every tool.
pub struct Prepared {
    pub name: &'static str,
    pub operations: usize,
    /// Our command's arguments after `generate`.
    ours: Vec<String>,
    /// The original spec file.
    spec: PathBuf,
    /// The repaired OpenAPI 3.0 document (what `cargo xtask spec` writes for Particle).
    openapi: PathBuf,
    /// True for Particle: peers get the repaired document, since no peer applies an overlay and
    /// openapi-generator refuses the published seed.
    repaired_only: bool,
    swagger2: bool,
}

impl Prepared {
    /// The file `peer` reads, and a note when it is not the original.
    fn input_for(&self, peer: Peer) -> (&Path, Option<&'static str>) {
        if self.repaired_only {
            (
                &self.openapi,
                Some("repaired OpenAPI 3.0 from `cargo xtask spec`"),
            )
        } else if self.swagger2 && !peer.reads_swagger2() {
            (
                &self.openapi,
                Some("OpenAPI 3.0 converted by our pipeline (reads no Swagger 2.0)"),
            )
        } else {
            (&self.spec, None)
        }
    }
}

/// The timings of one tool on one input.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Seconds per run, in run order.
    Timed(Vec<f64>),
    /// Why it did not run.
    Failed(String),
}

/// One input's row: our runs and each peer's (with the pairs' ratios).
pub struct Row {
    pub name: &'static str,
    pub operations: usize,
    pub ours: Vec<f64>,
    pub peers: Vec<PeerResult>,
}

/// One peer on one input.
pub struct PeerResult {
    pub peer: Peer,
    pub outcome: Outcome,
    /// peer / ours, per run pair.
    pub ratios: Vec<f64>,
    /// What it was given or how it was run, where that differs from ours.
    pub notes: Vec<String>,
}

#[allow(clippy::print_stdout)]
pub fn bench_peers(options: &Options) -> Result<ExitCode> {
    let root = root();
    let work = Workdir {
        dir: root.join("target/bench-peers"),
    };
    fs::create_dir_all(&work.dir).with_context(|| format!("creating {}", work.dir.display()))?;
    let peers: Vec<Peer> = PEERS
        .into_iter()
        .filter(|p| options.peers.is_empty() || options.peers.iter().any(|n| n == p.name()))
        .collect();
    let ours = build_ours(&root)?;
    for peer in &peers {
        install(&work, *peer)?;
    }
    let inputs = prepare_inputs(&root, &work, options)?;
    ensure!(!inputs.is_empty(), "no input selected");
    let mut report = machine();
    if !options.compile_only {
        let mut rows = Vec::new();
        for input in &inputs {
            rows.push(compare(&ours, &work, input, &peers, options.runs)?);
        }
        report.push_str(&table(&rows, &peers, options.runs));
        let svg = root.join("benches/generation-time.svg");
        fs::write(&svg, chart::svg(&rows, &peers))
            .with_context(|| format!("writing {}", svg.display()))?;
        let _ = writeln!(
            report,
            "\nchart: {}",
            svg.strip_prefix(&root).unwrap_or(&svg).display()
        );
    }
    if !options.no_compile
        && inputs
            .iter()
            .any(|i| i.name == "nexus" || i.name == "particle")
    {
        let progenitor = peers
            .contains(&Peer::Progenitor)
            .then(|| work.cargo_progenitor());
        report.push_str(&compile::compile_cost(
            &ours,
            &work,
            &inputs,
            progenitor.as_deref(),
            options.runs.min(3),
        )?);
    }
    println!("{report}");
    let saved = work.dir.join("report.md");
    fs::write(&saved, &report).with_context(|| format!("writing {}", saved.display()))?;
    println!("(also in {})", saved.display());
    Ok(ExitCode::SUCCESS)
}

/// `cargo build --release -p xtask`; the binary's path.
#[allow(clippy::print_stderr)]
fn build_ours(root: &Path) -> Result<PathBuf> {
    eprintln!("== cargo build --release -p xtask");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(root)
        .status()
        .context("running cargo build")?;
    ensure!(status.success(), "cargo build --release -p xtask failed");
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join("release/xtask"))
}

/// Install `peer` under `target/bench-peers/` unless it is there already.
#[allow(clippy::print_stderr)]
fn install(work: &Workdir, peer: Peer) -> Result<()> {
    let (binary, steps): (PathBuf, Vec<Vec<String>>) = match peer {
        Peer::OpenApiGenerator => {
            let java = Command::new("java")
                .arg("-version")
                .stderr(Stdio::null())
                .status();
            ensure!(
                java.is_ok_and(|s| s.success()),
                "openapi-generator needs Java (17 or newer) on PATH"
            );
            let venv = work.venv().display().to_string();
            let pip = work.venv().join("bin/pip").display().to_string();
            (
                work.openapi_generator(),
                vec![
                    strings(&["python3", "-m", "venv", &venv]),
                    strings(&[
                        &pip,
                        "install",
                        "--quiet",
                        &format!("openapi-generator-cli=={OPENAPI_GENERATOR}"),
                    ]),
                ],
            )
        }
        Peer::Progenitor | Peer::OpenApiToRust => {
            let (binary, krate) = match peer {
                Peer::Progenitor => (work.cargo_progenitor(), "cargo-progenitor"),
                _ => (work.openapi_to_rust(), "openapi-to-rust"),
            };
            let tools = work.tools().display().to_string();
            let spec = format!("{krate}@{}", peer.version());
            (
                binary,
                vec![strings(&[
                    "cargo", "install", "--locked", "--quiet", &spec, "--root", &tools,
                ])],
            )
        }
    };
    if binary.is_file() {
        return Ok(());
    }
    for step in steps {
        eprintln!("== {}", step.join(" "));
        let status = Command::new(&step[0])
            .args(&step[1..])
            .status()
            .with_context(|| format!("running {}", step[0]))?;
        ensure!(
            status.success(),
            "installing {} failed: `{}`",
            peer.name(),
            step.join(" ")
        );
    }
    ensure!(
        binary.is_file(),
        "installing {} left no {}",
        peer.name(),
        binary.display()
    );
    Ok(())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Read each selected input, count its operations and write its OpenAPI 3.0 form for the peers.
#[allow(clippy::print_stderr)]
fn prepare_inputs(root: &Path, work: &Workdir, options: &Options) -> Result<Vec<Prepared>> {
    let dir = work.dir.join("inputs");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut prepared = Vec::new();
    for (name, file) in INPUTS {
        if !options.inputs.is_empty() && !options.inputs.iter().any(|i| i == name) {
            continue;
        }
        let (spec, overlay) = match file {
            None => (root.join(SPEC), Some(root.join(OVERLAYS))),
            Some(file) => (options.corpus().join(file), None),
        };
        if !spec.is_file() {
            eprintln!(
                "{name}: {} not found, skipped (--corpus DIR names the corpus folder)",
                spec.display()
            );
            continue;
        }
        let text =
            fs::read_to_string(&spec).with_context(|| format!("reading {}", spec.display()))?;
        let overlay_texts = overlays::read(
            Path::new(""),
            &Vec::from_iter(overlay.as_ref().map(|o| o.display().to_string())),
        )?;
        let overlay_sources = overlays::sources(&overlay_texts);
        let spec_name = spec.display().to_string();
        let input = Input {
            spec: Source {
                name: &spec_name,
                text: &text,
            },
            overlays: &overlay_sources,
            on_skip: OnSkip::Warn,
        };
        let output = match pipeline::run(&input) {
            Ok(output) => output,
            Err(diagnostics) => bail!(
                "{name}: our pipeline refuses it ({} diagnostics)",
                diagnostics.len()
            ),
        };
        let openapi = dir.join(format!("{name}.openapi.json"));
        let json = serde_json::to_string_pretty(&output.openapi)? + "\n";
        fs::write(&openapi, json).with_context(|| format!("writing {}", openapi.display()))?;
        let mut ours = vec![spec_name.clone()];
        if let Some(overlay) = &overlay {
            ours.extend(["--overlay".to_owned(), overlay.display().to_string()]);
        }
        prepared.push(Prepared {
            name,
            operations: output.api.operations.len(),
            ours,
            spec,
            openapi,
            repaired_only: overlay.is_some(),
            swagger2: output.input_format == "Swagger 2.0",
        });
    }
    Ok(prepared)
}

/// The command that runs `peer` on `input`, writing into `out`.
fn peer_command(
    work: &Workdir,
    peer: Peer,
    input: &Path,
    out: &Path,
    crate_name: &str,
    extra: &[&str],
) -> Command {
    let mut command = match peer {
        Peer::OpenApiGenerator => {
            let mut c = Command::new(work.openapi_generator());
            c.arg("generate")
                .arg("-i")
                .arg(input)
                .args(["-g", "rust", "-o"])
                .arg(out);
            c.args(["--package-name", crate_name]);
            c
        }
        Peer::Progenitor => {
            let mut c = Command::new("cargo");
            c.args(["progenitor", "-i"]).arg(input).arg("-o").arg(out);
            c.args(["-n", crate_name, "-v", "0.1.0"]);
            c
        }
        Peer::OpenApiToRust => {
            let mut c = Command::new(work.openapi_to_rust());
            c.arg("generate").arg(input).arg("--output-dir").arg(out);
            c
        }
    };
    command
        .args(extra)
        .env("PATH", work.path())
        .env("RUST_BACKTRACE", "0");
    command
}

/// Run `command` to the end, output to `log`; its wall time, or why it failed.
pub fn time(command: &mut Command, log: &Path) -> Result<std::result::Result<f64, String>> {
    let file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let started = Instant::now();
    let status = command
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .status()
        .with_context(|| format!("running {command:?}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if status.success() {
        return Ok(Ok(seconds));
    }
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // A Rust panic: its message is the line after `panicked at`; otherwise the last lines.
    // A Rust panic: its message is the line after `panicked at`; a Java exception: its line and
    // the next two (openapi-generator's error count and first error); otherwise the last lines.
    let why = if let Some(at) = lines.iter().position(|l| l.contains("panicked at")) {
        format!("panic: {}", lines.get(at + 1).unwrap_or(&""))
    } else if let Some(at) = lines
        .iter()
        .position(|l| l.starts_with("Exception in thread"))
    {
        lines[at..lines.len().min(at + 4)].join(" / ")
    } else {
        lines[lines.len().saturating_sub(2)..].join(" / ")
    };
    Ok(Err(format!("{status}: {why}")))
}

/// A fresh, empty output folder.
fn fresh(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// Time our binary and every peer on `input`: one untimed trial each, then `runs` pairs.
#[allow(clippy::print_stderr)]
fn compare(
    ours: &Path,
    work: &Workdir,
    input: &Prepared,
    peers: &[Peer],
    runs: usize,
) -> Result<Row> {
    let out = work.dir.join("out").join(input.name);
    let logs = work.dir.join("logs");
    fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    let our_command = |dir: &Path| {
        let mut c = Command::new(ours);
        c.arg("generate").args(&input.ours).arg("--out").arg(dir);
        c
    };
    let our_log = logs.join(format!("{}-ours.log", input.name));
    let run_ours = || -> Result<f64> {
        fresh(&out.join("ours"))?;
        match time(&mut our_command(&out.join("ours")), &our_log)? {
            Ok(seconds) => Ok(seconds),
            Err(why) => bail!("{}: our generator failed: {why}", input.name),
        }
    };
    eprintln!("== {} ({} operations): ours", input.name, input.operations);
    run_ours()?;
    let mut row = Row {
        name: input.name,
        operations: input.operations,
        ours: Vec::new(),
        peers: Vec::new(),
    };
    for &peer in peers {
        let (file, note) = input.input_for(peer);
        let mut notes: Vec<String> = note.into_iter().map(str::to_owned).collect();
        let dir = out.join(peer.name());
        let crate_name = format!("{}-{}", input.name, peer.name());
        let log = logs.join(format!("{}-{}.log", input.name, peer.name()));
        let mut extra: Vec<&str> = Vec::new();
        eprintln!("== {}: {} (trial)", input.name, peer.name());
        fresh(&dir)?;
        let mut trial = time(
            &mut peer_command(work, peer, file, &dir, &crate_name, &extra),
            &log,
        )?;
        if peer == Peer::OpenApiGenerator
            && trial
                .as_ref()
                .is_err_and(|why| why.contains("SpecValidationException"))
        {
            // What its own message suggests; the run then measures generation without validation.
            let why = trial.as_ref().err().cloned().unwrap_or_default();
            notes.push(format!(
                "refuses the spec ({why}); timed with `--skip-validate-spec`"
            ));
            extra.push("--skip-validate-spec");
            fresh(&dir)?;
            trial = time(
                &mut peer_command(work, peer, file, &dir, &crate_name, &extra),
                &log,
            )?;
        }
        if let Err(why) = trial {
            eprintln!("   failed: {why}");
            row.peers.push(PeerResult {
                peer,
                outcome: Outcome::Failed(why),
                ratios: Vec::new(),
                notes,
            });
            continue;
        }
        let (mut times, mut ratios) = (Vec::new(), Vec::new());
        for run in 0..runs {
            // Alternate which goes first, so neither always runs on a warmer machine.
            let (ours_first, mut mine, mut theirs) = (run % 2 == 0, 0.0, Ok(0.0));
            for turn in 0..2 {
                if (turn == 0) == ours_first {
                    mine = run_ours()?;
                } else {
                    fresh(&dir)?;
                    theirs = time(
                        &mut peer_command(work, peer, file, &dir, &crate_name, &extra),
                        &log,
                    )?;
                }
            }
            let theirs = match theirs {
                Ok(seconds) => seconds,
                Err(why) => bail!(
                    "{}: {} failed on run {run} after a good trial: {why}",
                    input.name,
                    peer.name()
                ),
            };
            eprintln!(
                "   run {run}: ours {mine:.3} s, {} {theirs:.3} s ({:.1}×)",
                peer.name(),
                theirs / mine
            );
            row.ours.push(mine);
            times.push(theirs);
            ratios.push(theirs / mine);
        }
        row.peers.push(PeerResult {
            peer,
            outcome: Outcome::Timed(times),
            ratios,
            notes,
        });
    }
    if row.ours.is_empty() {
        for _ in 0..runs {
            row.ours.push(run_ours()?);
        }
    }
    Ok(row)
}

/// The median (of an odd or even count; NaN when empty).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Seconds with three significant digits.
pub fn seconds(value: f64) -> String {
    if value >= 10.0 {
        format!("{value:.1}")
    } else if value >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

/// The machine: cores and CPU model, what else was running.
fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "machine: {cores} cores, {model}; load average before the report: {}\n\n",
        load.trim()
    )
}

/// The whole-process table: medians, and the median of the per-pair ratios peer / ours.
fn table(rows: &[Row], peers: &[Peer], runs: usize) -> String {
    let mut text = format!(
        "whole process, median of {runs} runs (s); × = median of the per-pair ratios peer / ours (min–max)\n\n"
    );
    text.push_str("| input | operations | ours (s) |");
    let mut rule = String::from("|---|---:|---:|");
    for peer in peers {
        let _ = write!(
            text,
            " {} {} (s) | ours faster by |",
            peer.name(),
            peer.version()
        );
        rule.push_str("---:|---:|");
    }
    let _ = writeln!(text, "\n{rule}");
    let mut notes = Vec::new();
    for row in rows {
        let _ = write!(
            text,
            "| {} | {} | {} |",
            row.name,
            row.operations,
            seconds(median(&row.ours))
        );
        for peer in peers {
            let Some(result) = row.peers.iter().find(|r| r.peer == *peer) else {
                text.push_str(" - | - |");
                continue;
            };
            let mark = if result.notes.is_empty() { "" } else { " ¹" };
            for note in &result.notes {
                notes.push(format!(
                    "{} / {}: {}",
                    row.name,
                    peer.name(),
                    note.replace('|', "\\|")
                ));
            }
            match &result.outcome {
                Outcome::Timed(times) => {
                    let ratios = &result.ratios;
                    let (low, high) = ratios
                        .iter()
                        .fold((f64::INFINITY, 0.0_f64), |(l, h), r| (l.min(*r), h.max(*r)));
                    let _ = write!(
                        text,
                        " {}{mark} | {:.1}× ({low:.1}–{high:.1}) |",
                        seconds(median(times)),
                        median(ratios)
                    );
                }
                Outcome::Failed(why) => {
                    let _ = write!(text, " failed ² | - |");
                    notes.push(format!(
                        "{} / {} failed: {}",
                        row.name,
                        peer.name(),
                        why.replace('|', "\\|")
                    ));
                }
            }
        }
        text.push('\n');
    }
    for note in notes {
        let _ = writeln!(text, "- {note}");
    }
    text
}
