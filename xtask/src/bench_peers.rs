//! `cargo xtask bench-peers`: our release binary against openapi-generator, progenitor and
//! openapi-to-rust, whole process, on the same inputs, in time and in peak memory (max RSS); the
//! compile cost of the generated crates; and charts of generation time and peak memory against
//! operations (`benches/generation-time.svg`, `benches/peak-memory.svg`).
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

/// The inputs: name, file in the corpus folder (`None`: the Particle spec and overlay in `specs/`;
/// for `particle-json`, ours reads the repaired OpenAPI 3.0 document the peers read).
const INPUTS: &[(&str, Option<&str>)] = &[
    ("particle", None),
    ("particle-json", None),
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
    /// Only the compile-cost measurement (no timing against the peers, no charts).
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

/// One run of a tool, measured as a whole process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    /// Wall time from spawning the process to its exit.
    pub seconds: f64,
    /// Its peak memory in bytes: the largest maximum resident set size among the process and the
    /// descendants it waited for (`ru_maxrss` of the children's resource usage); `None` where that
    /// is not measured.
    pub peak_rss: Option<u64>,
}

/// The seconds of `runs`.
pub fn seconds_of(runs: &[Run]) -> Vec<f64> {
    runs.iter().map(|r| r.seconds).collect()
}

/// The peak memory of `runs` in MB (10^6 bytes), of those that measured it.
pub fn megabytes(runs: &[Run]) -> Vec<f64> {
    runs.iter()
        .filter_map(|r| r.peak_rss)
        .map(|bytes| bytes as f64 / 1e6)
        .collect()
}

/// The runs of one tool on one input.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Each timed run, in run order.
    Timed(Vec<Run>),
    /// Why it did not run.
    Failed(String),
}

/// One input's row: our runs and each peer's (with the pairs' ratios).
pub struct Row {
    pub name: &'static str,
    pub operations: usize,
    pub ours: Vec<Run>,
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
    // Built beside it: every timed process is run through it, for its peak memory.
    let helper = ours.with_file_name(format!("peak_rss{}", std::env::consts::EXE_SUFFIX));
    ensure!(helper.is_file(), "no {} after the build", helper.display());
    for peer in &peers {
        install(&work, *peer)?;
    }
    let inputs = prepare_inputs(&root, &work, options)?;
    ensure!(!inputs.is_empty(), "no input selected");
    let mut report = machine();
    if !options.compile_only {
        let mut rows = Vec::new();
        for input in &inputs {
            rows.push(compare(&ours, &helper, &work, input, &peers, options.runs)?);
        }
        report.push_str(&table(&rows, &peers, options.runs));
        report.push_str(&memory_table(&rows, &peers, options.runs));
        let mut charts = vec![("generation-time.svg", chart::Measure::Time)];
        if rows.iter().any(|r| !megabytes(&r.ours).is_empty()) {
            charts.push(("peak-memory.svg", chart::Measure::Memory));
        }
        for (file, measure) in charts {
            let svg = root.join("benches").join(file);
            fs::write(&svg, chart::svg(&rows, &peers, measure)?)
                .with_context(|| format!("writing {}", svg.display()))?;
            let _ = writeln!(
                report,
                "\nchart: {}",
                svg.strip_prefix(&root).unwrap_or(&svg).display()
            );
        }
    }
    if !options.no_compile
        && inputs
            .iter()
            .any(|i| i.name == "nexus" || i.name == "particle")
    {
        let progenitor = peers
            .contains(&Peer::Progenitor)
            .then(|| work.cargo_progenitor());
        let openapi_to_rust = peers
            .contains(&Peer::OpenApiToRust)
            .then(|| work.openapi_to_rust());
        report.push_str(&compile::compile_cost(
            &ours,
            &work,
            &inputs,
            progenitor.as_deref(),
            openapi_to_rust.as_deref(),
            options.runs.min(3),
        )?);
    }
    println!("{report}");
    let saved = work.dir.join("report.md");
    fs::write(&saved, &report).with_context(|| format!("writing {}", saved.display()))?;
    println!("(also in {})", saved.display());
    Ok(ExitCode::SUCCESS)
}

