//! `Cargo.toml`: the package, the runtime (a dependency or vendored), the crates the generated
//! code names itself, the features.
//!
//! Dependencies and features are taken from the runtime's own manifest, so the two never drift:
//! a vendored runtime brings its dependencies and features as they are; a runtime dependency
//! brings its features, forwarded, and the generated crate lists only what its own code names.

use super::{CrateConfig, Runtime, vendor};
use crate::ir::Api;

/// The crates generated code names itself (models derive `serde`, dates are `chrono`, pages are
/// `futures_util` streams, methods name `reqwest::Method`).
const NAMED_BY_GENERATED_CODE: &[&str] =
    &["chrono", "futures-util", "reqwest", "serde", "serde_json"];

/// The runtime feature a crate whose unions check a `pattern` needs.
const PATTERNS: &str = "patterns";

pub(crate) fn cargo_toml(api: &Api, config: &CrateConfig, header: &str) -> String {
    let description = format!(
        "Typed async client for the {} API, generated from its OpenAPI description.",
        api.title
    );
    let (edition, lints) = if config.workspace_member {
        (
            if config.publish {
                "edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\n"
            } else {
                "edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\npublish = false\n"
            },
            "\n[lints]\nworkspace = true\n",
        )
    } else {
        ("edition = \"2024\"\n", "")
    };
    // A crate that may be published links its documentation on docs.rs.
    let documentation = if config.workspace_member && config.publish {
        format!(
            "documentation = {}\n",
            toml_string(&format!("https://docs.rs/{}", config.name))
        )
    } else {
        String::new()
    };
    let mut toml = format!(
        "{header}[package]\nname = {}\nversion = {}\ndescription = {}\n{documentation}{edition}\n",
        toml_string(&config.name),
        toml_string(&config.version),
        toml_string(&description),
    );
    let (features, dependencies) = match &config.runtime {
        Runtime::Dependency { path } => dependency_form(api, path),
        Runtime::Vendored => vendored_form(api),
    };
    let mut features = features;
    if super::features::default_on(api, config) && !api.features.is_empty() {
        for line in &mut features {
            if feature_name(line) == Some("default") {
                if let Some(start) = line.strip_suffix(']') {
                    let comma = if start.ends_with('[') { "" } else { ", " };
                    *line = format!("{start}{comma}\"{}\"]", crate::lower::FULL_FEATURE);
                }
            }
        }
    }
    features.extend(super::features::manifest_lines(api));
    toml.push_str("[features]\n");
    toml.push_str(&features.join("\n"));
    toml.push_str("\n\n[dependencies]\n");
    toml.push_str(&dependencies.join("\n"));
    toml.push('\n');
    if !config.dev_dependencies.is_empty() {
        toml.push_str("\n[dev-dependencies]\n");
        for line in &config.dev_dependencies {
            toml.push_str(line);
            toml.push('\n');
        }
    }
    for example in &config.mock_examples {
        toml.push_str(&format!(
            "\n[[example]]\nname = {}\nrequired-features = [\"mock\"]\ntest = true\n",
            toml_string(example)
        ));
    }
    // docs.rs documents every feature's items, each marked with what it needs.
    toml.push_str(
        "\n[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n",
    );
    toml.push_str(&format!(
        "\n[package.metadata.generated-from]\nspec-title = {}\nspec-version = {}\nfingerprint = {}\n",
        toml_string(&api.title),
        toml_string(&api.version),
        toml_string(&api.fingerprint)
    ));
    toml.push_str(lints);
    toml
}

/// Features and dependencies of a crate that depends on the runtime at `path`: each runtime
/// feature forwarded under its own name, the runtime's default features the crate's.
fn dependency_form(api: &Api, path: &str) -> (Vec<String>, Vec<String>) {
    let features = vendor::manifest_section("features")
        .into_iter()
        .map(|line| match feature_name(line) {
            Some("default") | None => line.to_owned(),
            Some(name) => format!("{name} = [\"{}/{name}\"]", vendor::PACKAGE),
        })
        .collect();
    let with_patterns = if api.uses_patterns() {
        format!(", features = [\"{PATTERNS}\"]")
    } else {
        String::new()
    };
    let mut dependencies = vec![format!(
        "{} = {{ version = \"{}\", path = {}, default-features = false{with_patterns} }}",
        vendor::PACKAGE,
        vendor::version(),
        toml_string(path),
    )];
    dependencies.extend(
        vendor::manifest_section("dependencies")
            .into_iter()
            .filter(|line| {
                dependency_name(line).is_some_and(|name| NAMED_BY_GENERATED_CODE.contains(&name))
            })
            .map(str::to_owned),
    );
    (features, dependencies)
}

/// Features and dependencies of a crate with the runtime vendored: the runtime's own. Where the
/// crate's unions need `patterns`, with any features or none, its dependencies are not
/// optional and the feature turns nothing more on.
fn vendored_form(api: &Api) -> (Vec<String>, Vec<String>) {
    let always = api.uses_patterns();
    let patterns_line = format!("{PATTERNS} = [\"dep:");
    let mut optional = Vec::new();
    let features = vendor::manifest_section("features")
        .into_iter()
        .map(|line| match line.strip_prefix(&patterns_line) {
            Some(rest) if always => {
                optional.extend(rest.split('"').next().map(str::to_owned));
                format!("{PATTERNS} = []")
            }
            _ => line.to_owned(),
        })
        .collect();
    let dependencies = vendor::manifest_section("dependencies")
        .into_iter()
        .map(|line| match dependency_name(line) {
            Some(name) if optional.iter().any(|dep| dep == name) => {
                line.replace(", optional = true", "")
            }
            _ => line.to_owned(),
        })
        .collect();
    (features, dependencies)
}

/// The runtime's features (`rustls`, `mock`, …), which every generated crate has: no feature of
/// the API may take their names.
pub(crate) fn runtime_features() -> Vec<String> {
    vendor::manifest_section("features")
        .into_iter()
        .filter_map(feature_name)
        .filter(|name| *name != "default")
        .map(str::to_owned)
        .collect()
}

/// The feature a `name = [...]` line declares.
fn feature_name(line: &str) -> Option<&str> {
    dependency_name(line)
}

/// The key of a `key = value` line (not a comment).
fn dependency_name(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(" = ")?;
    (!key.starts_with('#')).then_some(key.trim())
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
