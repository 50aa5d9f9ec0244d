//! The maintainer's commands (`cargo xtask --help` lists them), parsed with clap.
//!
//! This is the only place that reads or writes files; the generator itself is pure.

mod bench_cli;
mod bench_peers;
mod codegen;
mod compare_converter;
mod conformance;
mod corpus;
mod coverage;
mod diff;
mod gating;
use generator_cli::files;
mod instructions;
#[cfg(test)]
mod maintainer_loop;
mod mock;
mod overlays;
mod prism;
mod release;
mod roundtrip;
mod samples;
mod summary;
mod workspace;

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};

/// glibc's allocator degrades on the heaps of the largest specs (gigabytes of small values,
/// freed and reused stage after stage); mimalloc does not. Built without transparent huge pages
/// (`no_thp`): with them, each page fault on memory the allocator had given back zeroes 2 MiB,
/// which on graph-beta was a fifth of all the time. See BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The maintainer's commands: regenerate the Particle client, generate, inspect and compare specs.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate generated-client/ (and the fixture crate) from specs/ and print a summary.
    ///
    /// One screen: stale repairs (each once, where it is and what it was for), diagnostics the
    /// inputs at HEAD did not give, the API changes since HEAD (counts, the first few of each
    /// kind, in wire and Rust terms), the semver advice for the crate's version, and one line per
    /// overlay file. A run with any error writes nothing.
    Codegen {
        /// Write nothing; fail, naming the command to run, if a file differs or is stale, or if
        /// the crate changed since its last release (generated-client/CHANGELOG.md) and
        /// `cargo xtask release` has not been run.
        #[arg(long)]
        check: bool,
        /// Every overlay action, diagnostic and change, and the fixture crate's summary.
        #[arg(long, short)]
        verbose: bool,
        /// Print the lowered IR as JSON and stop, writing nothing (for debugging the generator).
        #[arg(long)]
        dump_ir: bool,
    },
    /// Generate a client crate for any Swagger 2.0 / OpenAPI 3.0 file.
    ///
    /// Prints the same summary as `codegen`. A run with any error writes nothing. An operation
    /// that cannot be generated (a path with a query string, a `$ref` to the wrong kind of
    /// object) is left out with a `skipped-…` warning, unless --strict.
    Generate {
        #[command(flatten)]
        args: generator_cli::args::GenerateArgs,
        /// How the crate gets the runtime: `vendored` copies it into src/runtime/ (the crate
        /// stands alone), `dependency` depends on this repository's client-runtime/ by a
        /// relative path [default: dependency for a folder inside this repository, else vendored].
        #[arg(long, value_enum, value_name = "FORM")]
        runtime: Option<codegen::RuntimeForm>,
    },
    /// Print the repaired spec of specs/ as OpenAPI 3.0 (JSON).
    Spec {
        /// Write it to FILE instead, as YAML when FILE ends in .yaml or .yml.
        #[arg(long, value_name = "FILE")]
        out: Option<String>,
    },
    /// What changed for users of the generated crate between two specs (Markdown).
    ///
    /// Two reports: the API changes (each named on the wire and in Rust, classified as breaking,
    /// additive or behaviour, with the code it breaks) and the public Rust API changes (the
    /// crates' sources read with syn, item by item); then the semver advice, the larger of the
    /// two. Compares two files (both crates generated now), or specs/ at a git revision with the
    /// working tree (the checked-in crate at that revision with the one generated now).
    #[command(
        override_usage = "cargo xtask diff [--json] [--old-overlay FILE|DIR]... \
                                [--new-overlay FILE|DIR]... OLD NEW\n       \
                                cargo xtask diff [--json] --base REV"
    )]
    Diff {
        /// The old spec.
        #[arg(value_name = "OLD", required_unless_present = "base")]
        old: Option<String>,
        /// The new spec.
        #[arg(value_name = "NEW", required_unless_present = "base")]
        new: Option<String>,
        /// Compare specs/ (spec and overlays) at git revision REV with the working tree, instead of
        /// OLD and NEW.
        #[arg(
            long,
            value_name = "REV",
            conflicts_with_all = ["old", "new", "old_overlay", "new_overlay"]
        )]
        base: Option<String>,
        /// An Overlay 1.0 file (or folder of them) applied to OLD; repeatable.
        #[arg(long, value_name = "FILE|DIR")]
        old_overlay: Vec<String>,
        /// An Overlay 1.0 file (or folder of them) applied to NEW; repeatable.
        #[arg(long, value_name = "FILE|DIR")]
        new_overlay: Vec<String>,
        /// Print the report as JSON, for tools.
        #[arg(long)]
        json: bool,
    },
    /// Release the Particle client: bump its version by what changed since the last release.
    ///
    /// Compares the crate with the release recorded in generated-client/CHANGELOG.md (found in
    /// the git history), applies the version the change report advises (before 1.0, a breaking
    /// change bumps the minor number), regenerates the crate, writes the report as a new section
    /// at the top of the changelog, runs `cargo publish --dry-run` for the runtime and the client
    /// (undoing the release if it fails), and prints the commit message.
    Release {
        /// Skip `cargo publish --dry-run`.
        #[arg(long)]
        no_verify: bool,
    },
    /// How much of the Particle Cloud API the client reaches.
    ///
    /// Compares the client's routes with those of Particle's documentation
    /// (specs/particle/documented-routes.json, built from the docs repository's data at the
    /// commit it records) and with those particle-api-js calls
    /// (specs/particle/particle-api-js-routes.json). Prints every missing route with its reason,
    /// then both percentages; fails when either is below its target (95% and 100%).
    Coverage,
    /// Generate and `cargo check` a crate for every spec found, and print a table.
    ///
    /// The crates go to target/corpus/. Fails if generation panicked or a generated crate does
    /// not compile; a spec the generator refuses is reported in the table.
    Corpus {
        /// Spec files, or folders: every *.yaml, *.yml and *.json directly inside (not
        /// *.overlay.yaml).
        #[arg(value_name = "DIR|SPEC", required = true)]
        paths: Vec<String>,
    },
    /// Prove the feature gates of generated crates: every item compiled only with its models,
    /// and `cargo check` with no feature of the API, each alone, and all.
    ///
    /// Reads each crate's sources (a model gated by features must be gated by every feature of
    /// every item that uses it), then checks the crates with warnings as errors, together, one
    /// feature set per `cargo` run. `--crate` names a generated crate of this workspace; specs
    /// (files or folders) get a crate generated under target/features/. Fails on a gate problem
    /// or a feature set that does not compile.
    Features {
        /// Spec files, or folders: every *.yaml, *.yml and *.json directly inside (not
        /// *.overlay.yaml).
        #[arg(value_name = "DIR|SPEC")]
        paths: Vec<String>,
        /// The folder of a generated crate of this workspace (generated-client); repeatable.
        #[arg(long = "crate", value_name = "DIR")]
        crates: Vec<String>,
        /// Check at most this many single features of a crate, a sample chosen with `--seed`.
        #[arg(long, value_name = "N", default_value_t = 40)]
        sample: usize,
        /// The seed of the sample.
        #[arg(long, value_name = "SEED", default_value_t = 2026)]
        seed: u64,
    },
    /// Decode one example per variant of every union into the generated types, and back.
    ///
    /// For each spec, generates its crate under target/roundtrip/ with a tests/roundtrip.rs that
    /// decodes each variant's example (the spec's own, or one made from the schema), checks it
    /// lands in that variant and encodes to the same JSON (null members dropped); runs
    /// `cargo test` and prints a Markdown report per spec. Fails if any variant fails.
    Roundtrip {
        /// Spec files, or folders: every *.yaml, *.yml and *.json directly inside (not
        /// *.overlay.yaml).
        #[arg(value_name = "DIR|SPEC", required = true)]
        paths: Vec<String>,
        /// An Overlay 1.0 file, or a folder of them, applied to every spec; repeatable [default:
        /// each spec's sibling NAME.overlay.yaml, if any].
        #[arg(long, value_name = "FILE|DIR")]
        overlay: Vec<String>,
    },
    /// Round-trip several schema-valid values of every model through the generated types.
    ///
    /// For each spec, makes values for every model (required members only, all members, nulls
    /// where allowed, each union alternative, each enum value, bounds of numbers, lengths and
    /// item counts, each member varied), validates each against its schema (the OpenAPI 3.0
    /// document as JSON Schema Draft 4), and generates its crate under target/samples/ with a
    /// tests/samples.rs that decodes each into the model's type, encodes it back and compares;
    /// prints a Markdown report per spec and a total. Fails on any failure that is not the
    /// spec's own (a schema that contradicts itself) or a crate that does not build.
    Samples {
        /// Spec files, or folders: every *.yaml, *.yml and *.json directly inside (not
        /// *.overlay.yaml).
        #[arg(value_name = "DIR|SPEC", required = true)]
        paths: Vec<String>,
        /// An Overlay 1.0 file, or a folder of them, applied to every spec; repeatable [default:
        /// each spec's sibling NAME.overlay.yaml, if any].
        #[arg(long, value_name = "FILE|DIR")]
        overlay: Vec<String>,
    },
    /// Call every operation through its generated client against Prism, which validates each request.
    ///
    /// Installs Prism (@stoplight/prism-cli, pinned) with npm under target/prism/ when missing.
    /// For each spec, generates its crate under target/conformance/ with a tests/conformance.rs
    /// that calls every non-streaming operation once, with arguments made from the spec's
    /// examples (else its defaults, else values made from the schemas) and credentials for
    /// every security scheme; Prism serves the converted OpenAPI 3.0 document on 127.0.0.1.
    /// Prints a Markdown report (also saved with a JSON one under target/conformance/): per
    /// operation accepted, rejected (Prism's violations), client-side failure, or skipped (why).
    /// Fails if any call is rejected or fails in the client, or a spec's driver cannot run.
    Conformance {
        /// Spec files, or folders: every *.yaml, *.yml and *.json directly inside (not
        /// *.overlay.yaml).
        #[arg(value_name = "DIR|SPEC", required = true)]
        paths: Vec<String>,
        /// An Overlay 1.0 file, or a folder of them, applied to every spec; repeatable [default:
        /// each spec's sibling NAME.overlay.yaml, if any].
        #[arg(long, value_name = "FILE|DIR")]
        overlay: Vec<String>,
    },
    /// Serve the repaired Particle API (or SPEC) on 127.0.0.1 with Prism, for any client to try.
    ///
    /// Serves what `spec` exports, every path under the server's path as a client sends it
    /// (`/v1/devices`), and answers with the spec's examples (Prism's static mode: the same answer
    /// every time). Prints the base URL to give a client (`PARTICLE_API_URL=…`) and runs until
    /// Ctrl-C. Installs Prism (@stoplight/prism-cli, pinned) with npm under target/prism/ when
    /// missing; the document it serves is written to target/mock/.
    Mock {
        /// A Swagger 2.0 / OpenAPI 3.0 file to serve instead [default: specs/particle.swagger.yaml
        /// with the overlays of specs/particle/].
        #[arg(value_name = "SPEC")]
        spec: Option<String>,
        /// An Overlay 1.0 file, or a folder of them, applied to SPEC; repeatable [default: SPEC's
        /// sibling NAME.overlay.yaml, if any].
        #[arg(long, value_name = "FILE|DIR", requires = "spec")]
        overlay: Vec<String>,
        /// The port to listen on, on 127.0.0.1.
        #[arg(
            long,
            value_name = "N",
            default_value_t = mock::DEFAULT_PORT,
            value_parser = clap::value_parser!(u16).range(1..)
        )]
        port: u16,
    },
    /// Time ours against openapi-generator, progenitor and openapi-to-rust; see BENCHMARKS.md.
    ///
    /// Needs the package registries: the peers are installed under target/bench-peers/, where
    /// the report is saved too. Builds xtask in release mode, times whole processes and reads
    /// their peak memory (max RSS; runs alternate ours and a peer), measures the compile cost of
    /// the generated crates and writes the charts benches/generation-time.svg and
    /// benches/peak-memory.svg.
    BenchPeers(bench_peers::Options),
    /// What `particle-api` costs its user: release binary size, cold start, the crate's build.
    ///
    /// Builds the tool in release mode, times its `--help` and a few more commands (medians),
    /// beside the official `particle` command's `--help` when `--particle PATH` names it, and
    /// times building the tool's crate with its dependencies prebuilt. Prints Markdown.
    BenchCli(bench_cli::Options),
    /// Instructions `generate` executes, in all and per stage, counted by valgrind's callgrind.
    ///
    /// Needs valgrind. Builds xtask in release mode and runs it once per input (the Particle client;
    /// nexus from the corpus) under callgrind with GENERATOR_THREADS=1; prints a Markdown table in
    /// millions of instructions, saved with the call graphs under target/instructions/. Counts do
    /// not move with the machine's load, as times do.
    Instructions {
        /// The corpus folder, for nexus.json [default: ../shared/corpus].
        #[arg(long, value_name = "DIR")]
        corpus: Option<String>,
    },
    /// Our Swagger 2.0 conversion against swagger2openapi (npm), as a Markdown report.
    ///
    /// Needs node and npm: swagger2openapi 7 is installed under target/swagger2openapi/ when
    /// missing. Exits 0 whatever differs; docs/converter-differences.md explains each kind of
    /// difference.
    CompareConverter {
        /// Take each spec as written: no overlay, no normalisation passes.
        #[arg(long)]
        raw: bool,
        /// Swagger 2.0 files, each with its sibling NAME.overlay.yaml if there is one [default:
        /// petstore and kubernetes-1.16 from ../shared/corpus].
        #[arg(value_name = "SPEC")]
        specs: Vec<String>,
    },
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Codegen {
            check,
            dump_ir,
            verbose,
        } => {
            let mode = if check {
                codegen::Mode::Check
            } else {
                codegen::Mode::Write
            };
            codegen::codegen(mode, dump_ir, verbose)
        }
        Command::Generate { args, runtime } => codegen::generate(&args, runtime),
        Command::Spec { out } => codegen::spec(out.as_deref()),
        Command::Diff {
            old,
            new,
            base,
            old_overlay,
            new_overlay,
            json,
        } => {
            let root = workspace::root();
            let particle = codegen::particle_config(&root);
            match (base, old, new) {
                (Some(rev), _, _) => diff::command(
                    diff::Inputs::at_revision(&rev)?,
                    diff::Inputs::project()?,
                    diff::OldCrate::At {
                        rev: &rev,
                        dir: workspace::CLIENT,
                    },
                    &particle,
                    json,
                ),
                (None, Some(old), Some(new)) => {
                    // Any two specs: both crates generated as `generate` would, named alike.
                    let config = generator::emit::CrateConfig {
                        name: "client".to_owned(),
                        version: "0.1.0".to_owned(),
                        workspace_member: false,
                        publish: false,
                        ..particle
                    };
                    diff::command(
                        diff::Inputs::from_files(&old, &old_overlay)?,
                        diff::Inputs::from_files(&new, &new_overlay)?,
                        diff::OldCrate::Generated,
                        &config,
                        json,
                    )
                }
                _ => bail!("diff needs OLD and NEW specs, or --base REV"),
            }
        }
        Command::Release { no_verify } => release::release(!no_verify),
        Command::Coverage => coverage::coverage(),
        Command::Corpus { paths } => corpus::corpus(&paths),
        Command::Features {
            paths,
            crates,
            sample,
            seed,
        } => gating::command(&paths, &crates, sample, seed),
        Command::Roundtrip { paths, overlay } => roundtrip::roundtrip(&paths, &overlay),
        Command::Samples { paths, overlay } => samples::samples(&paths, &overlay),
        Command::Conformance { paths, overlay } => conformance::conformance(&paths, &overlay),
        Command::Mock {
            spec,
            overlay,
            port,
        } => mock::mock(spec.as_deref(), &overlay, port),
        Command::BenchPeers(options) => bench_peers::bench_peers(&options),
        Command::BenchCli(options) => bench_cli::bench_cli(&options),
        Command::Instructions { corpus } => instructions::instructions(corpus.as_deref()),
        Command::CompareConverter { raw, specs } => {
            compare_converter::compare_converter(&specs, raw)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use clap::CommandFactory;

    use super::*;

    /// clap's own consistency checks, and a description for every command and argument.
    #[test]
    fn cli_is_well_formed() {
        let cli = Cli::command();
        cli.clone().debug_assert();
        for command in cli.get_subcommands() {
            let name = command.get_name();
            assert!(command.get_about().is_some(), "`{name}` has no description");
            for arg in command.get_arguments() {
                let id = arg.get_id();
                assert!(
                    arg.get_help().is_some(),
                    "`{name}`'s `{id}` has no description"
                );
            }
        }
    }

    /// `mock` serves the Particle API on port 4010 unless told otherwise; overlays go with a SPEC
    /// only, and port 0 (any port, which nobody could be told) is refused.
    #[test]
    fn mock_arguments() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(["cargo xtask", "mock"].iter().chain(args)).map(|cli| cli.command)
        };
        assert!(matches!(
            parse(&[]),
            Ok(Command::Mock { spec: None, ref overlay, port: 4010 }) if overlay.is_empty()
        ));
        assert!(matches!(
            parse(&["other.yaml", "--overlay", "fixes", "--port", "8080"]),
            Ok(Command::Mock { spec: Some(ref spec), ref overlay, port: 8080 })
                if spec == "other.yaml" && overlay == &["fixes"]
        ));
        assert!(parse(&["--overlay", "fixes"]).is_err());
        assert!(parse(&["--port", "0"]).is_err());
        assert!(parse(&["--port", "65536"]).is_err());
    }

    /// The command lines in README.md's section "The two commands": for each command, the words
    /// of every line starting `cargo xtask NAME` and of its indented continuation lines, up to a
    /// `#` comment, brackets and `...` dropped.
    fn readme_usages(readme: &str) -> BTreeMap<String, Vec<String>> {
        let start = readme
            .find("## The two commands")
            .expect("README.md has a section \"The two commands\"");
        let section = &readme[start + 2..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        let mut usages: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in section.lines() {
            let usage = line.split('#').next().unwrap_or_default();
            let words = usage
                .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
                .filter(|word| !word.is_empty())
                .map(|word| {
                    word.trim_end_matches("...")
                        .trim_end_matches('…')
                        .to_owned()
                });
            if let Some(rest) = line.strip_prefix("cargo xtask ") {
                let name = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                current = Some(name.clone());
                usages.entry(name).or_default().extend(words.skip(3));
            } else if !line.starts_with(' ') || usage.trim().is_empty() {
                current = None;
            } else if let Some(name) = &current {
                usages.entry(name.clone()).or_default().extend(words);
            }
        }
        usages
    }

    /// The README lists every command with every option and positional argument, and nothing
    /// that does not exist; adding an option to the CLI without documenting it fails here.
    #[test]
    fn readme_lists_every_command_and_option() {
        let readme = std::fs::read_to_string(workspace::root().join("README.md")).unwrap();
        let usages = readme_usages(&readme);
        let cli = Cli::command();
        let mut problems = Vec::new();
        for command in cli.get_subcommands() {
            let name = command.get_name();
            let Some(words) = usages.get(name) else {
                problems.push(format!("no line `cargo xtask {name} …`"));
                continue;
            };
            for arg in command.get_arguments() {
                let word = match (arg.get_long(), arg.get_value_names()) {
                    (Some(long), _) => format!("--{long}"),
                    (None, Some([value, ..])) => value.to_string(),
                    (None, _) => arg.get_id().to_string().to_uppercase(),
                };
                if !words.contains(&word) {
                    problems.push(format!("`cargo xtask {name}` without `{word}`"));
                }
            }
        }
        for (name, words) in &usages {
            let Some(command) = cli.find_subcommand(name) else {
                problems.push(format!("`cargo xtask {name}`, which is no command"));
                continue;
            };
            for word in words.iter().filter(|word| word.starts_with("--")) {
                let known = command.get_arguments().any(|arg| {
                    arg.get_long()
                        .is_some_and(|long| word.strip_prefix("--") == Some(long))
                });
                if !known {
                    problems.push(format!("`cargo xtask {name} {word}`, which is no option"));
                }
            }
        }
        assert!(
            problems.is_empty(),
            "README.md (section \"The two commands\") is out of step with `cargo xtask --help`:\n  {}",
            problems.join("\n  ")
        );
    }
}
