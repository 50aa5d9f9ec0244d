//! Overlay files as the commands take them (reading them is `generator_cli::overlays`'s), and
//! as they are at a git revision, for `diff --base`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
pub use generator_cli::overlays::{OverlayText, is_overlay_file, read, sources};

/// Read every overlay `paths` name as it is at git revision `rev` (paths from the repository's
/// root `root`); names are `REV:path`.
pub fn read_at(root: &Path, rev: &str, paths: &[impl AsRef<str>]) -> Result<Vec<OverlayText>> {
    let mut overlays = Vec::new();
    for path in paths {
        let path = path.as_ref().trim_end_matches('/');
        // A folder at `rev` lists its entries; a file lists itself.
        let listing = git(
            root,
            &["ls-tree", "--name-only", rev, "--", &format!("{path}/")],
        )?;
        let mut files: Vec<String> = listing
            .lines()
            .filter(|line| is_overlay_file(line))
            .map(str::to_owned)
            .collect();
        if files.is_empty() {
            files.push(path.to_owned());
        }
        files.sort();
        for file in files {
            let text = git(root, &["show", &format!("{rev}:{file}")])?;
            overlays.push(OverlayText {
                name: format!("{rev}:{file}"),
                text,
            });
        }
    }
    Ok(overlays)
}

/// `git ARGS` in `root`, its standard output.
pub fn git(root: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("running git")?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).context("git printed something that is not UTF-8")
}
