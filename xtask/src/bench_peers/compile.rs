//! The compile cost of generated crates: `cargo build` and `cargo check` of the crate alone (its
//! dependencies built beforehand; the crate itself compiled whole, not incrementally), and its
//! lines, for our Particle and nexus crates and progenitor's nexus crate.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, Result, bail};

use super::{Prepared, Workdir, fresh, median, seconds, time};

/// One crate to compile.
struct Crate {
    label: String,
    name: String,
    dir: PathBuf,
}

/// Generate the crates, build their dependencies, then time `cargo build` and `cargo check` of
/// each crate alone `runs` times (touching `src/lib.rs` first). A Markdown table.
#[allow(clippy::print_stderr)]
// Whole: the measuring protocol in the order it runs: generate the crates, build their
// dependencies, then time build and check of each.
pub fn compile_cost(
    ours: &Path,
    work: &Workdir,
    inputs: &[Prepared],
    progenitor: Option<&Path>,
    runs: usize,
) -> Result<String> {
    let dir = work.dir.join("compile");
    let logs = work.dir.join("logs");
    let mut crates = Vec::new();
    for input in inputs
        .iter()
        .filter(|i| i.name == "particle" || i.name == "nexus")
    {
        let name = format!("{}-ours", input.name);
        let out = dir.join(&name);
        fresh(&out)?;
        let mut command = Command::new(ours);
        command
            .arg("generate")
            .args(&input.ours)
            .arg("--out")
            .arg(&out)
            .args(["--name", &name]);
        if let Err(why) = time(&mut command, &logs.join(format!("compile-{name}.log")))? {
            bail!("generating {name}: {why}");
        }
        crates.push(Crate {
            label: format!("{} (ours)", input.name),
            name,
            dir: out,
        });
        if let (Some(_), "nexus") = (progenitor, input.name) {
            let name = "nexus-progenitor".to_owned();
            let out = dir.join(&name);
            fresh(&out)?;
            let mut command = Command::new("cargo");
            command
                .env("PATH", work.path())
                .args(["progenitor", "-i"])
                .arg(&input.spec)
                .arg("-o")
                .arg(&out);
            command.args(["-n", &name, "-v", "0.1.0"]);
            if let Err(why) = time(&mut command, &logs.join("compile-nexus-progenitor.log"))? {
                bail!("generating {name} with progenitor: {why}");
            }
            crates.push(Crate {
                label: "nexus (progenitor)".to_owned(),
                name,
                dir: out,
            });
        }
    }
    // One workspace of their own, so the project's workspace does not claim them.
    let members: Vec<String> = crates.iter().map(|c| format!("{:?}", c.name)).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(dir.join("Cargo.toml"), manifest)
        .context("writing the compile workspace manifest")?;

    let mut text = format!(
        "\ncompile cost: the generated crate alone, dependencies already built (dev profile, not incremental; \
         median of {runs}, after touching src/lib.rs)\n\n\
         | crate | lines (src/**/*.rs) | of which generated (excl. src/runtime/) | cargo build (s) | cargo check (s) |\n\
         |---|---:|---:|---:|---:|\n"
    );
    for krate in &crates {
        eprintln!("== compile cost: {} (dependencies first)", krate.label);
        for verb in ["build", "check"] {
            cargo(&dir, verb, &krate.name, &logs)?;
        }
        let mut times = [Vec::new(), Vec::new()];
        for _ in 0..runs {
            for (index, verb) in ["build", "check"].into_iter().enumerate() {
                touch(&krate.dir.join("src/lib.rs"))?;
                times[index].push(cargo(&dir, verb, &krate.name, &logs)?);
            }
        }
        let (all, generated) = lines(&krate.dir.join("src"))?;
        let _ = writeln!(
            text,
            "| {} | {all} | {generated} | {} | {} |",
            krate.label,
            seconds(median(&times[0])),
            seconds(median(&times[1]))
        );
    }
    Ok(text)
}

/// `cargo <verb> -p <name>` in the compile workspace; its wall time.
fn cargo(dir: &Path, verb: &str, name: &str, logs: &Path) -> Result<f64> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .arg(verb)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(["-p", name]);
    // A whole compile of the crate each time, as after a regeneration: with incremental compilation
    // a touched but unchanged file would reuse nearly everything.
    command
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_INCREMENTAL", "0");
    match time(
        &mut command,
        &logs.join(format!("compile-{name}-{verb}.log")),
    )? {
        Ok(seconds) => Ok(seconds),
        Err(why) => bail!("cargo {verb} -p {name}: {why}"),
    }
}

/// Give `path` a new modification time, so cargo compiles its crate again.
fn touch(path: &Path) -> Result<()> {
    let file = fs::File::options()
        .write(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.set_modified(SystemTime::now())
        .with_context(|| format!("touching {}", path.display()))
}

/// Lines of every `.rs` file below `src`, and of those outside `src/runtime/`.
fn lines(src: &Path) -> Result<(usize, usize)> {
    let (mut all, mut generated) = (0, 0);
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let count = fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?
                    .lines()
                    .count();
                all += count;
                if !path.starts_with(src.join("runtime")) {
                    generated += count;
                }
            }
        }
    }
    Ok((all, generated))
}
