//! `cargo xtask release`: the Particle client's version follows from what changed since its
//! last release, and the change report becomes a section of `generated-client/CHANGELOG.md`.
//!
//! The changelog is the record: each section carries, in an HTML comment, the version, the
//! fingerprint of the inputs it was generated from and one of the crate's files. `codegen` takes
//! the crate's version from the newest section, and `codegen --check` fails when the crate has
//! changed since that release in a way its version does not yet say.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use generator::diff::{Bump, Impact, Report};
use generator::emit::File;
use generator::pipeline::{self, Output};
use generator::public_api::RustReport;
use generator_cli::files;
use generator_cli::generate::lines;

use crate::codegen::{self, Target};
use crate::diff::Inputs;
use crate::overlays::git;
use crate::summary::SinceHead;
use crate::workspace::{CLIENT, RUNTIME, root};

/// The Particle client's changelog, from the workspace root.
pub const CHANGELOG: &str = "generated-client/CHANGELOG.md";

/// How many of the Rust report's additions a changelog section lists.
const RUST_ADDITIONS: usize = 10;

/// The version of a crate that has never been released.
const FIRST_VERSION: &str = "0.1.0";

/// What a release records in its changelog section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The version released.
    pub version: String,
    /// The fingerprint of the spec and overlays it was generated from.
    pub inputs: String,
    /// The fingerprint of its generated files, but `Cargo.toml` (which holds the version).
    pub files: String,
}

impl Record {
    /// The newest record of a changelog's text.
    pub fn newest(changelog: &str) -> Option<Self> {
        changelog.lines().find_map(|line| {
            let rest = line.trim().strip_prefix("<!-- release ")?;
            let rest = rest.strip_suffix("-->")?;
            let words: Vec<&str> = rest.split_whitespace().collect();
            match words[..] {
                [version, "inputs", inputs, "files", files] => Some(Self {
                    version: version.to_owned(),
                    inputs: inputs.to_owned(),
                    files: files.to_owned(),
                }),
                _ => None,
            }
        })
    }

    fn comment(&self) -> String {
        format!(
            "<!-- release {} inputs {} files {} -->",
            self.version, self.inputs, self.files
        )
    }
}

/// The newest release recorded in the workspace's changelog, if any.
pub fn recorded(root: &Path) -> Option<Record> {
    Record::newest(&fs::read_to_string(root.join(CHANGELOG)).ok()?)
}

/// The Particle client's version: its last release's.
pub fn version(root: &Path) -> String {
    recorded(root).map_or_else(|| FIRST_VERSION.to_owned(), |record| record.version)
}

/// A fingerprint of a crate's generated files, `Cargo.toml` aside.
pub fn files_fingerprint(files: &[File]) -> String {
    pipeline::fnv1a64(
        files
            .iter()
            .filter(|f| f.path != "Cargo.toml")
            .flat_map(|f| [f.path.as_bytes(), &[0xff], f.contents.as_bytes()]),
    )
}

/// What changed since the last release.
pub enum SinceRelease {
    /// Nothing: the inputs and the files are those released.
    Nothing,
    /// There is no release yet.
    First,
    /// The crate changed: the API and Rust reports against the release. A bump of `None`
    /// means only documentation changed.
    Changed {
        /// The release compared with.
        record: Record,
        /// The commit that holds it.
        commit: String,
        /// The API changes.
        report: Report,
        /// The public Rust API changes.
        rust: RustReport,
    },
    /// The release could not be found in the history, and why.
    Unknown(String),
}

/// Compare the crate generated now (`output`, `files`) with its last release.
pub fn since_release(
    root: &Path,
    target: &Target,
    output: &Output,
    files: &[File],
) -> SinceRelease {
    let Some(record) = recorded(root) else {
        return SinceRelease::First;
    };
    if record.inputs == output.api.fingerprint && record.files == files_fingerprint(files) {
        return SinceRelease::Nothing;
    }
    let commit = match release_commit(root, &record) {
        Ok(Some(commit)) => commit,
        Ok(None) => {
            return SinceRelease::Unknown(format!(
                "no commit holds release {} of {CHANGELOG} (is the release committed?)",
                record.version
            ));
        }
        Err(error) => return SinceRelease::Unknown(format!("{error:#}")),
    };
    let old = Inputs::at(root, &commit, target.spec, target.overlays);
    let report = match crate::diff::since(&old, output) {
        SinceHead::Changed { report, .. } => report,
        SinceHead::Same => Report {
            changes: Vec::new(),
            bump: Bump::None,
        },
        SinceHead::Unavailable(why) => return SinceRelease::Unknown(why),
    };
    let rust = match crate::diff::rust_since(root, &commit, target.dir, files) {
        Ok(rust) => rust,
        Err(why) => return SinceRelease::Unknown(format!("the crate at {commit}: {why}")),
    };
    SinceRelease::Changed {
        record,
        commit,
        report,
        rust,
    }
}

