//! The generator in a build script: the client of a spec as one Rust file in `OUT_DIR`, which the
//! crate's `src/lib.rs` includes.
//!
//! ```no_run
//! // The `main` of build.rs in a crate of its own, say `petstore-client`:
//! if let Err(error) = generator_cli::build_script::Build::new("petstore.yaml").generate() {
//!     eprintln!("{error:#}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! and its `src/lib.rs`, whole:
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/client.rs"));
//! ```
//!
//! The generated code names its items from the crate root (`crate::models::…`), so the file is
//! included at the root of a crate that holds nothing else. That crate's `Cargo.toml` lists the
//! dependencies and features [`Build::manifest`] gives (the runtime is vendored by default, so
//! they are crates.io crates only). The crate's own docs are yours to write: the generated
//! front page cannot be included (an included file cannot hold inner attributes).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use generator::emit::{CrateConfig, File, Runtime};
use generator::pipeline::{self, Input, OnSkip, Source};

use crate::generate::{lines, read};
use crate::overlays;

/// What a build script generates: the spec, its overlays, how strict, which runtime form.
#[derive(Debug, Clone)]
pub struct Build {
    spec: PathBuf,
    overlays: Vec<String>,
    on_skip: OnSkip,
    runtime: Runtime,
    file_name: String,
}

impl Build {
    /// The client of the spec at `spec` (relative to the crate's folder, where build scripts
    /// run), vendoring the runtime, written to `OUT_DIR/client.rs`.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            overlays: Vec::new(),
            on_skip: OnSkip::Warn,
            runtime: Runtime::Vendored,
            file_name: "client.rs".to_owned(),
        }
    }

    /// Apply this Overlay 1.0 file, or the `*.yaml` files of this folder in file-name order,
    /// after the ones given before.
    pub fn overlay(mut self, path: impl Into<String>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// Fail instead of leaving out an operation that cannot be generated.
    pub fn strict(mut self) -> Self {
        self.on_skip = OnSkip::Refuse;
        self
    }

    /// Use the `client-runtime` crate as a dependency (the including crate depends on it)
    /// instead of vendoring it.
    pub fn runtime_dependency(mut self) -> Self {
        self.runtime = Runtime::Dependency {
            path: String::new(),
        };
        self
    }

    /// Name the file in `OUT_DIR` (`client.rs` by default).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Generate into `OUT_DIR` for the crate `CARGO_PKG_NAME`, as Cargo sets them for a build
    /// script; tell Cargo to run the script again when an input changes, and pass on the
    /// generator's warnings. Returns the path written.
    pub fn generate(&self) -> Result<PathBuf> {
        let out_dir = std::env::var_os("OUT_DIR")
            .context("OUT_DIR is not set: run this from a build script")?;
        let crate_name = std::env::var("CARGO_PKG_NAME").context("CARGO_PKG_NAME is not set")?;
        let (path, inputs, warnings) = self.generate_into(Path::new(&out_dir), &crate_name)?;
        #[allow(clippy::print_stdout)]
        {
            for input in inputs {
                println!("cargo::rerun-if-changed={input}");
            }
            for warning in warnings {
                println!("cargo::warning={warning}");
            }
        }
        Ok(path)
    }

    /// Generate the file into `out_dir` for the crate `crate_name`; the files read and the
    /// warnings, for the caller to report. Nothing is written when generation fails.
    pub fn generate_into(
        &self,
        out_dir: &Path,
        crate_name: &str,
    ) -> Result<(PathBuf, Vec<String>, Vec<String>)> {
        let (warnings, files, inputs) = self.generated(crate_name)?;
        let path = out_dir.join(&self.file_name);
        crate::files::write_atomically(&path, &one_file(&files)?)?;
        Ok((path, inputs, warnings))
    }

    /// The `[features]` and `[dependencies]` the including crate's `Cargo.toml` needs: those of
    /// the crate `client-gen` would write for the same spec and runtime form.
    pub fn manifest(&self) -> Result<String> {
        let (_, files, _) = self.generated("client")?;
        let toml = files
            .iter()
            .find(|file| file.path == "Cargo.toml")
            .map(|file| file.contents.as_str())
            .context("the generator wrote no Cargo.toml")?;
        let start = toml
            .find("[features]")
            .context("Cargo.toml has no [features]")?;
        let end = toml
            .find("\n[package.metadata")
            .context("Cargo.toml has no [package.metadata]")?;
        Ok(toml[start..end].trim_end().to_owned())
    }

    /// The warnings, the files of the crate, and the paths of the files read.
    fn generated(&self, crate_name: &str) -> Result<(Vec<String>, Vec<File>, Vec<String>)> {
        let spec_name = self.spec.to_string_lossy().into_owned();
        let spec = read(&self.spec)?;
        let overlays = overlays::read(Path::new(""), &self.overlays)?;
        let mut inputs = vec![spec_name.clone()];
        inputs.extend(overlays::expand(Path::new(""), &self.overlays)?);
        let config = CrateConfig {
            name: crate_name.to_owned(),
            version: "0.0.0".to_owned(),
            command: "build.rs (generator_cli::build_script)".to_owned(),
            sources: inputs
                .iter()
                .map(|input| {
                    Path::new(input)
                        .file_name()
                        .map_or_else(|| input.clone(), |name| name.to_string_lossy().into_owned())
                })
                .collect(),
            workspace_member: false,
            dev_dependencies: Vec::new(),
            runtime: self.runtime.clone(),
            install: None,
            publish: false,
            mock_examples: Vec::new(),
            default_features: Default::default(),
            select: Vec::new(),
            // The including crate declares its own features, not the API's.
            feature_gates: false,
        };
        let sources = overlays::sources(&overlays);
        let input = Input {
            spec: Source {
                name: &spec_name,
                text: &spec,
            },
            overlays: &sources,
            on_skip: self.on_skip,
        };
        let (output, files) = match pipeline::generate(&input, &config) {
            Ok(generated) => generated,
            Err(diagnostics) => bail!(
                "generating the client of {spec_name} failed:\n{}",
                lines(&diagnostics)
            ),
        };
        let warnings = output.diagnostics.iter().map(ToString::to_string).collect();
        Ok((warnings, files, inputs))
    }
}

