//! The `peak_rss` helper of `cargo xtask bench-peers`, run as a real process.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

/// Runs `sh -c script` through the helper: the report's fields.
fn run(script: &str) -> Vec<(String, String)> {
    let report = std::env::temp_dir().join(format!(
        "xtask-peak-rss-{}-{}.run",
        std::process::id(),
        script.len()
    ));
    let status = Command::new(env!("CARGO_BIN_EXE_peak_rss"))
        .arg(&report)
        .args(["sh", "-c", script])
        .status()
        .unwrap();
    assert!(status.success(), "{status}");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::remove_file(&report).unwrap();
    text.lines()
        .map(|line| {
            let (key, value) = line.split_once(' ').unwrap();
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

fn field<'a>(report: &'a [(String, String)], key: &str) -> &'a str {
    &report.iter().find(|(k, _)| k == key).unwrap().1
}

#[cfg(target_os = "linux")]
fn megabytes(report: &[(String, String)]) -> f64 {
    field(report, "peak_rss").parse::<f64>().unwrap() / 1e6
}

/// A process tree's peak: in `sh -c 'a | b'` both commands are children of the shell, and `sort`
/// holds its one 60 MB line in memory.
#[cfg(target_os = "linux")]
#[test]
fn the_peak_of_a_process_tree_counts_its_largest_descendant() {
    let report = run("head -c 60000000 /dev/zero | sort >/dev/null");
    assert_eq!(field(&report, "success"), "true");
    assert_eq!(field(&report, "status"), "exit status: 0");
    let seconds: f64 = field(&report, "seconds").parse().unwrap();
    assert!(seconds > 0.0);
    let peak = megabytes(&report);
    assert!((55.0..1000.0).contains(&peak), "{peak} MB");
}

/// A small process weighs a few MB, however large the process that started the helper: a new
/// process's peak starts at its parent's size, so the helper (small) is the parent.
#[cfg(target_os = "linux")]
#[test]
fn a_small_process_is_not_charged_for_a_large_caller() {
    let ballast = vec![1_u8; 200_000_000];
    let report = run("true");
    assert!(ballast.iter().all(|b| *b == 1));
    let peak = megabytes(&report);
    assert!(peak < 20.0, "{peak} MB");
}

#[test]
fn a_failing_program_is_reported_not_hidden() {
    let report = run("exit 3");
    assert_eq!(field(&report, "success"), "false");
    assert_eq!(field(&report, "status"), "exit status: 3");
}

#[test]
fn a_missing_program_fails_the_helper() {
    let report: PathBuf =
        std::env::temp_dir().join(format!("xtask-peak-rss-{}-missing.run", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_peak_rss"))
        .arg(&report)
        .arg("/nonexistent/program")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/program"));
    assert!(!report.exists());
}
