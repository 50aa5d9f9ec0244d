//! Stage 6: render the IR as the files of a Rust crate: most items written as text and laid out
//! by `layout.rs`, the rest built as tokens and printed with prettyplease.
//!
//! Only rendering happens here: every name and type was decided by [`crate::lower`].

mod cli;
mod doc;
mod events;
mod features;
mod layout;
mod lib_rs;
mod manifest;
mod mock;
mod models;
mod operations;
mod print;
mod quickstart;
mod servers;
mod types;
mod unions;
mod vendor;

pub use cli::{CliConfig, emit_cli};
pub use features::{DefaultFeatures, LARGE_API};
pub(crate) use manifest::runtime_features;
pub use types::{ident as rust_ident, tokens_in as type_tokens};

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::timings::Timings;

/// How a generated crate gets the runtime (the `client-runtime` crate) its operations call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// A dependency on the runtime crate by `path` (relative to the generated crate, `/`
    /// separated) and its version: the crate holds no copy, and compiles only inside a checkout
    /// that has the runtime there.
    Dependency {
        /// The runtime crate's folder, relative to the generated crate's.
        path: String,
    },
    /// The runtime's sources copied into `src/runtime/`, crate paths rewritten: the crate stands
    /// alone (to publish it, or to keep it in a repository of its own).
    Vendored,
}

/// The path generated code names the runtime's exported macros by: `crate::runtime` for a runtime
/// dependency (re-exported as `runtime`), `crate` for a vendored one (at the crate root).
pub(crate) fn macros_path(config: &CrateConfig) -> &'static str {
    match config.runtime {
        Runtime::Dependency { .. } => "crate::runtime",
        Runtime::Vendored => "crate",
    }
}

/// A file of the runtime's sources, by name (`error.rs`), for tests that hold the generator to it.
#[cfg(test)]
pub(crate) fn runtime_source(name: &str) -> Option<&'static (&'static str, &'static str)> {
    vendor::SOURCES.iter().find(|(file, _)| *file == name)
}

/// What the generated crate is called and how it is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateConfig {
    /// Package name, e.g. `particle-client`.
    pub name: String,
    /// Package version.
    pub version: String,
    /// The command that regenerates the crate, named in every file header.
    pub command: String,
    /// The input files, as the header names them (relative paths, never absolute).
    pub sources: Vec<String>,
    /// Inherit lints and edition from a surrounding Cargo workspace.
    pub workspace_member: bool,
    /// Extra `[dev-dependencies]` lines (`name = "version"` TOML), for the crate's own tests.
    pub dev_dependencies: Vec<String>,
    /// How the crate gets the runtime.
    pub runtime: Runtime,
    /// How a user depends on the crate when it is not published: the dependency's TOML value
    /// (`{ path = "../repo/client" }`, `{ git = "…" }`), shown in the install lines of the docs.
    /// `None`: by its version, from crates.io.
    pub install: Option<String>,
    /// Whether a workspace member may be published (`cargo publish`); a member that may not says
    /// `publish = false`. A crate outside the workspace says nothing about it.
    pub publish: bool,
    /// Examples (in `examples/`, by name) that test code of theirs against the typed mocks:
    /// declared with `required-features = ["mock"]` and `test = true`, so that
    /// `cargo test --features mock` runs their tests.
    pub mock_examples: Vec<String>,
    /// Which of the API's features (one per tag) `default` turns on.
    pub default_features: DefaultFeatures,
    /// `--select`: the tags, operation ids and path globs of the operations to generate (see
    /// [`crate::select`]); empty: all of them.
    pub select: Vec<String>,
    /// Whether the API's operations are compiled under Cargo features (one per tag). Not for a
    /// client included into another crate's sources (the build-script form): that crate
    /// declares its own features.
    pub feature_gates: bool,
}

