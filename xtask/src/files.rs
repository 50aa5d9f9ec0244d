//! Writing a generated crate: compare in memory, replace each file atomically, find stale files.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use generator::emit::File;

/// A difference between the generated files and what is on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Drift {
    /// The file is missing or its contents differ.
    Changed(PathBuf),
    /// A file in a generated folder that the generator no longer produces.
    Stale(PathBuf),
}

/// Folders (relative to the crate root) whose every file must be generated.
const GENERATED_DIRS: &[&str] = &["src"];

/// Every way `root` differs from `files`, without writing anything.
pub fn drift(root: &Path, files: &[File]) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() != Some(file.contents.as_str()) {
            drift.push(Drift::Changed(path));
        }
    }
    for dir in GENERATED_DIRS {
        let mut stale: Vec<Drift> = files_below(&root.join(dir))?
            .into_iter()
            .filter(|path| !files.iter().any(|file| root.join(&file.path) == *path))
            .map(Drift::Stale)
            .collect();
        stale.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        drift.extend(stale);
    }
    Ok(drift)
}

/// Every file below `dir` (none if it does not exist).
fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.with_context(|| format!("reading {}", dir.display()))?.path();
            if path.is_dir() { pending.push(path) } else { found.push(path) }
        }
    }
    Ok(found)
}

/// Write `files` under `root`: each through a temporary file renamed into place, so a reader never
/// sees half a file; then delete stale generated files.
pub fn write(root: &Path, files: &[File]) -> Result<usize> {
    let drift = drift(root, files)?;
    for item in &drift {
        match item {
            Drift::Changed(path) => {
                let contents = files
                    .iter()
                    .find(|file| root.join(&file.path) == *path)
                    .map(|file| file.contents.as_str())
                    .unwrap_or_default();
                write_atomically(path, contents)?;
            }
            Drift::Stale(path) => {
                fs::remove_file(path).with_context(|| format!("removing stale {}", path.display()))?;
            }
        }
    }
    Ok(drift.len())
}

fn write_atomically(path: &Path, contents: &str) -> Result<()> {
    let dir = path.parent().context("a generated file has no parent folder")?;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = path.file_name().context("a generated file has no name")?.to_string_lossy();
    let temporary = dir.join(format!(".{name}.tmp"));
    fs::write(&temporary, contents).with_context(|| format!("writing {}", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn files() -> Vec<File> {
        vec![
            File { path: "Cargo.toml".into(), contents: "[package]\n".into() },
            File { path: "src/lib.rs".into(), contents: "//! lib\n".into() },
        ]
    }

    #[test]
    fn a_hand_edit_and_a_stale_file_are_drift_and_write_repairs_both() -> Result<()> {
        let root = scratch("drift");
        assert_eq!(write(&root, &files())?, 2);
        assert!(drift(&root, &files())?.is_empty());

        fs::write(root.join("src/lib.rs"), "//! lib, edited by hand\n")?;
        fs::write(root.join("src/old.rs"), "//! no longer generated\n")?;
        fs::create_dir_all(root.join("tests"))?;
        fs::write(root.join("tests/wire.rs"), "//! hand-written, not generated\n")?;
        assert_eq!(
            drift(&root, &files())?,
            [Drift::Changed(root.join("src/lib.rs")), Drift::Stale(root.join("src/old.rs"))]
        );

        assert_eq!(write(&root, &files())?, 2);
        assert!(drift(&root, &files())?.is_empty());
        assert!(root.join("tests/wire.rs").exists(), "files outside generated folders are kept");
        assert!(!root.join("src/.lib.rs.tmp").exists(), "no temporary file is left behind");
        fs::remove_dir_all(&root)?;
        Ok(())
    }

    #[test]
    fn a_failed_generation_writes_nothing() -> Result<()> {
        let root = scratch("failed");
        write(&root, &files())?;
        let spec = root.join("broken.yaml");
        fs::write(&spec, "swagger: \"2.0\"\ninfo: [unclosed\n")?;
        let out = root.to_string_lossy().into_owned();
        let code = crate::codegen::generate(&spec.to_string_lossy(), None, &out, None)?;
        assert_eq!(code, std::process::ExitCode::FAILURE);
        assert!(drift(&root, &files())?.is_empty(), "the output folder is untouched");
        fs::remove_dir_all(&root)?;
        Ok(())
    }
}
