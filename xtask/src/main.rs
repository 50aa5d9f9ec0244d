//! The maintainer's commands: `cargo xtask codegen [--check]`, `generate`, `spec`.
//!
//! This is the only place that reads or writes files; the generator itself is pure.

mod bench_peers;
mod codegen;
mod compare_converter;
mod corpus;
mod diff;
mod files;

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check] [--dump-ir]     regenerate generated-client/ from specs/ (--check: write nothing,
                                    fail if anything differs; --dump-ir: print the IR as JSON)
  generate SPEC [--overlay FILE] --out DIR [--name NAME]
                                    generate a client crate for any Swagger 2.0 / OpenAPI 3.0 file
  diff OLD NEW [--old-overlay F] [--new-overlay F] [--json]
  diff --base REV [--json]          what changed for users of the generated crate between two
                                    specs, or between specs/ at REV and now (Markdown or JSON)
  bench-peers [--runs N] [--inputs …] [--peers …] [--no-compile]
                                    time ours against openapi-generator, progenitor and
                                    openapi-to-rust (needs the registries); see BENCHMARKS.md
  corpus DIR|SPEC...                generate and `cargo check` a crate for every spec found
  compare-converter [--raw] [SPEC...]
                                    our Swagger 2.0 conversion against swagger2openapi (npm), as a
                                    Markdown report (--raw: the spec as written, not normalised)
  spec [--out FILE]                 print the repaired OpenAPI 3.0 document of specs/ (JSON, or YAML
                                    when FILE ends in .yaml or .yml)";

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let mut args = Args(args);
    let Some(command) = args.next_positional() else {
        bail!("{USAGE}")
    };
    match command.as_str() {
        "codegen" => {
            let check = args.flag("--check");
            let dump_ir = args.flag("--dump-ir");
            args.done()?;
            codegen::codegen(
                if check {
                    codegen::Mode::Check
                } else {
                    codegen::Mode::Write
                },
                dump_ir,
            )
        }
        "generate" => {
            let overlay = args.value("--overlay")?;
            let out = args.value("--out")?.context("generate needs --out DIR")?;
            let name = args.value("--name")?;
            let spec = args
                .next_positional()
                .context("generate needs a SPEC file")?;
            args.done()?;
            codegen::generate(&spec, overlay.as_deref(), &out, name.as_deref())
        }
        "diff" => {
            let json = args.flag("--json");
            let base = args.value("--base")?;
            let old_overlay = args.value("--old-overlay")?;
            let new_overlay = args.value("--new-overlay")?;
            let (old, new) = match base {
                Some(rev) => (diff::Inputs::at_revision(&rev)?, diff::Inputs::project()?),
                None => {
                    let old = args
                        .next_positional()
                        .context("diff needs OLD and NEW specs, or --base REV")?;
                    let new = args
                        .next_positional()
                        .context("diff needs OLD and NEW specs, or --base REV")?;
                    (
                        diff::Inputs::from_files(&old, old_overlay.as_deref())?,
                        diff::Inputs::from_files(&new, new_overlay.as_deref())?,
                    )
                }
            };
            args.done()?;
            diff::command(old, new, json)
        }
        "corpus" => {
            let mut paths = Vec::new();
            while let Some(path) = args.next_positional() {
                paths.push(path);
            }
            args.done()?;
            anyhow::ensure!(
                !paths.is_empty(),
                "corpus needs at least one folder or spec"
            );
            corpus::corpus(&paths)
        }
        "compare-converter" => {
            let raw = args.flag("--raw");
            let mut specs = Vec::new();
            while let Some(spec) = args.next_positional() {
                specs.push(spec);
            }
            args.done()?;
            compare_converter::compare_converter(&specs, raw)
        }
        "spec" => {
            let out = args.value("--out")?;
            args.done()?;
            codegen::spec(out.as_deref())
        }
        "bench-peers" => bench_peers::bench_peers(&bench_peers::parse(&mut args)?),
        "help" | "--help" | "-h" => {
            #[allow(clippy::print_stdout)]
            {
                println!("{USAGE}");
            }
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// A tiny argument list: flags and `--name value` options anywhere, positionals in order.
struct Args(Vec<String>);

impl Args {
    fn flag(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|arg| arg != name);
        self.0.len() != before
    }

    fn value(&mut self, name: &str) -> Result<Option<String>> {
        let Some(index) = self.0.iter().position(|arg| arg == name) else {
            return Ok(None);
        };
        if index + 1 >= self.0.len() {
            bail!("{name} needs a value");
        }
        let value = self.0.remove(index + 1);
        self.0.remove(index);
        Ok(Some(value))
    }

    fn next_positional(&mut self) -> Option<String> {
        let index = self.0.iter().position(|arg| !arg.starts_with("--"))?;
        Some(self.0.remove(index))
    }

    fn done(&self) -> Result<()> {
        match self.0.first() {
            Some(extra) => bail!("unexpected argument `{extra}`\n\n{USAGE}"),
            None => Ok(()),
        }
    }
}