#[cfg(test)]
impl CrateConfig {
    /// A vendored crate outside any workspace, as unit tests generate it.
    pub(crate) fn for_tests() -> Self {
        Self {
            name: "fixture-client".to_owned(),
            version: "0.1.0".to_owned(),
            command: "fixture".to_owned(),
            sources: vec!["fixture.yaml".to_owned()],
            workspace_member: false,
            dev_dependencies: Vec::new(),
            runtime: Runtime::Vendored,
            install: None,
            publish: false,
            mock_examples: Vec::new(),
            default_features: DefaultFeatures::Auto,
            select: Vec::new(),
            feature_gates: true,
        }
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// The whole contents.
    pub contents: String,
}

/// Render `api` as a crate. A generated file that does not parse (a generator bug) is reported as
/// an internal error and left out.
pub fn emit(api: &Api, config: &CrateConfig, diagnostics: &mut Diagnostics) -> Vec<File> {
    emit_timed(api, config, diagnostics, &mut Timings::default())
}

/// [`emit`], recording how long building, parsing and printing the tokens took.
pub fn emit_timed(
    api: &Api,
    config: &CrateConfig,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Vec<File> {
    let header = header(config);
    // Every file of Rust is printed in pieces, on every core.
    let printed = timings.time("emit: the Rust files", || print::files(api, config));
    let mut report = |path: &str, error: String| {
        let message = format!("generated {path} does not parse: {error}");
        diagnostics.error("internal", "", message);
    };
    let lib_rs = printed.lib.map_err(|error| report("src/lib.rs", error));
    let models = printed
        .models
        .map_err(|error| report("src/models.rs", error));
    let operations = printed
        .operations
        .map_err(|error| report("src/operations.rs", error));
    let mock = printed.mock.map_err(|error| report("src/mock.rs", error));
    let events = printed
        .events
        .map(|events| events.map_err(|error| report("src/events.rs", error)));
    let rendered = [
        ("src/lib.rs", lib_rs),
        ("src/models.rs", models),
        ("src/operations.rs", operations),
        ("src/mock.rs", mock),
    ]
    .into_iter()
    .chain(events.map(|events| ("src/events.rs", events)))
    .map(|(path, text)| {
        text.ok().map(|text| File {
            path: path.to_owned(),
            contents: format!("{header}{text}"),
        })
    });
    let mut files = vec![File {
        path: "Cargo.toml".to_owned(),
        contents: manifest::cargo_toml(api, config, &header.replace("//", "#")),
    }];
    files.extend(rendered.flatten());
    files.push(File {
        path: "README.md".to_owned(),
        contents: readme(api, config, &header),
    });
    if config.runtime == Runtime::Vendored {
        files.extend(vendor::files(
            &config.name.replace('-', "_"),
            &header,
            api.uses_patterns(),
        ));
    }
    files
}

/// `lib.rs`, whose items are marked `#[rustfmt::skip]` (small: printed in one piece).
pub(super) fn lib_rs_text(api: &Api, config: &CrateConfig) -> Result<String, syn::Error> {
    let mut file = syn::parse2::<syn::File>(lib_rs::lib_rs(api, config))?;
    skip_rustfmt(&mut file);
    Ok(prettyplease::unparse(&file))
}

/// Mark every item of `lib.rs` `#[rustfmt::skip]`, except a vendored `mod runtime;`:
/// prettyplease and rustfmt lay code out differently, and a generated crate in a workspace must
/// pass `cargo fmt --check` as it is emitted. On `mod models;` the attribute covers the whole
/// module file. The runtime is rustfmt-formatted in `client-runtime/` (and its lines leave room
/// for the longer paths of the vendored copy, which a test checks); an attribute on its `mod`
/// would make the macros it exports macro-expanded, which the crate could not name by path.
/// (The inner `#![rustfmt::skip]` is not stable.)
fn skip_rustfmt(file: &mut syn::File) {
    let skip: syn::Attribute = syn::parse_quote!(#[rustfmt::skip]);
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Mod(module) if module.ident == "runtime" => continue,
            syn::Item::Const(item) => &mut item.attrs,
            syn::Item::Enum(item) => &mut item.attrs,
            syn::Item::Fn(item) => &mut item.attrs,
            syn::Item::Impl(item) => &mut item.attrs,
            syn::Item::Mod(item) => &mut item.attrs,
            syn::Item::Static(item) => &mut item.attrs,
            syn::Item::Struct(item) => &mut item.attrs,
            syn::Item::Type(item) => &mut item.attrs,
            syn::Item::Use(item) => &mut item.attrs,
            _ => continue,
        };
        attrs.push(skip.clone());
    }
}

/// The first lines of every generated file.
fn header(config: &CrateConfig) -> String {
    format!(
        "// @generated by `{}` from {}. Do not edit: change the inputs and regenerate.\n\n",
        config.command,
        config.sources.join(" + ")
    )
}

/// The README a code host shows: title, install line and the quick start of the crate docs.
fn readme(api: &Api, config: &CrateConfig, header: &str) -> String {
    let comment = format!("<!-- {} -->\n\n", header.trim().trim_start_matches("// "));
    let mut lines = vec![
        format!("# {}", config.name),
        String::new(),
        format!(
            "Typed async client for the {} API (version {}), generated from its OpenAPI description.",
            api.title, api.version
        ),
        String::new(),
    ];
    lines.extend(quickstart::for_readme(&quickstart::markdown(
        api, config, 2,
    )));
    format!("{comment}{}\n", lines.join("\n"))
}