/// The commit that made release `record`: the oldest of the newest run of commits to the
/// changelog whose newest record is `record`.
fn release_commit(root: &Path, record: &Record) -> Result<Option<String>> {
    let log = git(root, &["log", "--format=%H", "--", CHANGELOG])?;
    let mut found = None;
    for commit in log.lines() {
        let text = git(root, &["show", &format!("{commit}:{CHANGELOG}")]).unwrap_or_default();
        if Record::newest(&text).as_ref() == Some(record) {
            found = Some(commit.to_owned());
        } else if found.is_some() {
            break;
        }
    }
    Ok(found)
}

/// `codegen --check`'s word on the version: fails (with the reason) when the crate changed since
/// its last release in a way the version does not say yet.
pub fn check(
    root: &Path,
    target: &Target,
    output: &Output,
    files: &[File],
    err: &mut dyn Write,
) -> Result<(), String> {
    match since_release(root, target, output, files) {
        SinceRelease::Nothing => Ok(()),
        SinceRelease::First => Err(format!(
            "{CHANGELOG} records no release; run `cargo xtask release`"
        )),
        SinceRelease::Changed {
            record,
            report,
            rust,
            ..
        } => {
            let bump = rust.bump_with(report.bump);
            if bump == Bump::None {
                return Ok(());
            }
            Err(format!(
                "{CLIENT} is at {} but changed since that release: {} (API report: {} breaking, {} additions, {} behaviour; Rust report: {}); run `cargo xtask release`",
                record.version,
                bump.advice(&record.version),
                report.count(Impact::Breaking),
                report.count(Impact::Additive),
                report.count(Impact::Behaviour),
                rust.bump.words(),
            ))
        }
        // Without the history (a copy of the repository that is not a clone) the version cannot
        // be judged; the files still are.
        SinceRelease::Unknown(why) => {
            // A warning that cannot be written is not worth failing the check for.
            let _ = writeln!(err, "warning: the version is not checked: {why}");
            Ok(())
        }
    }
}

/// `cargo xtask release`: [`release_at`] on this workspace, printed.
pub fn release(verify: bool) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    release_at(&root(), verify, &mut out, &mut err)
}

