//! What `codegen` prints about a run, on one screen: stale repairs (each once, where it is and
//! what it was for), new diagnostics, the API changes since `HEAD` in wire and Rust terms, the
//! semver advice, and one line per overlay file. `--verbose` adds every action and every
//! diagnostic.

use std::fmt::Write as _;

use generator::diag::Diagnostic;
use generator::diff::{Bump, Change, Impact, Report};
use generator::overlay::ActionReport;
use generator::pipeline::Output;
use generator::public_api::{RustChange, RustReport};

/// How many items of a list the short summary shows before "… and N more".
const FIRST: usize = 3;
/// How many stale repairs and new diagnostics it shows.
const LISTED: usize = 5;
/// How wide a line of overlay files may grow.
const OVERLAY_LINE: usize = 96;

/// How the inputs compare with those at `HEAD`.
pub enum SinceHead {
    /// They are the ones `HEAD` holds.
    Same,
    /// They changed: what that does to the API, and the diagnostics `HEAD`'s inputs gave.
    Changed {
        /// The API changes.
        report: Report,
        /// The diagnostics of the run on `HEAD`'s inputs.
        diagnostics: Vec<Diagnostic>,
    },
    /// No comparison could be made, and why.
    Unavailable(String),
}

/// One run of a checked-in crate, as its summary shows it.
pub struct Summary<'a> {
    /// The crate's name and version.
    pub krate: (&'a str, &'a str),
    /// The run.
    pub output: &'a Output,
    /// The comparison with `HEAD`.
    pub since: &'a SinceHead,
    /// The crate's public Rust API against the crate at `HEAD`, or why there is none.
    pub rust: &'a Result<RustReport, String>,
    /// Every action and diagnostic, not only the first few.
    pub verbose: bool,
}

