//! The compile cost of generated crates as users meet it: `cargo check` and `cargo build` of the
//! crate alone (its dependencies built beforehand; the crate itself compiled whole, not
//! incrementally), with every feature and with one typical feature, for each input, progenitor's
//! nexus crate and openapi-to-rust's output (mounted in a crate as its header says); and the
//! edit-compile loop of a user's crate on ours.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, Result, bail};

use super::{Peer, Prepared, Workdir, fresh, median, seconds, time};

/// One crate to compile.
struct Crate {
    label: String,
    name: String,
    dir: PathBuf,
    /// The operations of its spec.
    operations: usize,
    /// Its API features (ours), empty for a peer's crate.
    features: Vec<String>,
    /// The feature a typical user turns on alone (ours).
    typical: Option<String>,
}

/// The feature of each input a typical user turns on alone: the API's core resource.
const TYPICAL: &[(&str, &str)] = &[
    ("particle", "devices"),
    ("nexus", "instances"),
    ("github", "repos"),
    ("kubernetes", "core-v1"),
];

/// Generate the crates (ours with the runtime as a dependency, built beforehand like
/// progenitor's `progenitor-client`), build their dependencies, then time `cargo check` and
/// `cargo build` of each crate alone `runs` times (touching `src/lib.rs` first; not incremental,
/// as after a regeneration): ours with every feature and with one typical feature. Then, for
/// each of ours, a user's crate calling it with that one feature: `cargo check` after touching
/// the user's `main.rs` (incremental, as in an editor). Markdown tables.
#[allow(clippy::print_stderr)]
// Whole: the measuring protocol in the order it runs: generate the crates, build their
// dependencies, then time build and check of each.
pub fn compile_cost(
    ours: &Path,
    work: &Workdir,
    inputs: &[Prepared],
    progenitor: Option<&Path>,
    openapi_to_rust: Option<&Path>,
    runs: usize,
) -> Result<String> {
    let dir = work.dir.join("compile");
    let logs = work.dir.join("logs");
    fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    let mut crates = Vec::new();
    for input in inputs {
        let name = format!("{}-ours", input.name);
        let out = dir.join(&name);
        fresh(&out)?;
        let mut command = Command::new(ours);
        command
            .arg("generate")
            .args(&input.ours)
            .arg("--out")
            .arg(&out)
            .args(["--name", &name, "--runtime", "dependency"]);
        if let Err(why) = time(&mut command, &logs.join(format!("compile-{name}.log")))? {
            bail!("generating {name}: {why}");
        }
        let features = crate::gating::api_features(&out.join("Cargo.toml"))?;
        let typical = TYPICAL
            .iter()
            .find(|(input_name, _)| *input_name == input.name)
            .map(|(_, feature)| (*feature).to_owned())
            .filter(|feature| features.contains(feature))
            .or_else(|| features.first().cloned());
        crates.push(Crate {
            label: format!("{} (ours)", input.name),
            name,
            dir: out,
            operations: input.operations,
            features,
            typical,
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
                operations: input.operations,
                features: Vec::new(),
                typical: None,
            });
        }
        if let Some(tool) = openapi_to_rust {
            crates.extend(openapi_to_rust_crate(tool, input, &dir, &logs)?);
        }
    }
    // A user's crate for each of ours, with its one typical feature.
    let mut apps = Vec::new();
    for krate in crates.iter().filter(|c| c.typical.is_some()) {
        let app = format!("app-{}", krate.name);
        let app_dir = dir.join(&app);
        fresh(&app_dir)?;
        fs::create_dir_all(app_dir.join("src"))?;
        let feature = krate.typical.clone().unwrap_or_default();
        fs::write(
            app_dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{app}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{} = {{ path = \"../{}\", default-features = false, features = [\"rustls\", \"{feature}\"] }}\n",
                krate.name, krate.name
            ),
        )?;
        let library = krate.name.replace('-', "_");
        fs::write(
            app_dir.join("src/main.rs"),
            format!(
                "//! A user's program: names the generated crate's client.\n\nfn main() {{\n    println!(\"{{}}\", std::any::type_name::<{library}::Client>());\n}}\n"
            ),
        )?;
        apps.push((krate.label.clone(), app, app_dir, feature));
    }
    // One workspace of their own, so the project's workspace does not claim them.
    let mut members: Vec<String> = crates.iter().map(|c| format!("{:?}", c.name)).collect();
    members.extend(apps.iter().map(|(_, app, _, _)| format!("{app:?}")));
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(dir.join("Cargo.toml"), manifest)
        .context("writing the compile workspace manifest")?;

    let mut text = format!(
        "\ncompile cost: the generated crate alone, dependencies already built (ours: the runtime a \
         dependency, as progenitor's crate has progenitor-client), dev profile, not incremental; \
         median of {runs}, after touching src/lib.rs\n\n\
         | crate | operations | features on | lines (src/**/*.rs) | cargo check (s) | cargo build (s) | check: share of all features |\n\
         |---|---:|---|---:|---:|---:|---:|\n"
    );
    for krate in &crates {
        let mut sets: Vec<(String, Vec<String>)> = Vec::new();
        if krate.features.is_empty() {
            sets.push(("(none: one crate)".to_owned(), Vec::new()));
        } else {
            sets.push((
                format!("all {}", krate.features.len()),
                vec!["--features".to_owned(), "full".to_owned()],
            ));
            if let Some(feature) = &krate.typical {
                sets.push((
                    format!("`{feature}` only"),
                    vec![
                        "--no-default-features".to_owned(),
                        "--features".to_owned(),
                        format!("rustls,{feature}"),
                    ],
                ));
            }
        }
        let mut all_check = None;
        let (lines, _) = lines(&krate.dir.join("src"))?;
        for (label, args) in &sets {
            eprintln!(
                "== compile cost: {} with {label} (dependencies first)",
                krate.label
            );
            let built = ["build", "check"]
                .into_iter()
                .try_for_each(|verb| cargo(&dir, verb, &krate.name, args, &logs).map(drop));
            if let Err(why) = built {
                // A peer's crate that does not compile is a row of the table; ours must compile.
                if !krate.features.is_empty() {
                    return Err(why);
                }
                let why = why.to_string().replace('|', "/");
                let _ = writeln!(
                    text,
                    "| {} | {} | {label} | {lines} | does not compile: {why} | - | - |",
                    krate.label, krate.operations
                );
                continue;
            }
            let mut times = [Vec::new(), Vec::new()];
            for _ in 0..runs {
                for (index, verb) in ["check", "build"].into_iter().enumerate() {
                    touch(&krate.dir.join("src/lib.rs"))?;
                    times[index].push(cargo(&dir, verb, &krate.name, args, &logs)?);
                }
            }
            let check = median(&times[0]);
            let share = match all_check {
                None => {
                    all_check = Some(check);
                    "100%".to_owned()
                }
                Some(all) => format!("{:.0}%", 100.0 * check / all),
            };
            let row = format!(
                "| {} | {} | {label} | {lines} | {} | {} | {share} |",
                krate.label,
                krate.operations,
                seconds(check),
                seconds(median(&times[1])),
            );
            // Shown as soon as measured: a run that stops later keeps what it measured.
            eprintln!("{row}");
            let _ = writeln!(text, "{row}");
        }
    }
    if !apps.is_empty() {
        let _ = writeln!(
            text,
            "\nthe edit-compile loop: a user's crate depending on ours with one feature, `cargo check` \
             after touching its src/main.rs (incremental, as in an editor); median of {runs}\n\n\
             | user's crate on | feature | incremental cargo check (s) |\n|---|---|---:|"
        );
        for (label, app, app_dir, feature) in &apps {
            eprintln!("== edit-compile loop: {app}");
            // A user's crate that does not build is reported in its row, not lost with the rest.
            let measured = (|| -> Result<f64> {
                incremental(&dir, app, &logs)?;
                let mut times = Vec::new();
                for _ in 0..runs {
                    touch(&app_dir.join("src/main.rs"))?;
                    times.push(incremental(&dir, app, &logs)?);
                }
                Ok(median(&times))
            })();
            let cell = match measured {
                Ok(time) => seconds(time),
                Err(why) => format!("failed: {}", why.to_string().replace('|', "/")),
            };
            let _ = writeln!(text, "| {label} | `{feature}` | {cell} |");
        }
    }
    Ok(text)
}

