//! Fuzz target: any bytes, read as (lossy) UTF-8, through the whole pipeline — load, repair,
//! convert, lower, emit — alone, and again split in half as spec and overlay. The generator must
//! never panic or overflow the stack; bad input gives diagnostics.

#![no_main]

use generator::emit::{CrateConfig, Runtime};
use generator::pipeline::{self, Input, OnSkip, Source};
use libfuzzer_sys::fuzz_target;

fn config() -> CrateConfig {
    CrateConfig {
        name: "fuzz-client".to_owned(),
        version: "0.1.0".to_owned(),
        command: "fuzz".to_owned(),
        sources: vec!["spec.yaml".to_owned()],
        workspace_member: false,
        dev_dependencies: Vec::new(),
        runtime: Runtime::Vendored,
        install: None,
        publish: false,
        mock_examples: Vec::new(),
        default_features: Default::default(),
        select: Vec::new(),
        feature_gates: true,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let spec = Source { name: "spec.yaml", text: &text };
    let _ = pipeline::generate(&Input { spec, overlays: &[], on_skip: OnSkip::Warn }, &config());

    // Split at a character boundary at or before the middle.
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let (spec, overlay) = text.split_at(middle);
    let input = Input {
        spec: Source { name: "spec.yaml", text: spec },
        overlays: &[Source { name: "overlay.yaml", text: overlay }],
        on_skip: OnSkip::Warn,
    };
    let _ = pipeline::run(&input);
});
