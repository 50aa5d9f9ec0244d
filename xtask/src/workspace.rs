//! Where things are in the workspace: the Particle inputs, the checked-in crates, the root.

use std::path::{Path, PathBuf};

/// The upstream spec, byte for byte as published.
pub const SPEC: &str = "specs/particle.swagger.yaml";
/// Every repair and completion of it: Overlay 1.0 files, one per API area, applied in file-name
/// order.
pub const OVERLAYS: &str = "specs/particle";
/// The runtime crate every generated client uses.
pub const RUNTIME: &str = "client-runtime";
/// Where the checked-in client lives.
pub const CLIENT: &str = "generated-client";
/// The fixture spec covering what the Particle client does not use (unions, per-status errors,
/// API keys, parameter styles); its crate is checked in too, with wire tests of its own.
pub const FEATURES_SPEC: &str = "generator/tests/fixtures/pipeline/wire_features.yaml";
/// Where the features crate lives.
pub const FEATURES: &str = "generator/tests/clients/features";
/// The runtime of the generated command-line tools.
pub const CLI_RUNTIME: &str = "cli-runtime";
/// Where the checked-in Particle command-line tool lives.
pub const CLI: &str = "generated-cli";
/// Where the features spec's command-line tool lives.
pub const FEATURES_CLI: &str = "generator/tests/clients/features-cli";

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