/// openapi-to-rust's output for `input` in a crate of its own: the files in `src/api/` (its
/// header: "mount this tree under your preferred path, e.g. `pub mod api;`"), the dependencies it
/// lists in `REQUIRED_DEPS.toml`. `None` (and a note) when it generates nothing.
#[allow(clippy::print_stderr)]
fn openapi_to_rust_crate(
    tool: &Path,
    input: &Prepared,
    dir: &Path,
    logs: &Path,
) -> Result<Option<Crate>> {
    let name = format!("{}-openapi-to-rust", input.name);
    let out = dir.join(&name);
    fresh(&out)?;
    let api = out.join("src/api");
    let (file, _) = input.input_for(Peer::OpenApiToRust);
    let mut command = Command::new(tool);
    command
        .arg("generate")
        .arg(file)
        .arg("--output-dir")
        .arg(&api);
    if let Err(why) = time(&mut command, &logs.join(format!("compile-{name}.log")))? {
        eprintln!("{name}: openapi-to-rust generates nothing ({why}); left out");
        return Ok(None);
    }
    let dependencies = fs::read_to_string(api.join("REQUIRED_DEPS.toml"))
        .with_context(|| format!("reading {name}'s REQUIRED_DEPS.toml"))?;
    fs::write(
        out.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n{dependencies}"
        ),
    )?;
    fs::write(
        out.join("src/lib.rs"),
        "//! openapi-to-rust's output, mounted as its header says.\npub mod api;\n",
    )?;
    Ok(Some(Crate {
        label: format!("{} (openapi-to-rust)", input.name),
        name,
        dir: out,
        operations: input.operations,
        features: Vec::new(),
        typical: None,
    }))
}

/// `cargo check -p <name>` in the compile workspace, incremental; its wall time.
fn incremental(dir: &Path, name: &str, logs: &Path) -> Result<f64> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .arg("check")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(["-p", name])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_INCREMENTAL", "1");
    match time(
        &mut command,
        &logs.join(format!("compile-{name}-incremental.log")),
    )? {
        Ok(seconds) => Ok(seconds),
        Err(why) => bail!("cargo check -p {name}: {why}"),
    }
}

/// `cargo <verb> -p <name> <args>` in the compile workspace; its wall time.
fn cargo(dir: &Path, verb: &str, name: &str, args: &[String], logs: &Path) -> Result<f64> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .arg(verb)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(["-p", name])
        .args(args);
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
