//! The maintainer's loop, replayed on a copy of the repository: upstream changes its spec,
//! `codegen` runs twice, `release` bumps the version, `codegen --check` passes; then again, for
//! a second release.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail, ensure};
use generator::diff::Bump;

use crate::codegen::{Mode, codegen_at};
use crate::release::{CHANGELOG, release_at};
use crate::workspace::{CLIENT, FEATURES, FEATURES_SPEC, OVERLAYS, SPEC, root};

/// A git repository holding what `codegen` and `release` read and write.
struct Copy {
    dir: PathBuf,
}

impl Copy {
    /// The inputs and crates of this workspace as they are in the working tree, changed by
    /// `setup`, regenerated, and committed as the copy's first commit.
    fn new(name: &str, setup: impl FnOnce(&Self) -> Result<()>) -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        let root = root();
        let listed = git_in(
            &root,
            &[
                "ls-files",
                "-z",
                SPEC,
                OVERLAYS,
                CLIENT,
                FEATURES_SPEC,
                FEATURES,
            ],
        )?;
        for path in listed.split('\0').filter(|p| !p.is_empty()) {
            let from = root.join(path);
            if !from.is_file() {
                continue;
            }
            let to = dir.join(path);
            fs::create_dir_all(to.parent().context("a file at the root")?)?;
            fs::copy(&from, &to).with_context(|| format!("copying {path}"))?;
        }
        // A changelog written since the last commit is copied too.
        let changelog = root.join(CHANGELOG);
        if changelog.is_file() {
            fs::copy(&changelog, dir.join(CHANGELOG))?;
        }
        let copy = Self { dir };
        copy.git(&["init", "-q"])?;
        setup(&copy)?;
        let (code, text) = copy.codegen(Mode::Write)?;
        ensure!(
            code == ExitCode::SUCCESS,
            "the setup does not generate:\n{text}"
        );
        copy.commit("the repository as it is")?;
        Ok(copy)
    }

    fn git(&self, args: &[&str]) -> Result<String> {
        git_in(&self.dir, args)
    }

    fn commit(&self, message: &str) -> Result<()> {
        self.git(&["add", "-A"])?;
        self.git(&[
            "-c",
            "user.name=Maintainer",
            "-c",
            "user.email=maintainer@example.com",
            "commit",
            "-q",
            "-m",
            message,
        ])?;
        Ok(())
    }

    /// Replace `from` (which must occur) with `to` in the upstream spec.
    fn upstream(&self, from: &str, to: &str) -> Result<()> {
        self.edit(SPEC, from, to)
    }

    /// Replace `from` (which must occur) with `to` in the file at `path`.
    fn edit(&self, path: &str, from: &str, to: &str) -> Result<()> {
        let path = self.dir.join(path);
        let text = fs::read_to_string(&path)?;
        ensure!(text.contains(from), "{} has no `{from}`", path.display());
        fs::write(&path, text.replacen(from, to, 1))?;
        Ok(())
    }

    /// `codegen` (or `--check`): its exit code and everything it printed.
    fn codegen(&self, mode: Mode) -> Result<(ExitCode, String)> {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = codegen_at(&self.dir, mode, false, &mut out, &mut err)?;
        out.extend(err);
        Ok((code, String::from_utf8(out)?))
    }

    /// `release` without `cargo publish --dry-run` (the copy is not a workspace).
    fn release(&self) -> Result<String> {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = release_at(&self.dir, false, &mut out, &mut err)?;
        out.extend(err);
        let text = String::from_utf8(out)?;
        ensure!(code == ExitCode::SUCCESS, "release failed:\n{text}");
        Ok(text)
    }

    fn version(&self) -> Result<String> {
        let manifest = fs::read_to_string(self.dir.join(CLIENT).join("Cargo.toml"))?;
        manifest
            .lines()
            .find_map(|line| line.strip_prefix("version = "))
            .map(|v| v.trim_matches('"').to_owned())
            .context("no version in the client's Cargo.toml")
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn git_in(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .context("running git")?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8(output.stdout)?)
}

/// The cargo lines around a run (`Finished …`, `Running …`) leave this much of a 40-line screen.
const SCREEN: usize = 38;

/// The overlay file that repairs the token call.
const AUTH: &str = "specs/particle/10-auth.overlay.yaml";

/// Before the loop: upstream's `grant_type` lists two values, and an overlay action adds a third.
fn grant_types(copy: &Copy) -> Result<()> {
    copy.upstream(
        "        name: grant_type\n        description: OAuth grant type\n",
        "        name: grant_type\n        description: OAuth grant type\n        enum: [password, refresh_token]\n",
    )?;
    let path = copy.dir.join(AUTH);
    let mut text = fs::read_to_string(&path)?;
    text.push_str(
        "  - target: $.paths['/oauth/token'].post.parameters[?@.name == 'grant_type'].enum\n    description: The client credentials grant.\n    update: client_credentials\n",
    );
    fs::write(&path, text)?;
    Ok(())
}

