//! `cargo xtask bench-cli`: what `particle-api` costs its user: the release binary's size, its
//! cold start (`--help` and more, medians of many runs, beside the official `particle` command
//! when one is given), and the time to build the tool's crate with its dependencies prebuilt.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::workspace::root;

/// The tool's options.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Runs of each command for the start-up medians.
    #[arg(long, default_value_t = 30)]
    pub runs: usize,
    /// Builds of the tool's crate for the build-time medians.
    #[arg(long, default_value_t = 3)]
    pub builds: usize,
    /// The official `particle` command (particle-cli on npm), to time its `--help` beside ours.
    #[arg(long, value_name = "PATH")]
    pub particle: Option<PathBuf>,
}

/// Measure and print a Markdown report.
#[allow(clippy::print_stdout)]
pub fn bench_cli(options: &Options) -> Result<std::process::ExitCode> {
    let root = root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    // Dependencies first, so the timed builds are the tool's crate alone.
    cargo(&root, &["build", "--release", "-p", "particle-cli"])?;
    let mut builds = Vec::new();
    for _ in 0..options.builds {
        cargo(&root, &["clean", "--release", "-p", "particle-cli"])?;
        let start = Instant::now();
        cargo(&root, &["build", "--release", "-p", "particle-cli"])?;
        builds.push(start.elapsed());
    }
    let mut checks = Vec::new();
    for _ in 0..options.builds {
        cargo(&root, &["clean", "-p", "particle-cli"])?;
        cargo(&root, &["build", "-p", "particle-client"])?;
        let start = Instant::now();
        cargo(&root, &["build", "-p", "particle-cli"])?;
        checks.push(start.elapsed());
    }
    let binary = target.join("release").join("particle-api");
    let size = std::fs::metadata(&binary)
        .with_context(|| binary.display().to_string())?
        .len();
    let stripped = stripped_size(&binary, &target)?;
    println!(
        "## particle-api ({} runs per start-up median, {} builds per build median)\n",
        options.runs, options.builds
    );
    println!("| What | Median |\n|---|---|");
    println!(
        "| release binary | {} ({} stripped) |",
        mib(size),
        mib(stripped)
    );
    println!(
        "| `cargo build --release -p particle-cli`, dependencies built | {} |",
        seconds(median(&mut builds))
    );
    println!(
        "| `cargo build -p particle-cli` (debug), dependencies built | {} |",
        seconds(median(&mut checks))
    );
    let commands: [&[&str]; 4] = [
        &["--help"],
        &["devices", "--help"],
        &["products", "list-devices", "--help"],
        &["completions", "bash"],
    ];
    println!("\n| Start-up | particle-api | particle (npm) | ratio |\n|---|---|---|---|");
    for args in commands {
        let ours = startup(&binary, args, options.runs)?;
        let theirs = match (&options.particle, args) {
            (Some(particle), ["--help"]) => Some(startup(particle, args, options.runs.min(10))?),
            _ => None,
        };
        let (theirs_text, ratio) = match theirs {
            Some(theirs) => (
                millis(theirs),
                format!("{:.0}×", theirs.as_secs_f64() / ours.as_secs_f64()),
            ),
            None => ("".to_owned(), "".to_owned()),
        };
        println!(
            "| `particle-api {}` | {} | {theirs_text} | {ratio} |",
            args.join(" "),
            millis(ours)
        );
    }
    Ok(std::process::ExitCode::SUCCESS)
}

fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .arg("-q")
        .current_dir(root)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(())
}

/// The binary's size without its symbols (`strip` on a copy).
fn stripped_size(binary: &Path, target: &Path) -> Result<u64> {
    let copy = target.join("particle-api.stripped");
    std::fs::copy(binary, &copy)?;
    let status = Command::new("strip")
        .arg(&copy)
        .status()
        .context("running strip")?;
    if !status.success() {
        bail!("strip failed");
    }
    let size = std::fs::metadata(&copy)?.len();
    std::fs::remove_file(&copy)?;
    Ok(size)
}

/// The median wall time of `runs` runs of `binary args`, its output discarded, after one run
/// to warm the page cache.
fn startup(binary: &Path, args: &[&str], runs: usize) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for run in 0..=runs {
        let start = Instant::now();
        let status = Command::new(binary)
            .args(args)
            .env("COLUMNS", "100")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| binary.display().to_string())?;
        let elapsed = start.elapsed();
        if !status.success() {
            bail!("{} {} failed", binary.display(), args.join(" "));
        }
        if run > 0 {
            times.push(elapsed);
        }
    }
    Ok(median(&mut times))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
}

fn seconds(time: Duration) -> String {
    format!("{:.1} s", time.as_secs_f64())
}

fn millis(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1e3)
}
