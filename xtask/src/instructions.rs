//! `cargo xtask instructions`: how many instructions `generate` executes, in all and per stage,
//! counted by valgrind's callgrind. Unlike times, the counts do not move with the machine's load,
//! so a change's effect shows even on a busy machine.
//!
//! The release build of xtask runs each input once under callgrind with `GENERATOR_THREADS=1`
//! (everything on one thread, so each stage's count is exact and the same from run to run); each
//! stage is the inclusive count of its function, from `callgrind_annotate --inclusive=yes`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::workspace::{OVERLAYS, SPEC, root};

/// The stages, as report columns, and the function whose inclusive count is each.
const STAGES: &[(&str, &str)] = &[
    ("load", "generator::load::load"),
    ("overlay", "generator::overlay::Overlay::apply"),
    ("hoist", "generator::hoist::hoist"),
    ("normalize", "generator::normalize::normalize"),
    ("refs", "generator::refs::check"),
    ("convert", "generator::convert::convert"),
    ("deserialize", "generator::deserialize::deserialize"),
    ("lower", "generator::lower::lower"),
    ("emit", "generator::emit::emit_timed"),
];

/// Where the call graphs, the crates and the report go, from the workspace root.
const OUT: &str = "target/instructions";

/// Count the instructions of generating the Particle client and, when the corpus has it, nexus.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn instructions(corpus: Option<&str>) -> Result<ExitCode> {
    let root = root();
    for tool in ["valgrind", "callgrind_annotate"] {
        let found = Command::new(tool).arg("--version").output().is_ok();
        if !found {
            bail!("`{tool}` is missing: install valgrind (Debian: apt-get install valgrind)");
        }
    }
    // Built where cargo puts it (`CARGO_TARGET_DIR` too), as `bench-peers` builds it.
    let binary = crate::bench_peers::build_ours(&root)?;
    let out = root.join(OUT);
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let corpus = corpus.map_or_else(|| root.join("../shared/corpus"), PathBuf::from);
    let mut inputs: Vec<(&str, Vec<String>)> = vec![(
        "particle",
        vec![
            root.join(SPEC).display().to_string(),
            "--overlay".to_owned(),
            root.join(OVERLAYS).display().to_string(),
        ],
    )];
    let nexus = corpus.join("nexus.json");
    if nexus.is_file() {
        inputs.push(("nexus", vec![nexus.display().to_string()]));
    } else {
        eprintln!(
            "nexus: {} not found, skipped (--corpus DIR names the corpus folder)",
            nexus.display()
        );
    }
    let mut rows = Vec::new();
    for (name, args) in &inputs {
        let graph = out.join(format!("{name}.callgrind"));
        let status = Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", graph.display()))
            .arg(&binary)
            .arg("generate")
            .args(args)
            .arg("--out")
            .arg(out.join(format!("{name}-crate")))
            .env(generator::threads::VARIABLE, "1")
            .current_dir(&root)
            .output()
            .context("running valgrind")?;
        if !status.status.success() {
            bail!(
                "{name}: generate under callgrind failed:\n{}",
                String::from_utf8_lossy(&status.stderr)
            );
        }
        rows.push((*name, counts(&graph)?));
    }
    let report = table(&rows);
    fs::write(out.join("report.md"), &report).context("writing the report")?;
    print!("{report}");
    println!("\nCall graphs and report: {}/", out.display());
    Ok(ExitCode::SUCCESS)
}

/// A program's total count, and each stage's.
type Counts = (u64, BTreeMap<&'static str, u64>);

/// The program's total and each stage's inclusive count, from a callgrind output file.
fn counts(graph: &Path) -> Result<Counts> {
    let output = Command::new("callgrind_annotate")
        .args(["--inclusive=yes", "--threshold=100"])
        .arg(graph)
        .output()
        .context("running callgrind_annotate")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut total = None;
    let mut stages = BTreeMap::new();
    for line in text.lines() {
        let Some((count, rest)) = line.trim_start().split_once(' ') else {
            continue;
        };
        let Ok(count) = count.replace(',', "").parse::<u64>() else {
            continue;
        };
        if rest.contains("PROGRAM TOTALS") {
            total = Some(count);
            continue;
        }
        // `(12.34%)  file:function [object]`
        let function = rest
            .split_once("  ")
            .map_or(rest, |(_, function)| function)
            .split(" [")
            .next()
            .unwrap_or_default();
        let function = function.split_once(':').map_or(function, |(_, f)| f);
        if let Some((stage, _)) = STAGES.iter().find(|(_, f)| *f == function) {
            stages.entry(*stage).or_insert(count);
        }
    }
    let Some(total) = total else {
        bail!(
            "{}: no PROGRAM TOTALS in callgrind_annotate's output",
            graph.display()
        );
    };
    Ok((total, stages))
}

/// The Markdown table: one row per input, in millions of instructions.
fn table(rows: &[(&str, Counts)]) -> String {
    let millions = |count: u64| format!("{:.1}", count as f64 / 1e6);
    let mut text = String::from("| input | total |");
    for (stage, _) in STAGES {
        let _ = write!(text, " {stage} |");
    }
    text.push_str(" rest |\n|---|---:|");
    text.push_str(&"---:|".repeat(STAGES.len() + 1));
    text.push('\n');
    for (name, (total, stages)) in rows {
        let _ = write!(text, "| {name} | {} |", millions(*total));
        for (stage, _) in STAGES {
            let cell = stages
                .get(stage)
                .map_or_else(|| "–".to_owned(), |c| millions(*c));
            let _ = write!(text, " {cell} |");
        }
        let staged: u64 = stages.values().sum();
        let _ = writeln!(text, " {} |", millions(total.saturating_sub(staged)));
    }
    text.push_str(
        "\nMillions of instructions (callgrind `Ir`), `GENERATOR_THREADS=1`; a stage is the inclusive count of its function; rest is the process outside them (argument parsing, reading, writing, exit).\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_column_per_stage_and_the_rest() {
        let stages = BTreeMap::from([("load", 2_000_000), ("emit", 5_000_000)]);
        let text = table(&[("particle", (10_000_000, stages))]);
        let row = text.lines().nth(2).expect("a row");
        assert!(row.starts_with("| particle | 10.0 | 2.0 | – |"), "{row}");
        assert!(row.ends_with("| 5.0 | 3.0 |"), "{row}");
    }
}