/// `cargo build --release -p xtask` (xtask and the `peak_rss` helper); xtask's path.
#[allow(clippy::print_stderr)]
pub(crate) fn build_ours(root: &Path) -> Result<PathBuf> {
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
        if *name == "particle-json" {
            // Like for like: the same JSON document as the peers, no overlay to apply.
            ours = vec![openapi.display().to_string()];
        } else if let Some(overlay) = &overlay {
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
    Ok(Err(failure(&status.to_string(), log)))
}

/// Run `command` to the end through the `peak_rss` helper (`helper`), output to `log`: its wall
/// time and peak memory, or why it failed. See src/bin/peak_rss.rs for why a helper.
pub fn measure(
    helper: &Path,
    command: &Command,
    log: &Path,
) -> Result<std::result::Result<Run, String>> {
    let report = log.with_extension("run");
    if report.exists() {
        fs::remove_file(&report).with_context(|| format!("removing {}", report.display()))?;
    }
    let file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let status = through(helper, command, &report)
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .status()
        .with_context(|| format!("running {}", helper.display()))?;
    if !status.success() {
        bail!("running {command:?}: {}", failure(&status.to_string(), log));
    }
    let text =
        fs::read_to_string(&report).with_context(|| format!("reading {}", report.display()))?;
    let (run, success, status) =
        parse_report(&text).with_context(|| format!("reading {}", report.display()))?;
    Ok(if success {
        Ok(run)
    } else {
        Err(failure(&status, log))
    })
}

/// `command` (program, arguments, environment changes, folder) run by the `peak_rss` helper, which
/// writes its report to `report`.
fn through(helper: &Path, command: &Command, report: &Path) -> Command {
    let mut through = Command::new(helper);
    through
        .arg(report)
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => through.env(key, value),
            None => through.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        through.current_dir(dir);
    }
    through
}

/// The `peak_rss` helper's report: the run, whether the program succeeded, and its exit status.
fn parse_report(text: &str) -> Result<(Run, bool, String)> {
    let field = |key: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(' '))
            .with_context(|| format!("no `{key}` line"))
    };
    let seconds = field("seconds")?
        .parse()
        .context("`seconds` is no number")?;
    let peak_rss = match field("peak_rss")? {
        "-" => None,
        bytes => Some(bytes.parse().context("`peak_rss` is no whole number")?),
    };
    let success = field("success")? == "true";
    let status = field("status")?.to_owned();
    Ok((Run { seconds, peak_rss }, success, status))
}