/// The crate's source files as one file to include at a crate root: `mod name;` declarations
/// replaced by the modules' text. A vendored runtime's exported macro is named by its textual
/// scope (`#[macro_use]` modules): an included file's `#[macro_export]` macros are
/// macro-expanded, and a crate cannot name those by path.
pub fn one_file(files: &[File]) -> Result<String> {
    let text_of = |path: &str| -> Result<&str> {
        files
            .iter()
            .find(|file| file.path == path)
            .map(|file| file.contents.as_str())
            .with_context(|| format!("the generator wrote no {path}"))
    };
    // The crate docs (the front page) and its other inner attributes are not allowed in an
    // included file.
    let lib: String = text_of("src/lib.rs")?
        .lines()
        .filter(|line| !line.starts_with("//!") && !line.starts_with("#!["))
        .map(|line| format!("{line}\n"))
        .collect();
    let vendored = files.iter().any(|file| file.path == "src/runtime/mod.rs");
    let lib = if vendored {
        lib.replace("crate::api_client!(API);", "api_client!(API);")
    } else {
        lib
    };
    let text_of = |path: &str| -> Result<std::borrow::Cow<'_, str>> {
        let text = text_of(path)?;
        // The mocks and the models name the vendored runtime's macros by textual scope too.
        Ok(if vendored && path == "src/mock.rs" {
            std::borrow::Cow::Owned(
                text.replace("crate::mock_server!(", "mock_server!(")
                    .replace("crate::mock_operation!(", "mock_operation!("),
            )
        } else if vendored && path == "src/models.rs" {
            std::borrow::Cow::Owned(
                text.replace("crate::decode_object!(", "decode_object!(")
                    .replace("crate::decode_enum!(", "decode_enum!("),
            )
        } else {
            std::borrow::Cow::Borrowed(text)
        })
    };
    inline_modules(&lib, "src", &text_of)
}