/// Release the Particle client of the workspace at `root`; `verify` runs `cargo publish
/// --dry-run` and undoes the release if it fails.
pub fn release_at(
    root: &Path,
    verify: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let target = codegen::targets(root)
        .into_iter()
        .next()
        .context("no targets")?;
    let (output, files) = match codegen::generate_target(root, &target)? {
        Ok(generated) => generated,
        Err(diagnostics) => {
            writeln!(err, "{}:\n{}", target.spec, lines(&diagnostics))?;
            writeln!(err, "generation failed; nothing was released")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut runtime = None;
    let (version, body, bump) = match since_release(root, &target, &output, &files) {
        SinceRelease::Nothing => {
            writeln!(
                out,
                "nothing changed since release {}; nothing to release",
                target.config.version
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        SinceRelease::Unknown(why) => bail!("cannot compare with the last release: {why}"),
        SinceRelease::First => (target.config.version.clone(), first_release(&output), None),
        SinceRelease::Changed {
            record,
            commit,
            report,
            rust,
        } => {
            writeln!(
                out,
                "compared with release {} (commit {})",
                record.version,
                &commit[..commit.len().min(12)]
            )?;
            let advised = rust.bump_with(report.bump);
            // Files changed with no API change: the documentation did.
            let version = advised
                .max(Bump::Patch)
                .next(&record.version)
                .with_context(|| format!("`{}` is not MAJOR.MINOR.PATCH", record.version))?;
            let mut body = changes_section(&report, &rust, &record.version, &version);
            runtime = runtime_release(root, &commit)?;
            if let Some(runtime) = &runtime {
                body.push_str(&runtime.section());
            }
            (version, body, Some(advised))
        }
    };
    let mut released = target;
    released.config.version = version.clone();
    let Ok((output, mut files)) = codegen::generate_target(root, &released)? else {
        bail!("the crate does not generate at version {version}");
    };
    let runtime_manifest = root.join(RUNTIME).join("Cargo.toml");
    let mut runtime_before = None;
    if let Some(runtime) = &runtime {
        let before = fs::read_to_string(&runtime_manifest)
            .with_context(|| format!("reading {RUNTIME}/Cargo.toml"))?;
        // The generator read the runtime's manifest when it was built: the dependency line of
        // the client takes the new version here, as the next build of xtask will write it.
        for file in files.iter_mut().filter(|f| f.path == "Cargo.toml") {
            file.contents = runtime.dependency(&file.contents);
        }
        files::write_atomically(&runtime_manifest, &runtime.manifest(&before))?;
        runtime_before = Some(before);
        writeln!(
            out,
            "{RUNTIME}: version {} → {} (its sources changed since the release)",
            runtime.from, runtime.to
        )?;
    }
    let record = Record {
        version: version.clone(),
        inputs: output.api.fingerprint.clone(),
        files: files_fingerprint(&files),
    };
    let path = root.join(CHANGELOG);
    let before = fs::read_to_string(&path).ok();
    let section = format!(
        "## {version} ({})\n\n{}\n\n{}",
        today(),
        record.comment(),
        body.trim_end()
    );
    let changelog = with_section(before.as_deref(), &section);
    let crate_dir = root.join(released.dir);
    let old_files: Vec<File> = files
        .iter()
        .filter_map(|f| {
            fs::read_to_string(crate_dir.join(&f.path))
                .ok()
                .map(|contents| File {
                    path: f.path.clone(),
                    contents,
                })
        })
        .collect();
    let changed = files::write(&crate_dir, &files)?;
    files::write_atomically(&path, &changelog)?;
    writeln!(
        out,
        "{}: version {version}, {changed} file(s) updated; {CHANGELOG}: section {version} added",
        released.dir,
    )?;
    if verify && !publish_dry_run(root, &released.config.name, out)? {
        // Put back what the release wrote: a failed release leaves the tree as it found it.
        for file in &old_files {
            files::write_atomically(&crate_dir.join(&file.path), &file.contents)?;
        }
        match &before {
            Some(text) => files::write_atomically(&path, text)?,
            None => fs::remove_file(&path).with_context(|| format!("removing {CHANGELOG}"))?,
        }
        if let Some(before) = &runtime_before {
            files::write_atomically(&runtime_manifest, before)?;
        }
        writeln!(
            err,
            "`cargo publish --dry-run` failed; the release was undone"
        )?;
        return Ok(ExitCode::FAILURE);
    }
    writeln!(
        out,
        "\ncommit message:\n\n{}",
        commit_message(&released.config.name, &version, bump, &section)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A new version of the runtime crate, published with the client's release.
struct RuntimeRelease {
    from: String,
    to: String,
    report: RustReport,
}

impl RuntimeRelease {
    /// The runtime's manifest at the new version.
    fn manifest(&self, text: &str) -> String {
        text.replacen(
            &format!("version = \"{}\"", self.from),
            &format!("version = \"{}\"", self.to),
            1,
        )
    }

    /// The client's manifest depending on the new version.
    fn dependency(&self, text: &str) -> String {
        text.replacen(
            &format!("{RUNTIME} = {{ version = \"{}\"", self.from),
            &format!("{RUNTIME} = {{ version = \"{}\"", self.to),
            1,
        )
    }

    /// Its part of the changelog section.
    fn section(&self) -> String {
        let mut text = format!(
            "\n### `{RUNTIME}` {} → {}\n\nThe runtime's sources changed since the last release. Its public API:\n\n",
            self.from, self.to
        );
        let changes: Vec<_> = self.report.changes.iter().filter(|c| !c.hidden).collect();
        if changes.is_empty() {
            text.push_str("- no change (documentation or behaviour only).\n");
        }
        for change in changes {
            text.push_str(&format!("- {}\n", change.line()));
        }
        text
    }
}

/// The runtime's release, when its files changed since `commit` and its version did not: the
/// bump its public API report calls for (a patch at least).
fn runtime_release(root: &Path, commit: &str) -> Result<Option<RuntimeRelease>> {
    let changed = git(root, &["diff", "--name-only", commit, "--", RUNTIME])?;
    if changed.trim().is_empty() {
        return Ok(None);
    }
    let version_at = |text: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix("version = "))
            .map(|v| v.trim_matches('"').to_owned())
    };
    let manifest = format!("{RUNTIME}/Cargo.toml");
    let before = version_at(&git(root, &["show", &format!("{commit}:{manifest}")])?);
    let now = version_at(&fs::read_to_string(root.join(&manifest))?);
    let (Some(from), Some(now)) = (before, now) else {
        bail!("{manifest} has no version");
    };
    if from != now {
        // Bumped already (by hand, or by a release not yet committed).
        return Ok(None);
    }
    let old = crate::diff::crate_sources_at(root, commit, RUNTIME)?;
    let new = sources_on_disk(&root.join(RUNTIME))?;
    let new_files: Vec<File> = new
        .into_iter()
        .map(|(path, contents)| File { path, contents })
        .collect();
    let report = crate::diff::rust_report(&old, &new_files)
        .map_err(|why| anyhow::anyhow!("the runtime's public API: {why}"))?;
    let to = report
        .bump
        .max(Bump::Patch)
        .next(&from)
        .with_context(|| format!("`{from}` is not MAJOR.MINOR.PATCH"))?;
    Ok(Some(RuntimeRelease { from, to, report }))
}

/// The `src/**/*.rs` files of the crate in `dir`: (path from `dir`, text), sorted.
fn sources_on_disk(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for path in files::files_below(&dir.join("src"))? {
        if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            found.push((relative, fs::read_to_string(&path)?));
        }
    }
    found.sort();
    Ok(found)
}

/// `cargo publish --dry-run` for the runtime and the client, together (the client depends on
/// the runtime by path; Cargo packages both and builds the client against the packaged
/// runtime). True when it passes.
fn publish_dry_run(root: &Path, client: &str, out: &mut dyn Write) -> Result<bool> {
    let target = root.join("target").join("publish-dry-run");
    forget_packaged_builds(&[RUNTIME, client], &target);
    writeln!(out, "cargo publish --dry-run -p {RUNTIME} -p {client}")?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "publish",
            "--dry-run",
            "--allow-dirty",
            "--quiet",
            "-p",
            RUNTIME,
            "-p",
            client,
        ])
        .arg("--target-dir")
        .arg(&target)
        .current_dir(root)
        .status()
        .context("running cargo publish --dry-run")?;
    Ok(status.success())
}

/// Forget what an earlier dry run made of `packages`. The dry run packages them into a temporary
/// local registry, and Cargo takes a registry's package for immutable: it unpacks it into
/// `registry/src/-<hash>/<name>-<version>/` under its home once, and reuses what it built of it.
/// A release run again for the same version (after a failed or undone one) would build the
/// client against the runtime as it was then. So the unpacked folders go (local registries'
/// folders start with `-`; crates.io's and other remote ones are left alone), and so do the
/// packages' fingerprints in the dry run's own target dir, which makes Cargo build them again.
fn forget_packaged_builds(packages: &[&str], target: &Path) {
    if let Ok(entries) = fs::read_dir(target.join("debug").join(".fingerprint")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if packages.iter().any(|package| is_build_of(&name, package)) {
                // Best effort: a fingerprint left behind is the stale case this avoids.
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    forget_unpacked_packages(packages);
}

/// Whether a fingerprint folder (`client-runtime-0a1b…`) is one of `package`'s builds.
fn is_build_of(folder: &str, package: &str) -> bool {
    folder
        .strip_prefix(package)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Remove the folders under Cargo's home where local registries' copies of `packages` were
/// unpacked (see [`forget_packaged_builds`]).
fn forget_unpacked_packages(packages: &[&str]) {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(sources) = home.map(|home| home.join("registry").join("src")) else {
        return;
    };
    let Ok(registries) = fs::read_dir(&sources) else {
        return;
    };
    for registry in registries.flatten() {
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        let Ok(unpacked) = fs::read_dir(registry.path()) else {
            continue;
        };
        for package in unpacked.flatten() {
            let name = package.file_name().to_string_lossy().into_owned();
            let ours = packages.iter().any(|ours| {
                name.strip_prefix(ours)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
            });
            if ours {
                // Best effort: a folder left behind is the stale case this avoids, not an error.
                let _ = fs::remove_dir_all(package.path());
            }
        }
    }
}

/// The first release's section: what the crate holds.
fn first_release(output: &Output) -> String {
    let api = &output.api;
    format!(
        "First release, generated from {} {}: {} methods on `Client`, {} models, {} security schemes.\n",
        api.title,
        api.version,
        api.operations.len(),
        api.models.len(),
        api.security_schemes.len()
    )
}

/// A release's section body: the API report (its sections under the release's heading), the
/// Rust report's lines, and the semver line.
fn changes_section(report: &Report, rust: &RustReport, from: &str, to: &str) -> String {
    let mut text = String::new();
    let rust_changes: Vec<_> = rust.changes.iter().filter(|c| !c.hidden).collect();
    if report.changes.is_empty() && rust_changes.is_empty() {
        text.push_str("Documentation only: no change to the API.\n\n");
    }
    for line in report.markdown(None).lines() {
        if line.starts_with("## API changes")
            || line.starts_with("Semver:")
            || line.starts_with("No change to the generated API")
        {
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    let mut text = text.trim_start().to_owned();
    if !rust_changes.is_empty() {
        text.push_str("### Public Rust API\n\n");
        // Breaking changes and behaviour in full; additions, which the API report above
        // mostly names already, up to a few.
        let additions: Vec<_> = rust_changes
            .iter()
            .filter(|c| c.impact == Impact::Additive)
            .collect();
        for change in rust_changes.iter().filter(|c| c.impact != Impact::Additive) {
            let impact = match change.impact {
                Impact::Breaking => "breaking",
                _ => "behaviour",
            };
            text.push_str(&format!("- {impact}: {}\n", change.line()));
        }
        for change in additions.iter().take(RUST_ADDITIONS) {
            text.push_str(&format!("- added: {}\n", change.line()));
        }
        if additions.len() > RUST_ADDITIONS {
            text.push_str(&format!(
                "- … and {} more additions (`cargo xtask diff --base` the previous release's commit lists them all)\n",
                additions.len() - RUST_ADDITIONS
            ));
        }
        text.push('\n');
    }
    text.push_str(&format!(
        "Semver: {} ({from} → {to}).\n",
        rust.bump_with(report.bump).words()
    ));
    text
}

/// The changelog with `section` as its newest.
fn with_section(changelog: Option<&str>, section: &str) -> String {
    const HEAD: &str = "# Changelog\n\nEvery release of the Particle client, newest first. `cargo xtask release` writes each section from the change report (the comment under its heading records what it was generated from); the prose around them is the maintainers'.\n";
    let text = changelog.unwrap_or(HEAD);
    let section = section.trim();
    match text.find("\n## ") {
        Some(at) => format!(
            "{}\n\n{section}\n\n{}",
            text[..at].trim_end(),
            &text[at + 1..]
        ),
        None => format!("{}\n\n{section}\n", text.trim_end()),
    }
}

/// The release's commit message: the crate, the version and the kind of change (`None`: the
/// first release), then the section.
fn commit_message(name: &str, version: &str, bump: Option<Bump>, section: &str) -> String {
    let what = match bump {
        None => "first release",
        Some(Bump::Major) => "breaking changes",
        Some(Bump::Minor) => "additions",
        Some(Bump::Patch) => "behaviour changes",
        Some(Bump::None) => "documentation",
    };
    let body: Vec<&str> = section
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with("<!--"))
        .collect();
    format!("{name} {version}: {what}\n\n{}", body.join("\n").trim())
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_date(i64::try_from(seconds / 86_400).unwrap_or(0));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day counted from 1970-01-01, by whole 400-year eras
/// (146,097 days each) and the March-based year inside one.
fn civil_date(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468; // from 0000-03-01
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_counted_from_the_epoch() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(20_793), (2026, 12, 6));
        assert_eq!(civil_date(-1), (1969, 12, 31));
    }

    #[test]
    fn the_newest_record_is_read_back() {
        let record = Record {
            version: "0.2.0".to_owned(),
            inputs: "fnv1a64:1".to_owned(),
            files: "fnv1a64:2".to_owned(),
        };
        let older = Record {
            version: "0.1.0".to_owned(),
            ..record.clone()
        };
        let first = with_section(None, &format!("## 0.1.0\n\n{}\n\nFirst.", older.comment()));
        let second = with_section(
            Some(&first),
            &format!("## 0.2.0\n\n{}\n\nSecond.", record.comment()),
        );
        assert_eq!(Record::newest(&second), Some(record));
        assert!(second.starts_with("# Changelog\n"));
        let newer = second.find("## 0.2.0").unwrap_or(usize::MAX);
        let older = second.find("## 0.1.0").unwrap_or(0);
        assert!(newer < older, "{second}");
    }

    #[test]
    fn versions_before_one_bump_as_cargo_reads_them() {
        assert_eq!(Bump::Major.next("0.1.3").as_deref(), Some("0.2.0"));
        assert_eq!(Bump::Minor.next("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Bump::Patch.next("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Bump::Major.next("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Minor.next("1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Bump::None.next("1.4.2"), None);
        assert_eq!(Bump::Major.advice("0.1.0"), "breaking: 0.1.0 → 0.2.0");
    }
}
