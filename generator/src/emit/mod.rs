//! Stage 6: render the IR as the files of a Rust crate, formatted in-process with prettyplease.
//!
//! Only rendering happens here: every name and type was decided by [`crate::lower`].

mod doc;
mod lib_rs;
mod models;
mod operations;
mod print;
mod quickstart;
mod types;

pub use types::{ident as rust_ident, tokens_in as type_tokens};

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::timings::Timings;

/// The runtime copied into every generated crate, by path in that crate.
pub(crate) const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("runtime/mod.rs")),
    (
        "src/runtime/alternatives.rs",
        include_str!("runtime/alternatives.rs"),
    ),
    ("src/runtime/auth.rs", include_str!("runtime/auth.rs")),
    ("src/runtime/call.rs", include_str!("runtime/call.rs")),
    ("src/runtime/client.rs", include_str!("runtime/client.rs")),
    ("src/runtime/error.rs", include_str!("runtime/error.rs")),
    ("src/runtime/hook.rs", include_str!("runtime/hook.rs")),
    ("src/runtime/request.rs", include_str!("runtime/request.rs")),
    (
        "src/runtime/response.rs",
        include_str!("runtime/response.rs"),
    ),
    ("src/runtime/redact.rs", include_str!("runtime/redact.rs")),
    ("src/runtime/secret.rs", include_str!("runtime/secret.rs")),
    ("src/runtime/lenient.rs", include_str!("runtime/lenient.rs")),
    ("src/runtime/oauth.rs", include_str!("runtime/oauth.rs")),
    ("src/runtime/pages.rs", include_str!("runtime/pages.rs")),
    ("src/runtime/retry.rs", include_str!("runtime/retry.rs")),
    ("src/runtime/sse.rs", include_str!("runtime/sse.rs")),
    ("src/runtime/trace.rs", include_str!("runtime/trace.rs")),
    ("src/runtime/uuid.rs", include_str!("runtime/uuid.rs")),
];

/// What the runtime's doc examples call the crate they document; replaced by the generated
/// crate's name, so the examples compile as that crate's doctests.
const CRATE_PLACEHOLDER: &str = "__crate__";

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
    let lib_rs = timings.time("emit: lib.rs", || lib_rs_text(api, config));
    let lib_rs = lib_rs.map_err(|error| {
        let message = format!("generated src/lib.rs does not parse: {error}");
        diagnostics.error("internal", "", message);
    });
    // The two large files are printed in pieces, on every core.
    let (models, operations) = timings.time("emit: models.rs and operations.rs", || {
        print::models_and_operations(api)
    });
    let mut report = |path: &str, error: String| {
        let message = format!("generated {path} does not parse: {error}");
        diagnostics.error("internal", "", message);
    };
    let models = models.map_err(|error| report("src/models.rs", error));
    let operations = operations.map_err(|error| report("src/operations.rs", error));
    let rendered = [
        ("src/lib.rs", lib_rs),
        ("src/models.rs", models),
        ("src/operations.rs", operations),
    ]
    .map(|(path, text)| {
        text.ok().map(|text| File {
            path: path.to_owned(),
            contents: format!("{header}{text}"),
        })
    });
    let mut files = vec![File {
        path: "Cargo.toml".to_owned(),
        contents: cargo_toml(api, config, &header.replace("//", "#")),
    }];
    files.extend(rendered.into_iter().flatten());
    files.push(File {
        path: "README.md".to_owned(),
        contents: readme(api, config, &header),
    });
    let crate_ident = config.name.replace('-', "_");
    let optional = api.uses_patterns().then_some(PATTERN_RUNTIME);
    files.extend(RUNTIME.iter().chain(&optional).map(|(path, text)| File {
        path: (*path).to_owned(),
        contents: format!("{header}{}", text.replace(CRATE_PLACEHOLDER, &crate_ident)),
    }));
    files
}

/// `lib.rs`, whose items are marked `#[rustfmt::skip]` (small: printed in one piece).
fn lib_rs_text(api: &Api, config: &CrateConfig) -> Result<String, syn::Error> {
    let mut file = syn::parse2::<syn::File>(lib_rs::lib_rs(api, config))?;
    skip_rustfmt(&mut file);
    Ok(prettyplease::unparse(&file))
}

/// The part of the runtime only crates whose unions check a `pattern` get (with `regex`);
/// `lib.rs` declares it.
const PATTERN_RUNTIME: (&str, &str) =
    ("src/runtime/pattern.rs", include_str!("runtime/pattern.rs"));

/// Mark every item of `lib.rs` `#[rustfmt::skip]`, except `mod runtime;` (hand-written and
/// rustfmt-formatted): prettyplease and rustfmt lay code out differently, and a generated crate in
/// a workspace must pass `cargo fmt --check` as it is emitted. On `mod models;` the attribute
/// covers the whole module file. (The inner `#![rustfmt::skip]` is not stable.)
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

fn cargo_toml(api: &Api, config: &CrateConfig, header: &str) -> String {
    let description = format!(
        "Typed async client for the {} API, generated from its OpenAPI description.",
        api.title
    );
    let (edition, lints) = if config.workspace_member {
        (
            "edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\npublish = false\n",
            "\n[lints]\nworkspace = true\n",
        )
    } else {
        ("edition = \"2024\"\n", "")
    };
    let mut toml = format!(
        "{header}[package]\nname = {name}\nversion = {version}\ndescription = {description}\n{edition}\n\
         [features]\n\
         default = [\"rustls\"]\n\
         # TLS through rustls (the default) or the platform's library (OpenSSL, Secure Transport, SChannel).\n\
         rustls = [\"reqwest/rustls\"]\n\
         native-tls = [\"reqwest/native-tls\"]\n\
         # `tracing` spans for every request attempt.\n\
         tracing = [\"dep:tracing\"]\n\
         \n\
         [dependencies]\n\
         bytes = \"1\"\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n\
         eventsource-stream = \"0.2\"\n\
         futures-util = {{ version = \"0.3\", default-features = false, features = [\"std\"] }}\n\
         getrandom = \"0.3\"\n\
         reqwest = {{ version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"multipart\", \"stream\"] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\
         serde_urlencoded = \"0.7\"\n\
         tokio = {{ version = \"1\", default-features = false, features = [\"time\"] }}\n\
         tracing = {{ version = \"0.1\", default-features = false, features = [\"std\"], optional = true }}\n{regex}",
        regex = if api.uses_patterns() {
            "regex = \"1\"\n"
        } else {
            ""
        },
        name = toml_string(&config.name),
        version = toml_string(&config.version),
        description = toml_string(&description),
    );
    if !config.dev_dependencies.is_empty() {
        toml.push_str("\n[dev-dependencies]\n");
        for line in &config.dev_dependencies {
            toml.push_str(line);
            toml.push('\n');
        }
    }
    toml.push_str(&format!(
        "\n[package.metadata.generated-from]\nspec-title = {}\nspec-version = {}\nfingerprint = {}\n",
        toml_string(&api.title),
        toml_string(&api.version),
        toml_string(&api.fingerprint)
    ));
    toml.push_str(lints);
    toml
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