/// `text` (a file of folder `dir`) with each `mod name;` line replaced by `mod name { … }` holding
/// `dir/name.rs` (or `dir/name/mod.rs`, whose own modules are in `dir/name/`), recursively.
fn inline_modules<'f>(
    text: &str,
    dir: &str,
    text_of: &dyn Fn(&str) -> Result<std::borrow::Cow<'f, str>>,
) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let declared = line
            .strip_prefix("pub mod ")
            .map(|rest| ("pub ", rest))
            .or_else(|| line.strip_prefix("mod ").map(|rest| ("", rest)))
            .and_then(|(vis, rest)| Some((vis, rest.strip_suffix(';')?)))
            .filter(|(_, name)| name.chars().all(|c| c.is_alphanumeric() || c == '_'));
        let Some((vis, name)) = declared else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let (body, inner_dir) = match text_of(&format!("{dir}/{name}.rs")) {
            Ok(body) => (body, format!("{dir}/{name}")),
            Err(_) => (
                text_of(&format!("{dir}/{name}/mod.rs"))?,
                format!("{dir}/{name}"),
            ),
        };
        // The runtime and its modules that define macros (`api_client!`, `mock_server!`) make
        // them visible to what follows them.
        let runtime_macros = dir.ends_with("/runtime")
            && (name == "api_client" || name == "mock" || name == "decode");
        if name == "runtime" || runtime_macros {
            out.push_str("#[macro_use]\n");
        }
        out.push_str(&format!("{vis}mod {name} {{\n"));
        out.push_str(&inline_modules(&body, &inner_dir, text_of)?);
        out.push_str("}\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> File {
        File {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn module_declarations_become_inline_modules_recursively() -> Result<()> {
        let files = [
            file(
                "src/lib.rs",
                "//! The crate.\npub mod models;\n#[doc(hidden)]\npub mod runtime;\ncrate::api_client!(API);\n",
            ),
            file("src/models.rs", "//! Models.\npub struct Pet;\n"),
            file(
                "src/runtime/mod.rs",
                "//! The runtime.\nmod api_client;\npub mod call;\n",
            ),
            file(
                "src/runtime/api_client.rs",
                "macro_rules! api_client { ($a:path) => {}; }\n",
            ),
            file(
                "src/runtime/call.rs",
                "pub struct Call;\n#[cfg(test)]\nmod tests {\n}\n",
            ),
        ];
        assert_eq!(
            one_file(&files)?,
            "pub mod models {\n//! Models.\npub struct Pet;\n}\n#[doc(hidden)]\n#[macro_use]\npub mod runtime {\n\
             //! The runtime.\n#[macro_use]\nmod api_client {\nmacro_rules! api_client { ($a:path) => {}; }\n}\n\
             pub mod call {\npub struct Call;\n#[cfg(test)]\nmod tests {\n}\n}\n}\napi_client!(API);\n"
        );
        Ok(())
    }

    #[test]
    fn a_spec_that_does_not_generate_writes_nothing() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("generator-cli-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let spec = dir.join("broken.yaml");
        std::fs::write(&spec, "swagger: \"2.0\"\ninfo: [unclosed\n")?;
        let result = Build::new(&spec).generate_into(&dir, "broken");
        let written = dir.join("client.rs").exists();
        std::fs::remove_dir_all(&dir)?;
        let Err(error) = result else {
            panic!("a broken spec generated");
        };
        assert!(format!("{error:#}").contains("broken.yaml:"), "{error:#}");
        assert!(!written);
        Ok(())
    }
}
