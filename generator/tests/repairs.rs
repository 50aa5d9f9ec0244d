//! Overlay repairs of what upstream now declares (`fixtures/repairs/`, each `NAME.yaml` with
//! `NAME.overlay.yaml` beside it): every `redundant-repair` and `conflicting-repair` located at
//! the overlay's action, its message naming upstream's place; corrections aimed at an entity
//! itself, and restatements of what an earlier action wrote, are not flagged. The snapshot holds
//! every diagnostic of the run.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use generator::pipeline::{self, Input, OnSkip, Source};

/// Every diagnostic of the run over the fixture at `path` and its overlay, one a line.
fn diagnostics(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = fs::read_to_string(path).expect("fixture");
    let overlay_name = name.replace(".yaml", ".overlay.yaml");
    let overlay_text =
        fs::read_to_string(path.with_extension("overlay.yaml")).expect("the fixture's overlay");
    let overlays = [Source {
        name: &overlay_name,
        text: &overlay_text,
    }];
    let input = Input {
        spec: Source {
            name: &name,
            text: &text,
        },
        overlays: &overlays,
        on_skip: OnSkip::Warn,
    };
    let (outcome, found) = match pipeline::run(&input) {
        Ok(output) => ("", output.diagnostics),
        Err(diagnostics) => ("== failed\n", diagnostics),
    };
    if found.is_empty() {
        return format!("{outcome}no diagnostics");
    }
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    format!("{outcome}{}", lines.join("\n"))
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/repairs/*.yaml", |path| {
        if path.to_string_lossy().ends_with(".overlay.yaml") {
            return;
        }
        insta::assert_snapshot!(diagnostics(path));
    });
}
