//! `client-gen`: a typed async Rust client crate from an OpenAPI description, as
//! `cargo xtask generate` makes it, for specs outside this repository.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, ValueEnum};
use generator::emit::Runtime;
use generator_cli::args::GenerateArgs;
use generator_cli::generate::runtime_dependency;

/// Generate a Rust client crate from a Swagger 2.0 / OpenAPI 3.0 (or 3.1) description.
///
/// Prints a summary and every diagnostic (file:line:column, JSON pointer, what). A run with any
/// error writes nothing; otherwise only files that differ are replaced, each atomically, and
/// generated files the run no longer produces are deleted.
#[derive(Debug, Parser)]
#[command(name = "client-gen", version)]
struct Args {
    #[command(flatten)]
    generate: GenerateArgs,
    /// How the crate gets the runtime: `vendored` copies it into src/runtime/ (the crate stands
    /// alone); `dependency` depends on the client-runtime crate at --runtime-path.
    #[arg(long, value_enum, value_name = "FORM", default_value = "vendored")]
    runtime: Form,
    /// The client-runtime crate's folder, for --runtime dependency (written relative to --out).
    #[arg(long, value_name = "DIR", required_if_eq("runtime", "dependency"))]
    runtime_path: Option<String>,
    /// Write nothing: compare --out with what would be written and fail on any difference
    /// (a hand edit, a file missing, a stale one).
    #[arg(long)]
    check: bool,
}

/// How the generated crate gets the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Form {
    /// Copied into the crate's src/runtime/.
    Vendored,
    /// A path dependency on the client-runtime crate.
    Dependency,
}

fn main() -> Result<ExitCode> {
    let args = Args::parse();
    let runtime = match (args.runtime, &args.runtime_path) {
        (Form::Dependency, Some(path)) => {
            runtime_dependency(Path::new(&args.generate.out), Path::new(path))?
        }
        _ => Runtime::Vendored,
    };
    generator_cli::generate(&args.generate.generate(runtime, "client-gen", args.check))
}
