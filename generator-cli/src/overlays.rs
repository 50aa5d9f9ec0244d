//! Overlay files as the commands take them: each `--overlay` names a file, or a folder whose
//! `*.yaml` files are applied in file-name order (the Particle client's repairs are split by API
//! area, `specs/particle/00-api.overlay.yaml`, `10-auth.overlay.yaml`, …).

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use generator::pipeline::Source;

/// An overlay read: the name diagnostics use (the path as given, joined with `/`) and its text.
#[derive(Debug, Clone)]
pub struct OverlayText {
    /// The path as given, joined with `/` (what diagnostics name).
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl OverlayText {
    /// The pipeline's view of it.
    pub fn source(&self) -> Source<'_> {
        Source {
            name: &self.name,
            text: &self.text,
        }
    }
}

/// The pipeline's view of every overlay, in order.
pub fn sources(overlays: &[OverlayText]) -> Vec<Source<'_>> {
    overlays.iter().map(OverlayText::source).collect()
}

/// Each of `paths` (relative to `base`, or absolute) as overlay files: a file as itself, a folder
/// as its `*.yaml` files in file-name order. Names keep the path as given.
pub fn expand(base: &Path, paths: &[impl AsRef<str>]) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let full = base.join(path);
        if full.is_dir() {
            let mut names: Vec<String> = fs::read_dir(&full)
                .with_context(|| format!("reading the folder {path}"))?
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|name| is_overlay_file(name))
                .collect();
            if names.is_empty() {
                bail!("the overlay folder {path} holds no *.yaml file");
            }
            names.sort();
            files.extend(names.into_iter().map(|name| join(path, &name)));
        } else {
            files.push(path.to_owned());
        }
    }
    Ok(files)
}

/// Read every overlay `paths` name (see [`expand`]).
pub fn read(base: &Path, paths: &[impl AsRef<str>]) -> Result<Vec<OverlayText>> {
    expand(base, paths)?
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(base.join(&name))
                .with_context(|| format!("reading the overlay {name}"))?;
            Ok(OverlayText { name, text })
        })
        .collect()
}

/// Whether `name` (a path or a file name) is an overlay file a folder contributes.
pub fn is_overlay_file(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    !file.starts_with('.') && (file.ends_with(".yaml") || file.ends_with(".yml"))
}

fn join(folder: &str, name: &str) -> String {
    if folder.ends_with('/') {
        format!("{folder}{name}")
    } else {
        format!("{folder}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_its_yaml_files_in_name_order_and_a_file_is_itself() {
        let dir =
            std::env::temp_dir().join(format!("generator-cli-overlays-{}", std::process::id()));
        let folder = dir.join("area");
        fs::create_dir_all(&folder).expect("folder");
        for name in [
            "20-b.overlay.yaml",
            "00-a.overlay.yaml",
            "notes.md",
            ".hidden.yaml",
        ] {
            fs::write(folder.join(name), "overlay: 1.0.0\n").expect("file");
        }
        fs::write(dir.join("one.yaml"), "overlay: 1.0.0\n").expect("file");
        let files = expand(&dir, &["area", "one.yaml"]).expect("expand");
        assert_eq!(
            files,
            [
                "area/00-a.overlay.yaml",
                "area/20-b.overlay.yaml",
                "one.yaml"
            ]
        );
        let read = read(&dir, &["area/"]).expect("read");
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].name, "area/00-a.overlay.yaml");
        fs::create_dir_all(dir.join("empty")).expect("folder");
        assert!(expand(&dir, &["empty"]).is_err());
        fs::remove_dir_all(&dir).ok();
    }
}