impl Summary<'_> {
    /// The summary's lines.
    pub fn render(&self) -> String {
        let mut text = String::new();
        let api = &self.output.api;
        let (name, version) = self.krate;
        let _ = write!(
            text,
            "{name} {version}, from {} {}: {} operations, {} models, {} security schemes",
            api.title,
            api.version,
            api.operations.len(),
            api.models.len(),
            api.security_schemes.len()
        );
        self.stale(&mut text);
        self.diagnostics(&mut text);
        self.changes(&mut text);
        self.rust(&mut text);
        self.semver(&mut text);
        self.overlays(&mut text);
        text
    }

    /// Stale repairs, each once: where the action is and what it was for.
    fn stale(&self, text: &mut String) {
        let stale: Vec<&Diagnostic> = self
            .output
            .diagnostics
            .iter()
            .filter(|d| d.code == "stale-repair")
            .collect();
        if stale.is_empty() {
            return;
        }
        let _ = write!(
            text,
            "\nstale repairs ({}): each matches nothing in the spec; fix or delete it",
            stale.len()
        );
        for diagnostic in self.first(&stale, LISTED) {
            let action = self.action_of(diagnostic);
            let place = diagnostic
                .location
                .as_ref()
                .map_or_else(|| diagnostic.pointer.clone(), ToString::to_string);
            let what = action
                .map(|a| {
                    let about = a.description.as_deref().unwrap_or("no description");
                    format!(
                        "action #{} `{}`: {}",
                        a.index,
                        a.target,
                        first_sentence(about)
                    )
                })
                .unwrap_or_else(|| diagnostic.message.clone());
            let _ = write!(text, "\n  {place}: {what}");
        }
        self.more(text, stale.len(), LISTED);
    }

    /// The action a `stale-repair` diagnostic is about (its pointer is `/actions/N/target`).
    fn action_of(&self, diagnostic: &Diagnostic) -> Option<&ActionReport> {
        let index: usize = diagnostic
            .pointer
            .strip_prefix("/actions/")?
            .split('/')
            .next()?
            .parse()
            .ok()?;
        let file = diagnostic.location.as_ref()?.file.as_str();
        self.output
            .actions
            .iter()
            .find(|a| a.index == index && a.overlay == file)
    }

    /// Diagnostics the inputs at `HEAD` did not give (all of them when there is no comparison),
    /// and how many others there are.
    fn diagnostics(&self, text: &mut String) {
        let all: Vec<&Diagnostic> = self
            .output
            .diagnostics
            .iter()
            .filter(|d| d.code != "stale-repair")
            .collect();
        let (fresh, title): (Vec<&Diagnostic>, &str) = match self.since {
            SinceHead::Changed { diagnostics, .. } => {
                (new_since(&all, diagnostics), "new diagnostics since HEAD")
            }
            SinceHead::Same => (Vec::new(), ""),
            SinceHead::Unavailable(_) => (all.clone(), "diagnostics"),
        };
        let known = all.len() - fresh.len();
        let others = match (known, self.verbose) {
            (0, _) => String::new(),
            (_, true) => format!("; {known} more, as at HEAD, below"),
            (_, false) => format!("; {known} more, as at HEAD: `--verbose` lists them"),
        };
        if !fresh.is_empty() {
            let _ = write!(text, "\n{title} ({}{others}):", fresh.len());
            for diagnostic in self.first(&fresh, LISTED) {
                let _ = write!(text, "\n  {diagnostic}");
            }
            self.more(text, fresh.len(), LISTED);
        } else if known > 0 {
            let listed = if self.verbose {
                ":"
            } else {
                " (`--verbose` lists them)"
            };
            let _ = write!(text, "\ndiagnostics: {known}, as at HEAD{listed}");
        }
        if self.verbose {
            for diagnostic in all.iter().filter(|d| !fresh.contains(d)) {
                let _ = write!(text, "\n  {diagnostic}");
            }
        }
    }

    /// The API changes since `HEAD`, counted and the first few of each kind, and the semver
    /// advice.
    fn changes(&self, text: &mut String) {
        match self.since {
            SinceHead::Same => {
                text.push_str("\nAPI changes since HEAD: none (the inputs are those HEAD holds)");
            }
            SinceHead::Unavailable(why) => {
                let _ = write!(
                    text,
                    "\nAPI changes since HEAD: unknown ({why}); compare with `cargo xtask diff --base REV`"
                );
            }
            SinceHead::Changed { report, .. } if report.changes.is_empty() => {
                text.push_str(
                    "\nAPI changes since HEAD: none (the inputs changed; the API they give did not)",
                );
            }
            SinceHead::Changed { report, .. } => {
                let _ = write!(
                    text,
                    "\nAPI changes since HEAD: {} breaking, {} additions, {} behaviour",
                    report.count(Impact::Breaking),
                    report.count(Impact::Additive),
                    report.count(Impact::Behaviour),
                );
                for (impact, label) in [
                    (Impact::Breaking, "breaking"),
                    (Impact::Additive, "added"),
                    (Impact::Behaviour, "behaviour"),
                ] {
                    let changes: Vec<&Change> = report
                        .changes
                        .iter()
                        .filter(|c| c.impact == impact)
                        .collect();
                    for change in self.first(&changes, FIRST) {
                        let _ = write!(text, "\n  {label}: {}", change.line());
                    }
                    self.more(text, changes.len(), FIRST);
                }
            }
        }
    }

    /// The Rust report: its counts, and its first lines when the API report has none (a change
    /// of the generator's, not of the inputs).
    fn rust(&self, text: &mut String) {
        let report = match self.rust {
            Ok(report) => report,
            Err(why) => {
                let _ = write!(text, "\nRust API since HEAD: not compared ({why})");
                return;
            }
        };
        let shown: Vec<&RustChange> = report.changes.iter().filter(|c| !c.hidden).collect();
        let count = |impact| shown.iter().filter(|c| c.impact == impact).count();
        if shown.is_empty() {
            text.push_str("\nRust API changes since HEAD: none");
            return;
        }
        let _ = write!(
            text,
            "\nRust API changes since HEAD: {} breaking, {} additions, {} behaviour (read from the crate's sources)",
            count(Impact::Breaking),
            count(Impact::Additive),
            count(Impact::Behaviour),
        );
        let api_lists =
            matches!(self.since, SinceHead::Changed { report, .. } if !report.changes.is_empty());
        if api_lists && !self.verbose {
            return;
        }
        for (impact, label) in [
            (Impact::Breaking, "breaking"),
            (Impact::Additive, "added"),
            (Impact::Behaviour, "behaviour"),
        ] {
            let changes: Vec<&RustChange> = shown
                .iter()
                .copied()
                .filter(|c| c.impact == impact)
                .collect();
            for change in self.first(&changes, FIRST) {
                let _ = write!(text, "\n  {label}: {}", change.line());
            }
            self.more(text, changes.len(), FIRST);
        }
    }

    /// The version the changes call for: the larger of the API and Rust reports' bumps.
    fn semver(&self, text: &mut String) {
        let api = match self.since {
            SinceHead::Changed { report, .. } => report.bump,
            _ => Bump::None,
        };
        let rust = self.rust.as_ref().map_or(Bump::None, |r| r.bump);
        let bump = api.max(rust);
        if bump == Bump::None {
            return;
        }
        let (_, version) = self.krate;
        let _ = write!(
            text,
            "\nsemver: {} (API report: {}, Rust report: {}; `cargo xtask release` applies it, `cargo xtask diff --base HEAD` has both reports)",
            bump.advice(version),
            api.words(),
            rust.words()
        );
    }

    /// Each overlay file with its action count and matches (and how many are stale), several
    /// to a line so that the areas of a large API still fit on a screen; with `--verbose`, one
    /// line per file and every action under it.
    fn overlays(&self, text: &mut String) {
        let actions = &self.output.actions;
        if actions.is_empty() {
            return;
        }
        let files: Vec<&[ActionReport]> = actions.chunk_by(|a, b| a.overlay == b.overlay).collect();
        let stale = actions.iter().filter(|a| a.matched == 0).count();
        let _ = write!(
            text,
            "\noverlays: {} files, {} actions, {stale} stale{}",
            files.len(),
            actions.len(),
            if self.verbose {
                ""
            } else {
                "; each file's actions/matches (`--verbose` lists every action):"
            }
        );
        let entries: Vec<String> = files
            .iter()
            .map(|file| {
                let matched: usize = file.iter().map(|a| a.matched).sum();
                let stale = file.iter().filter(|a| a.matched == 0).count();
                let stale = if stale > 0 {
                    format!(" ({stale} STALE)")
                } else {
                    String::new()
                };
                format!(
                    "{} {}/{matched}{stale}",
                    short_name(file_name(file)),
                    file.len()
                )
            })
            .collect();
        if !self.verbose {
            let mut line = String::new();
            for entry in entries {
                if !line.is_empty() && line.len() + 2 + entry.len() > OVERLAY_LINE {
                    let _ = write!(text, "\n  {line}");
                    line.clear();
                }
                if !line.is_empty() {
                    line.push_str("  ");
                }
                line.push_str(&entry);
            }
            if !line.is_empty() {
                let _ = write!(text, "\n  {line}");
            }
            return;
        }
        for (file, entry) in files.iter().zip(entries) {
            let _ = write!(text, "\n  {entry}");
            for action in *file {
                let _ = write!(
                    text,
                    "\n      #{:<2} {:>3} match(es)  {}{}{}",
                    action.index,
                    action.matched,
                    action.target,
                    if action.matched == 0 { "  STALE" } else { "" },
                    action
                        .description
                        .as_deref()
                        .map_or_else(String::new, |d| format!(": {}", first_sentence(d)))
                );
            }
        }
    }

    /// The first `n` of `items`, or all of them with `--verbose`.
    fn first<'i, T>(&self, items: &'i [T], n: usize) -> &'i [T] {
        if self.verbose {
            items
        } else {
            &items[..items.len().min(n)]
        }
    }

    /// "… and N more" when the short summary left some out.
    fn more(&self, text: &mut String, total: usize, shown: usize) {
        if !self.verbose && total > shown {
            let _ = write!(text, "\n  … and {} more (`--verbose`)", total - shown);
        }
    }
}

