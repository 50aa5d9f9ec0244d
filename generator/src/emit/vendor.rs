//! The runtime crate (`client-runtime/` in this repository) as the generator carries it: its
//! sources, copied into a generated crate's `src/runtime/` when the runtime is vendored, and its
//! manifest, which the generated `Cargo.toml` takes its dependencies and features from.
//!
//! Vendoring rewrites crate paths only: `crate::` becomes `crate::runtime::`, `$crate::`
//! becomes `$crate::runtime::`, and `client_runtime::` in doc examples becomes the generated
//! crate's `runtime` module, except for the macros, which `#[macro_export]` puts at the root of
//! whichever crate defines them.

use super::File;

/// A file of the runtime's `src/`, by name.
macro_rules! source {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../../client-runtime/src/", $name)),
        )
    };
}

/// Every file of the runtime's `src/` (a test compares the list with the folder).
pub(crate) const SOURCES: &[(&str, &str)] = &[
    source!("alternatives.rs"),
    source!("api.rs"),
    source!("api_client.rs"),
    source!("auth.rs"),
    source!("call.rs"),
    source!("client.rs"),
    source!("decode.rs"),
    source!("error.rs"),
    source!("event_kinds.rs"),
    source!("hook.rs"),
    source!("lenient.rs"),
    source!("lib.rs"),
    source!("mock.rs"),
    source!("nullable.rs"),
    source!("oauth.rs"),
    source!("options.rs"),
    source!("pages.rs"),
    source!("pattern.rs"),
    source!("redact.rs"),
    source!("request.rs"),
    source!("response.rs"),
    source!("retry.rs"),
    source!("scheme.rs"),
    source!("secret.rs"),
    source!("sse.rs"),
    source!("style.rs"),
    source!("trace.rs"),
    source!("uuid.rs"),
];

/// The runtime's `Cargo.toml`.
pub(crate) const MANIFEST: &str = include_str!("../../../client-runtime/Cargo.toml");

/// The runtime's package name, as a dependency names it.
pub(crate) const PACKAGE: &str = "client-runtime";

/// The runtime's library name, as its doc examples name it.
const LIBRARY: &str = "client_runtime";

/// The macros the runtime exports, which stay at the crate root when vendored.
const MACROS: &[&str] = &["api_client", "decode_object", "decode_enum"];

/// The line that compiles the runtime's `pattern` module only with the `patterns` feature.
const PATTERN_GATE: &str = "#[cfg(feature = \"patterns\")]\n#[doc(hidden)]\npub mod pattern;";

/// The runtime's files as `src/runtime/` of the crate `crate_ident`, each after `header`. With
/// `patterns`, the crate's unions check patterns, whatever its features: the `pattern` module is
/// always compiled.
pub(crate) fn files(crate_ident: &str, header: &str, patterns: bool) -> Vec<File> {
    SOURCES
        .iter()
        .map(|(name, text)| {
            let name = if *name == "lib.rs" { "mod.rs" } else { name };
            let mut text = rewrite(text, crate_ident);
            if patterns && name == "mod.rs" {
                text = text.replace(PATTERN_GATE, "#[doc(hidden)]\npub mod pattern;");
            }
            File {
                path: format!("src/runtime/{name}"),
                contents: format!("{header}{text}"),
            }
        })
        .collect()
}

/// `text` with the crate paths of the runtime crate made those of its copy in `crate_ident`.
fn rewrite(text: &str, crate_ident: &str) -> String {
    let library = format!("{LIBRARY}::");
    let vendored = format!("{crate_ident}::runtime::");
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    let mut rest = text;
    while let Some(at) = rest
        .find("crate::")
        .into_iter()
        .chain(rest.find(&library))
        .min()
    {
        let (before, from) = rest.split_at(at);
        let starts_word = before
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        out.push_str(before);
        if from.starts_with(&library) && starts_word {
            out.push_str(&vendored);
            rest = &from[library.len()..];
        } else if from.starts_with("crate::") && starts_word {
            out.push_str("crate::runtime::");
            rest = &from["crate::".len()..];
        } else {
            // Part of a longer word (`my_crate::`): as it is.
            let step = from.chars().next().map_or(1, char::len_utf8);
            out.push_str(&from[..step]);
            rest = &from[step..];
        }
    }
    out.push_str(rest);
    for name in MACROS {
        out = out.replace(&format!("runtime::{name}"), name);
    }
    out
}

/// The lines of section `[name]` of the runtime's manifest, without the blank lines that end it.
pub(crate) fn manifest_section(name: &str) -> Vec<&'static str> {
    let header = format!("[{name}]");
    let mut lines: Vec<&str> = MANIFEST
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .collect();
    while lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// The runtime's version, from its manifest.
pub(crate) fn version() -> &'static str {
    manifest_section("package")
        .into_iter()
        .find_map(|line| line.strip_prefix("version = "))
        .map_or("0.0.0", |quoted| quoted.trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::{PATTERN_GATE, SOURCES, files, rewrite, version};

    /// A crate whose unions check patterns compiles the runtime's `pattern` module whatever its
    /// features.
    #[test]
    fn the_pattern_module_is_ungated_where_unions_need_it() {
        let module = |patterns| {
            files("c", "", patterns)
                .into_iter()
                .find(|file| file.path == "src/runtime/mod.rs")
                .map(|file| file.contents)
                .unwrap_or_default()
        };
        assert!(module(false).contains(PATTERN_GATE));
        assert!(!module(true).contains("feature = \"patterns\""));
        assert!(module(true).contains("pub mod pattern;"));
    }

    #[test]
    fn every_source_file_of_the_runtime_is_carried() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../client-runtime/src");
        let mut on_disk: Vec<String> = match std::fs::read_dir(folder) {
            Ok(entries) => entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|name| name.ends_with(".rs"))
                .collect(),
            Err(error) => panic!("{folder}: {error}"),
        };
        on_disk.sort();
        let carried: Vec<&str> = SOURCES.iter().map(|(name, _)| *name).collect();
        assert_eq!(carried, on_disk);
    }

    #[test]
    fn vendoring_rewrites_crate_paths_only() {
        let text = "use crate::call::Call;\n\
                    /// [`Call`](crate::Call), `client_runtime::Client`, my_crate::x\n\
                    $crate::Client::new(); client_runtime::api_client!(API); crate::api_client";
        assert_eq!(
            rewrite(text, "pets"),
            "use crate::runtime::call::Call;\n\
             /// [`Call`](crate::runtime::Call), `pets::runtime::Client`, my_crate::x\n\
             $crate::runtime::Client::new(); pets::api_client!(API); crate::api_client"
        );
    }

    #[test]
    fn the_version_is_the_manifests() {
        assert!(version().split('.').count() == 3, "{}", version());
    }
}
