//! The API's Cargo features in the generated crate: the `#[cfg]` on each gated item, the
//! `[features]` lines of `Cargo.toml`, and the table the docs and README show.

use super::CrateConfig;
use crate::ir::Api;
use crate::lower::FULL_FEATURE;

/// Operations past which a crate's `default` leaves the API's features off (see
/// [`DefaultFeatures::Auto`]).
pub const LARGE_API: usize = 300;

/// Which of the API's features `default` turns on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DefaultFeatures {
    /// All of them for an API of at most [`LARGE_API`] operations, none for a larger one.
    #[default]
    Auto,
    /// All of them (`full`).
    All,
    /// None: a user turns on what they call.
    None,
}

/// Whether `default` turns every API feature on.
pub(crate) fn default_on(api: &Api, config: &CrateConfig) -> bool {
    match config.default_features {
        DefaultFeatures::All => true,
        DefaultFeatures::None => false,
        DefaultFeatures::Auto => api.operations.len() <= LARGE_API,
    }
}

/// The `#[cfg]` that compiles an item when any of `features` is on, as a line; nothing for an
/// item always compiled.
pub(crate) fn cfg_line(features: &[String]) -> Option<String> {
    let quoted = |name: &String| format!("feature = {}", super::layout::string(name));
    match features {
        [] => None,
        [one] => Some(format!("#[cfg({})]", quoted(one))),
        many => {
            let any: Vec<String> = many.iter().map(quoted).collect();
            Some(format!("#[cfg(any({}))]", any.join(", ")))
        }
    }
}

/// The sentence a gated method's docs end with.
pub(crate) fn doc_line(features: &[String]) -> Option<String> {
    match features {
        [] => None,
        [one] => Some(format!(" Compiled with the feature `{one}`.")),
        many => {
            let list: Vec<String> = many.iter().map(|name| format!("`{name}`")).collect();
            Some(format!(
                " Compiled with any of the features {}.",
                list.join(", ")
            ))
        }
    }
}

/// The `[features]` lines of the API: `full`, then one per feature with its doc as a comment.
pub(crate) fn manifest_lines(api: &Api) -> Vec<String> {
    if api.features.is_empty() {
        return Vec::new();
    }
    let names: Vec<String> = api
        .features
        .iter()
        .map(|feature| format!("\"{}\"", feature.name))
        .collect();
    let mut lines = vec![
        String::new(),
        "# The API, one feature per tag: each compiles its operations and the models they use."
            .to_owned(),
        format!("# `{FULL_FEATURE}` is all of them."),
        format!("{FULL_FEATURE} = [{}]", names.join(", ")),
    ];
    for feature in &api.features {
        lines.push(format!(
            "# {} ({} operation{})",
            feature.doc.replace('\n', " "),
            feature.operations,
            if feature.operations == 1 { "" } else { "s" }
        ));
        lines.push(format!("{} = []", feature.name));
    }
    lines
}

/// The "Features" section of the crate's docs and README (Markdown, heading at `level`).
pub(crate) fn markdown(api: &Api, config: &CrateConfig, level: usize) -> Vec<String> {
    if api.features.is_empty() {
        return Vec::new();
    }
    let hashes = "#".repeat(level + 1);
    let total = api.operations.len();
    let default = if default_on(api, config) {
        format!(
            "All of them are on by default (the feature `{FULL_FEATURE}`). To compile only what you call, turn the defaults off and name the features you use:"
        )
    } else {
        format!(
            "The API has {total} operations: none of them is on by default. Name the features you use (`{FULL_FEATURE}` is all of them):"
        )
    };
    let example = api
        .features
        .iter()
        .max_by_key(|feature| feature.operations)
        .map(|feature| feature.name.as_str())
        .unwrap_or(FULL_FEATURE);
    let source = super::quickstart::source(config);
    let default_features = if default_on(api, config) {
        ", default-features = false"
    } else {
        ""
    };
    let tls = if default_on(api, config) {
        "\"rustls\", "
    } else {
        ""
    };
    let mut lines = vec![
        format!("{hashes} Features"),
        String::new(),
        "Each operation is compiled under the Cargo feature of its tag (of any of its tags), and each model with the operations that use it: a crate that calls a few operations compiles those, not the whole API.".to_owned(),
        default,
        String::new(),
        "```toml".to_owned(),
        "[dependencies]".to_owned(),
        format!(
            "{} = {{ {source}{default_features}, features = [{tls}\"{example}\"] }}",
            config.name
        ),
        "```".to_owned(),
        String::new(),
        "| feature | operations | what it compiles |".to_owned(),
        "|---|---:|---|".to_owned(),
    ];
    for feature in &api.features {
        lines.push(format!(
            "| `{}` | {} | {} |",
            feature.name,
            feature.operations,
            feature.doc.replace('|', "\\|")
        ));
    }
    lines
}
