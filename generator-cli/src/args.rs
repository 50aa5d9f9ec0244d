//! The command-line options `generate` takes wherever it is run from (`client-gen`, `cargo xtask
//! generate`), as one clap struct each command flattens into its own.

use generator::emit::{DefaultFeatures, Runtime};
use generator::pipeline::OnSkip;

use crate::Generate;

/// What to generate from, where to, and how strictly.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// The spec: Swagger 2.0 or OpenAPI 3.0 / 3.1, YAML or JSON.
    #[arg(value_name = "SPEC")]
    pub spec: String,
    /// An Overlay 1.0 file, or a folder of them applied in file-name order, applied to the
    /// spec before anything else. Repeat it for several, applied in the order given.
    #[arg(long, value_name = "FILE|DIR")]
    pub overlay: Vec<String>,
    /// The crate's folder: files that differ are replaced, stale generated files deleted.
    #[arg(long, value_name = "DIR")]
    pub out: String,
    /// The crate's name [default: from the spec's file name, e.g. petstore-client for
    /// petstore.swagger2.yaml].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Fail instead of leaving anything out: every `skipped-…` warning is an error.
    #[arg(long)]
    pub strict: bool,
    /// Print how long reading, each stage and writing took, to standard error.
    #[arg(long)]
    pub timings: bool,
    /// Also generate a command-line tool for the API, every operation a command, in the folder
    /// `--cli-out` names.
    #[arg(long)]
    pub cli: bool,
    /// The command-line tool's folder [default: the crate's folder with `-cli` added].
    #[arg(long, value_name = "DIR", requires = "cli")]
    pub cli_out: Option<String>,
    /// Generate only the operations of these tags (`repos`), operation ids (`getDevice` or
    /// `get_device`) and path globs (`/repos/**`; `*` stays within a segment), and the models
    /// they use. Comma-separated or repeated; each must select something.
    #[arg(
        long,
        value_name = "TAG|OPERATION-ID|/PATH-GLOB",
        value_delimiter = ','
    )]
    pub select: Vec<String>,
    /// Which of the API's features (one per tag) `default` turns on: `all`, `none`, or `auto`:
    /// all for an API of at most 300 operations, none for a larger one.
    #[arg(long, value_name = "WHICH", default_value = "auto")]
    pub default_features: DefaultFeaturesArg,
}

/// `--default-features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DefaultFeaturesArg {
    /// All for an API of at most 300 operations, none for a larger one.
    Auto,
    /// Every feature of the API (`full`).
    All,
    /// None: users name the features they call.
    None,
}

impl From<DefaultFeaturesArg> for DefaultFeatures {
    fn from(arg: DefaultFeaturesArg) -> Self {
        match arg {
            DefaultFeaturesArg::Auto => Self::Auto,
            DefaultFeaturesArg::All => Self::All,
            DefaultFeaturesArg::None => Self::None,
        }
    }
}

impl GenerateArgs {
    /// What [`crate::generate()`] runs for these options, the runtime given as `runtime` and the
    /// files naming `command` as the one that regenerates them.
    pub fn generate<'a>(&'a self, runtime: Runtime, command: &'a str, check: bool) -> Generate<'a> {
        Generate {
            spec: &self.spec,
            overlays: &self.overlay,
            out: &self.out,
            name: self.name.as_deref(),
            on_skip: if self.strict {
                OnSkip::Refuse
            } else {
                OnSkip::Warn
            },
            runtime,
            command,
            check,
            timings: self.timings,
            cli: self.cli.then(|| crate::generate::CliOut {
                out: self
                    .cli_out
                    .clone()
                    .unwrap_or_else(|| format!("{}-cli", self.out.trim_end_matches('/'))),
                runtime: None,
            }),
            select: &self.select,
            default_features: self.default_features.into(),
        }
    }
}