/// Diagnostics of `now` that `before` did not have. The same finding keeps its code and message
/// when lines move or a parameter's index changes, so those are what identify it; each of
/// `before` accounts for one of `now`.
fn new_since<'a>(now: &[&'a Diagnostic], before: &[Diagnostic]) -> Vec<&'a Diagnostic> {
    let mut unused: Vec<&Diagnostic> = before.iter().collect();
    now.iter()
        .filter(|d| {
            match unused
                .iter()
                .position(|o| (o.code, &o.message) == (d.code, &d.message))
            {
                Some(at) => {
                    unused.swap_remove(at);
                    false
                }
                None => true,
            }
        })
        .copied()
        .collect()
}

fn file_name(actions: &[ActionReport]) -> &str {
    actions.first().map_or("", |a| a.overlay.as_str())
}

/// An overlay file by its name alone: `specs/particle/10-auth.overlay.yaml` → `10-auth`.
fn short_name(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(".overlay.").next().unwrap_or(name)
}

/// The first sentence of a description, for a one-line mention.
fn first_sentence(text: &str) -> &str {
    let line = text.lines().next().unwrap_or(text);
    match line.find(". ") {
        Some(end) => &line[..=end],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use generator::diag::Diagnostic;

    #[test]
    fn a_finding_whose_pointer_moved_is_not_new() {
        let at = |pointer: &str, message: &str| {
            Diagnostic::warning("untyped-parameter", pointer.to_owned(), message.to_owned())
        };
        let before = vec![at("/p/2", "parameter `a` has no `type`")];
        let moved = at("/p/3", "parameter `a` has no `type`");
        let other = at("/p/4", "parameter `b` has no `type`");
        let now = [&moved, &other];
        let fresh = new_since(&now, &before);
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh[0].message, "parameter `b` has no `type`");
    }

    #[test]
    fn overlay_files_are_named_short() {
        assert_eq!(short_name("specs/particle/10-auth.overlay.yaml"), "10-auth");
        assert_eq!(short_name("fixes.yaml"), "fixes.yaml");
        assert_eq!(first_sentence("Adds it. Then more."), "Adds it.");
    }
}