/// Two turns of the loop. The first: upstream renames a form parameter an overlay repairs, adds
/// a required form field, starts declaring a parameter an overlay appends and an enum value an
/// overlay adds; the second: upstream drops its one operation.
#[test]
fn the_loop_turns_twice() -> Result<()> {
    let copy = Copy::new("maintainer-loop", grant_types)?;
    let first = copy.version()?;
    ensure!(
        first.starts_with("0."),
        "the loop is written for 0.x: {first}"
    );
    // Breaking changes before 1.0 bump the minor number: 0.a.b → 0.(a+1).0, twice.
    let breaking = |version: &str| Bump::Major.next(version).context("a version");
    let second_version = breaking(&first)?;
    let third_version = breaking(&second_version)?;
    let advice = format!("semver: breaking: {first} → {second_version}");

    // --- Turn 1 ---------------------------------------------------------------------------
    copy.upstream("name: expires_in", "name: expiresIn")?;
    copy.upstream(
        "      - in: formData\n        name: grant_type\n",
        "      - in: formData\n        name: audience\n        required: true\n        type: string\n        description: The audience of the token.\n      - in: formData\n        name: grant_type\n",
    )?;
    copy.upstream(
        "      responses:\n        200:",
        "      - in: formData\n        name: scope\n        type: string\n        description: Scope of a `client_credentials` token, e.g. `customer=jane@example.com`.\n      responses:\n        200:",
    )?;
    copy.upstream(
        "enum: [password, refresh_token]",
        "enum: [password, refresh_token, client_credentials]",
    )?;
    let (code, _) = copy.codegen(Mode::Write)?;
    ensure!(code == ExitCode::SUCCESS, "the first codegen fails");
    let (code, summary) = copy.codegen(Mode::Write)?;
    ensure!(code == ExitCode::SUCCESS, "the second codegen fails");
    let lines = summary.lines().count();
    ensure!(lines <= SCREEN, "{lines} lines:\n{summary}");
    // Where the repair of `expires_in` starts in the overlay: the stale repair is located there.
    let stale_at = fs::read_to_string(copy.dir.join(AUTH))?
        .lines()
        .position(|line| line.contains("[?@.name == 'expires_in']"))
        .map(|index| format!("10-auth.overlay.yaml:{}:", index + 1))
        .context("the repair of expires_in")?;
    for expected in [
        // The second run still reports the change, in wire and Rust terms.
        "API changes since HEAD: ",
        "`POST /oauth/token` form field `audience`: required field `audience` added",
        "`PostOauthTokenRequest::new` takes a new argument `audience`",
        "breaking",
        // The repair of the renamed parameter is stale, once, where it is and what it was for.
        "stale repairs (1)",
        &format!("specs/particle/{stale_at}"),
        "A number of seconds, 0 meaning never.",
        &advice,
        // Both repairs that upstream caught up with, located in the overlay.
        "warning[redundant-repair]: upstream now declares parameter `scope`",
        "warning[redundant-repair]: upstream now declares enum value `client_credentials`",
        "Rust API changes since HEAD: ",
    ] {
        ensure!(
            summary.contains(expected),
            "the summary lacks `{expected}`:\n{summary}"
        );
    }
    ensure!(
        summary.matches(&stale_at).count() == 1,
        "the stale repair is printed more than once:\n{summary}"
    );
    let released = copy.release()?;
    let second = copy.version()?;
    ensure!(
        second == second_version,
        "{first} → {second} for a breaking change:\n{released}"
    );
    let changelog = fs::read_to_string(copy.dir.join(CHANGELOG))?;
    ensure!(
        changelog.contains(&format!("## {second_version} (")) && changelog.contains("`audience`"),
        "{changelog}"
    );
    let (code, checked) = copy.codegen(Mode::Check)?;
    ensure!(code == ExitCode::SUCCESS, "check after release:\n{checked}");
    copy.commit(&format!("particle-client {second_version}"))?;

    // --- Turn 2 ---------------------------------------------------------------------------
    let spec = fs::read_to_string(copy.dir.join(SPEC))?;
    let (head, rest) = spec.split_once("paths:\n").context("no paths")?;
    let (_, tail) = rest
        .split_once("definitions:\n")
        .context("no definitions")?;
    fs::write(
        copy.dir.join(SPEC),
        format!("{head}paths: {{}}\ndefinitions:\n{tail}"),
    )?;
    // Before the release, the check fails and says why.
    let (code, _) = copy.codegen(Mode::Write)?;
    ensure!(code == ExitCode::SUCCESS, "codegen fails after the removal");
    let (code, checked) = copy.codegen(Mode::Check)?;
    ensure!(
        code == ExitCode::FAILURE && checked.contains("run `cargo xtask release`"),
        "an unreleased breaking change passes the check:\n{checked}"
    );
    let (_, summary) = copy.codegen(Mode::Write)?;
    ensure!(
        summary.lines().count() <= SCREEN
            && summary.contains("`Client::post_oauth_token`")
            && summary.contains("… and "),
        "{summary}"
    );
    copy.release()?;
    ensure!(copy.version()? == third_version);
    let (code, checked) = copy.codegen(Mode::Check)?;
    ensure!(code == ExitCode::SUCCESS, "check after release:\n{checked}");
    Ok(())
}