/// Why a run failed: its exit status and the telling lines of its output in `log`.
fn failure(status: &str, log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
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
    format!("{status}: {why}")
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
// Whole: the timing protocol in the order it runs (an untimed trial each, then interleaved pairs of
// runs), its commands and logs shared by every step.
fn compare(
    ours: &Path,
    helper: &Path,
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
    let run_ours = || -> Result<Run> {
        fresh(&out.join("ours"))?;
        match measure(helper, &our_command(&out.join("ours")), &our_log)? {
            Ok(run) => Ok(run),
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
        let mut trial = measure(
            helper,
            &peer_command(work, peer, file, &dir, &crate_name, &extra),
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
            trial = measure(
                helper,
                &peer_command(work, peer, file, &dir, &crate_name, &extra),
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
            let unmeasured = Run {
                seconds: 0.0,
                peak_rss: None,
            };
            let (ours_first, mut mine, mut theirs) = (run % 2 == 0, unmeasured, Ok(unmeasured));
            for turn in 0..2 {
                if (turn == 0) == ours_first {
                    mine = run_ours()?;
                } else {
                    fresh(&dir)?;
                    theirs = measure(
                        helper,
                        &peer_command(work, peer, file, &dir, &crate_name, &extra),
                        &log,
                    )?;
                }
            }
            let theirs = match theirs {
                Ok(measured) => measured,
                Err(why) => bail!(
                    "{}: {} failed on run {run} after a good trial: {why}",
                    input.name,
                    peer.name()
                ),
            };
            eprintln!(
                "   run {run}: ours {:.3} s{}, {} {:.3} s{} ({:.1}×)",
                mine.seconds,
                rss_note(mine.peak_rss),
                peer.name(),
                theirs.seconds,
                rss_note(theirs.peak_rss),
                theirs.seconds / mine.seconds
            );
            row.ours.push(mine);
            times.push(theirs);
            ratios.push(theirs.seconds / mine.seconds);
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

/// ` (N MB)` for a run's progress line, when its memory was measured.
fn rss_note(peak_rss: Option<u64>) -> String {
    peak_rss.map_or_else(String::new, |bytes| {
        format!(" ({} MB)", megabytes_text(bytes as f64 / 1e6))
    })
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

/// Megabytes with three significant digits (whole ones from 100 on).
pub fn megabytes_text(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
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
            seconds(median(&seconds_of(&row.ours)))
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
                Outcome::Timed(runs) => {
                    let ratios = &result.ratios;
                    let (low, high) = ratios
                        .iter()
                        .fold((f64::INFINITY, 0.0_f64), |(l, h), r| (l.min(*r), h.max(*r)));
                    let _ = write!(
                        text,
                        " {}{mark} | {:.1}× ({low:.1}–{high:.1}) |",
                        seconds(median(&seconds_of(runs))),
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

/// The peak-memory table: the median max RSS of each tool, and ours against openapi-to-rust's
/// (the issue asks for ours to be no worse on every input).
fn memory_table(rows: &[Row], peers: &[Peer], runs: usize) -> String {
    if rows.iter().all(|r| megabytes(&r.ours).is_empty()) {
        return "\npeak memory: not measured (max RSS is read on Linux only)\n".to_owned();
    }
    let versus = peers.contains(&Peer::OpenApiToRust);
    let mut text = format!(
        "\npeak memory: max RSS in MB (10^6 bytes), median of {runs} runs; for a process that starts \
         others, the largest of it and each descendant it waited for (openapi-generator: its Java VM, \
         not the Python wrapper)\n\n"
    );
    text.push_str("| input | operations | ours (MB) |");
    let mut rule = String::from("|---|---:|---:|");
    for peer in peers {
        let _ = write!(text, " {} {} (MB) |", peer.name(), peer.version());
        rule.push_str("---:|");
    }
    if versus {
        text.push_str(" ours / openapi-to-rust | ours no worse than openapi-to-rust |");
        rule.push_str("---:|:---:|");
    }
    let _ = writeln!(text, "\n{rule}");
    let cell = |value: f64| {
        if value.is_finite() {
            megabytes_text(value)
        } else {
            "-".to_owned()
        }
    };
    for row in rows {
        let ours = median(&megabytes(&row.ours));
        let _ = write!(
            text,
            "| {} | {} | {} |",
            row.name,
            row.operations,
            cell(ours)
        );
        let mut theirs_median = f64::NAN;
        for peer in peers {
            let result = row.peers.iter().find(|r| r.peer == *peer);
            match result.map(|r| &r.outcome) {
                None => text.push_str(" - |"),
                Some(Outcome::Failed(_)) => text.push_str(" failed |"),
                Some(Outcome::Timed(runs)) => {
                    let value = median(&megabytes(runs));
                    if *peer == Peer::OpenApiToRust {
                        theirs_median = value;
                    }
                    let _ = write!(text, " {} |", cell(value));
                }
            }
        }
        if versus {
            if ours.is_finite() && theirs_median.is_finite() {
                let verdict = if ours <= theirs_median {
                    "yes"
                } else {
                    "**no**"
                };
                let _ = write!(text, " {:.2} | {verdict} |", ours / theirs_median);
            } else {
                text.push_str(" - | - |");
            }
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Runs of `seconds` each, with `mb` megabytes of peak memory.
    fn runs(seconds: &[f64], mb: f64) -> Vec<Run> {
        seconds
            .iter()
            .enumerate()
            .map(|(i, s)| Run {
                seconds: *s,
                peak_rss: Some((mb * 1e6) as u64 + i as u64 * 1000),
            })
            .collect()
    }

    fn timed(peer: Peer, ours: &[Run], theirs: Vec<Run>) -> PeerResult {
        let ratios = ours
            .iter()
            .zip(&theirs)
            .map(|(o, t)| t.seconds / o.seconds)
            .collect();
        PeerResult {
            peer,
            outcome: Outcome::Timed(theirs),
            ratios,
            notes: Vec::new(),
        }
    }

    fn failed(peer: Peer, why: &str) -> PeerResult {
        PeerResult {
            peer,
            outcome: Outcome::Failed(why.to_owned()),
            ratios: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Four inputs measured against every peer, with made-up but plausible numbers.
    pub(crate) fn sample_rows() -> Vec<Row> {
        let row = |name, operations, ours: Vec<Run>, peers: Vec<PeerResult>| Row {
            name,
            operations,
            ours,
            peers,
        };
        let ours = runs(&[0.021, 0.020, 0.023], 9.5);
        let particle = vec![
            timed(Peer::OpenApiGenerator, &ours, runs(&[2.1, 2.0, 2.2], 310.0)),
            failed(
                Peer::Progenitor,
                "exit status: 101: panic: not yet implemented",
            ),
            timed(
                Peer::OpenApiToRust,
                &ours,
                runs(&[0.038, 0.036, 0.041], 14.2),
            ),
        ];
        let nexus_ours = runs(&[0.111, 0.108, 0.115], 41.0);
        let nexus = vec![
            timed(
                Peer::OpenApiGenerator,
                &nexus_ours,
                runs(&[3.3, 3.4, 3.2], 520.0),
            ),
            timed(
                Peer::Progenitor,
                &nexus_ours,
                runs(&[0.66, 0.64, 0.70], 63.0),
            ),
            timed(
                Peer::OpenApiToRust,
                &nexus_ours,
                runs(&[0.25, 0.24, 0.26], 35.0),
            ),
        ];
        let github_ours = runs(&[0.62, 0.60, 0.65], 212.0);
        let github = vec![
            timed(
                Peer::OpenApiGenerator,
                &github_ours,
                runs(&[7.4, 7.2, 7.6], 905.0),
            ),
            failed(
                Peer::Progenitor,
                "exit status: 101: panic: not yet implemented",
            ),
            timed(
                Peer::OpenApiToRust,
                &github_ours,
                runs(&[0.87, 0.85, 0.90], 230.0),
            ),
        ];
        let kubernetes_ours = runs(&[1.24, 1.20, 1.30], 300.0);
        let kubernetes = vec![
            timed(
                Peer::OpenApiGenerator,
                &kubernetes_ours,
                runs(&[7.2, 7.0, 7.5], 850.0),
            ),
            failed(Peer::Progenitor, "exit status: 1: unsupported content type"),
            timed(
                Peer::OpenApiToRust,
                &kubernetes_ours,
                runs(&[2.6, 2.5, 2.8], 260.0),
            ),
        ];
        vec![
            row("particle", 29, ours, particle),
            row("nexus", 193, nexus_ours, nexus),
            row("github", 768, github_ours, github),
            row("kubernetes", 1081, kubernetes_ours, kubernetes),
        ]
    }

    #[test]
    fn memory_table_gives_medians_and_ours_against_openapi_to_rust() {
        let text = memory_table(&sample_rows(), &PEERS, 3);
        let expected = "| input | operations | ours (MB) | openapi-generator 7.26.0 (MB) | progenitor 0.15.1 (MB) \
             | openapi-to-rust 0.23.0 (MB) | ours / openapi-to-rust | ours no worse than openapi-to-rust |\n\
             |---|---:|---:|---:|---:|---:|---:|:---:|\n\
             | particle | 29 | 9.50 | 310 | failed | 14.2 | 0.67 | yes |\n\
             | nexus | 193 | 41.0 | 520 | 63.0 | 35.0 | 1.17 | **no** |\n\
             | github | 768 | 212 | 905 | failed | 230 | 0.92 | yes |\n\
             | kubernetes | 1081 | 300 | 850 | failed | 260 | 1.15 | **no** |\n";
        assert!(text.starts_with("\npeak memory: max RSS in MB (10^6 bytes), median of 3 runs"));
        assert!(text.ends_with(expected), "{text}");
    }

    #[test]
    fn memory_table_without_openapi_to_rust_has_no_ratio() {
        let text = memory_table(&sample_rows(), &[Peer::Progenitor], 3);
        assert!(text.contains(
            "| input | operations | ours (MB) | progenitor 0.15.1 (MB) |\n|---|---:|---:|---:|\n"
        ));
        assert!(text.contains("| nexus | 193 | 41.0 | 63.0 |\n"), "{text}");
        assert!(!text.contains("ours / openapi-to-rust"));
    }

    #[test]
    fn memory_table_says_when_memory_was_not_measured() {
        let mut rows = sample_rows();
        for row in &mut rows {
            for run in &mut row.ours {
                run.peak_rss = None;
            }
        }
        let text = memory_table(&rows, &PEERS, 3);
        assert!(text.contains("not measured"), "{text}");
        assert!(!text.contains('|'));
    }

    #[test]
    fn time_table_keeps_its_shape() {
        let text = table(&sample_rows(), &PEERS, 3);
        assert!(text.contains(
            "| input | operations | ours (s) | openapi-generator 7.26.0 (s) | ours faster by \
             | progenitor 0.15.1 (s) | ours faster by | openapi-to-rust 0.23.0 (s) | ours faster by |\n"
        ));
        assert!(
            text.contains(
                "| particle | 29 | 0.021 | 2.10 | 100.0× (95.7–100.0) | failed ² | - | 0.038 | 1.8× (1.8–1.8) |\n"
            ),
            "{text}"
        );
        assert!(text.contains("- particle / progenitor failed: exit status: 101"));
    }

    #[test]
    fn megabytes_skip_runs_without_memory() {
        let runs = [
            Run {
                seconds: 1.0,
                peak_rss: Some(2_500_000),
            },
            Run {
                seconds: 2.0,
                peak_rss: None,
            },
        ];
        assert_eq!(megabytes(&runs), vec![2.5]);
        assert_eq!(seconds_of(&runs), vec![1.0, 2.0]);
        assert_eq!(megabytes_text(2.5), "2.50");
        assert_eq!(megabytes_text(41.04), "41.0");
        assert_eq!(megabytes_text(905.4), "905");
    }

    #[test]
    fn the_helper_runs_the_same_command() {
        let mut command = Command::new("cargo");
        command
            .args(["progenitor", "-i", "in.json"])
            .env("PATH", "/tools/bin")
            .env_remove("RUST_LOG")
            .current_dir("/work");
        let through = through(Path::new("/t/peak_rss"), &command, Path::new("/t/a.run"));
        assert_eq!(through.get_program(), "/t/peak_rss");
        let args: Vec<_> = through.get_args().collect();
        assert_eq!(
            args,
            ["/t/a.run", "cargo", "progenitor", "-i", "in.json"].map(std::ffi::OsStr::new)
        );
        let envs: Vec<_> = through.get_envs().collect();
        assert_eq!(
            envs,
            [
                (
                    std::ffi::OsStr::new("PATH"),
                    Some(std::ffi::OsStr::new("/tools/bin"))
                ),
                (std::ffi::OsStr::new("RUST_LOG"), None),
            ]
        );
        assert_eq!(through.get_current_dir(), Some(Path::new("/work")));
    }

    #[test]
    fn the_helpers_report_is_read() {
        let (run, success, status) =
            parse_report("seconds 0.25\npeak_rss 41000000\nsuccess true\nstatus exit status: 0\n")
                .unwrap();
        assert_eq!(
            run,
            Run {
                seconds: 0.25,
                peak_rss: Some(41_000_000)
            }
        );
        assert!(success);
        assert_eq!(status, "exit status: 0");
        let (run, success, status) =
            parse_report("seconds 1\npeak_rss -\nsuccess false\nstatus signal: 9 (SIGKILL)\n")
                .unwrap();
        assert_eq!(run.peak_rss, None);
        assert!(!success);
        assert_eq!(status, "signal: 9 (SIGKILL)");
        assert!(parse_report("seconds 1\n").is_err());
    }
}
