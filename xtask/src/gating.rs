//! The proof that a generated crate's feature gates are right, in two parts:
//!
//! - [`audit`] reads the crate's sources: every item that names a model (another model, a
//!   method, a parameter struct, a mock) must be compiled only when that model is, so a model
//!   gated by features must be gated by every feature of every item using it;
//! - [`check_feature_sets`] runs `cargo check` with no feature of the API, with each one alone
//!   (a sample of them for a crate of many, seed stated), and with all features.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};
use generator::pipeline;
use syn::visit::Visit;

use crate::corpus::{self, ScratchSpec};
use crate::workspace::root;

/// The features an item is compiled with: `None` always, else any of these.
type Gate = Option<BTreeSet<String>>;

/// Every item of `files` (`(path, text)` of a crate's `src/models.rs`, `src/operations.rs`,
/// `src/mock.rs`) that uses a model compiled with fewer features than the item itself: one line
/// per problem, empty when the gates are right.
pub fn audit(files: &[(String, String)]) -> Result<Vec<String>> {
    let mut parsed = Vec::new();
    for (path, text) in files {
        let file = syn::parse_file(text).with_context(|| format!("parsing {path}"))?;
        parsed.push((path.as_str(), file));
    }
    let mut models: BTreeMap<String, Gate> = BTreeMap::new();
    for (path, file) in &parsed {
        if !path.ends_with("models.rs") {
            continue;
        }
        for item in &file.items {
            let (name, attrs) = match item {
                syn::Item::Struct(item) => (&item.ident, &item.attrs),
                syn::Item::Enum(item) => (&item.ident, &item.attrs),
                syn::Item::Type(item) => (&item.ident, &item.attrs),
                _ => continue,
            };
            models.insert(name.to_string(), gate(attrs));
        }
    }
    let mut problems = Vec::new();
    for (path, file) in &parsed {
        for item in &file.items {
            // models.rs names its models bare; the other files by `crate::models::…`.
            let bare = path.ends_with("models.rs");
            for (label, user_gate, uses) in users(item, &models, bare) {
                for model in uses {
                    let Some(Some(model_gate)) = models.get(&model) else {
                        continue;
                    };
                    let covered = match &user_gate {
                        None => false,
                        Some(user) => user.is_subset(model_gate),
                    };
                    if !covered {
                        problems.push(format!(
                            "{path}: {label} ({}) uses `{model}` ({})",
                            describe(user_gate.as_ref()),
                            describe(Some(model_gate))
                        ));
                    }
                }
            }
        }
    }
    Ok(problems)
}

/// "always compiled", or "compiled with any of `a`, `b`".
fn describe(gate: Option<&BTreeSet<String>>) -> String {
    match gate {
        None => "always compiled".to_owned(),
        Some(features) => {
            let list: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
            format!("compiled with any of {}", list.join(", "))
        }
    }
}

/// The items `item` holds that can use a model, each with a label, its gate and the models it
/// names: the item itself, or each method of an `impl` block that has no gate of its own.
fn users(
    item: &syn::Item,
    models: &BTreeMap<String, Gate>,
    bare: bool,
) -> Vec<(String, Gate, BTreeSet<String>)> {
    let named = |visit: &dyn Fn(&mut Names<'_>)| {
        let mut names = Names {
            models,
            bare,
            found: BTreeSet::new(),
        };
        visit(&mut names);
        names.found
    };
    match item {
        syn::Item::Impl(block) if gate(&block.attrs).is_none() => {
            let self_ty = named(&|names| names.visit_type(&block.self_ty));
            let label = quote::ToTokens::to_token_stream(&block.self_ty)
                .to_string()
                .replace(' ', "");
            block
                .items
                .iter()
                .filter_map(|inner| match inner {
                    syn::ImplItem::Fn(method) => Some(method),
                    _ => None,
                })
                .map(|method| {
                    let mut found = named(&|names| names.visit_impl_item_fn(method));
                    found.extend(self_ty.iter().cloned());
                    (
                        format!("`{label}::{}`", method.sig.ident),
                        gate(&method.attrs),
                        found,
                    )
                })
                .collect()
        }
        syn::Item::Struct(_)
        | syn::Item::Enum(_)
        | syn::Item::Type(_)
        | syn::Item::Impl(_)
        | syn::Item::Static(_)
        | syn::Item::Const(_)
        | syn::Item::Fn(_) => {
            let attrs = match item {
                syn::Item::Struct(item) => &item.attrs,
                syn::Item::Enum(item) => &item.attrs,
                syn::Item::Type(item) => &item.attrs,
                syn::Item::Impl(item) => &item.attrs,
                syn::Item::Static(item) => &item.attrs,
                syn::Item::Const(item) => &item.attrs,
                syn::Item::Fn(item) => &item.attrs,
                _ => return Vec::new(),
            };
            let found = named(&|names| names.visit_item(item));
            vec![(label_of(item), gate(attrs), found)]
        }
        _ => Vec::new(),
    }
}

/// A short name for an item in a message.
fn label_of(item: &syn::Item) -> String {
    match item {
        syn::Item::Struct(item) => format!("`{}`", item.ident),
        syn::Item::Enum(item) => format!("`{}`", item.ident),
        syn::Item::Type(item) => format!("`{}`", item.ident),
        syn::Item::Impl(item) => {
            format!("`impl {}`", quote::ToTokens::to_token_stream(&item.self_ty))
        }
        syn::Item::Static(item) => format!("`{}`", item.ident),
        syn::Item::Const(item) => format!("`{}`", item.ident),
        syn::Item::Fn(item) => format!("`{}`", item.sig.ident),
        _ => "an item".to_owned(),
    }
}

/// The API features a `#[cfg(feature = …)]` or `#[cfg(any(feature = …, …))]` compiles an item
/// with; `None` without one. `mock`'s own gate (the whole module) is not the API's.
fn gate(attrs: &[syn::Attribute]) -> Gate {
    let mut found: Option<BTreeSet<String>> = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("cfg")) {
        let Ok(list) = attr.meta.require_list() else {
            continue;
        };
        let text = list.tokens.to_string();
        let features: BTreeSet<String> = text
            .split("feature")
            .skip(1)
            .filter_map(|rest| {
                let start = rest.find('"')? + 1;
                let end = start + rest.get(start..)?.find('"')?;
                rest.get(start..end).map(str::to_owned)
            })
            .collect();
        if !features.is_empty() {
            found.get_or_insert_with(BTreeSet::new).extend(features);
        }
    }
    found
}

/// The models a piece of syntax names: a segment after `models`, or (`bare`, in `models.rs`) a
/// path's first segment.
struct Names<'a> {
    models: &'a BTreeMap<String, Gate>,
    bare: bool,
    found: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut previous: Option<String> = None;
        for (index, segment) in path.segments.iter().enumerate() {
            let ident = segment.ident.to_string();
            let after_models = previous.as_deref() == Some("models");
            if ((index == 0 && self.bare) || after_models) && self.models.contains_key(&ident) {
                self.found.insert(ident.clone());
            }
            previous = Some(ident);
        }
        syn::visit::visit_path(self, path);
    }
}

/// The API's features of a generated crate: the list of its `full` feature.
pub fn api_features(manifest: &Path) -> Result<Vec<String>> {
    let text =
        fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    Ok(text
        .lines()
        .find_map(|line| line.strip_prefix("full = ["))
        .map(|list| {
            list.trim_end_matches(']')
                .split(',')
                .map(|name| name.trim().trim_matches('"').to_owned())
                .filter(|name| !name.is_empty())
                .collect()
        })
        .unwrap_or_default())
}

/// A generated crate whose feature sets are checked.
pub struct Package {
    /// Its package name.
    pub name: String,
    /// Its API features.
    pub features: Vec<String>,
}

/// How many feature sets were checked, and which failed.
pub struct Proof {
    /// `cargo check` runs per package (none, each single one checked, all).
    pub checked: BTreeMap<String, usize>,
    /// The single features checked of a package that has more than the sample.
    pub sampled: BTreeMap<String, (usize, usize)>,
    /// `package: feature set` of each failure, with cargo's messages.
    pub failures: Vec<String>,
}

/// `cargo check` each of `packages` (members of the workspace in `dir`, built into `target`):
/// with no default feature, with each API feature alone (at most `sample` of them, chosen with
/// `seed`, for a package of more), and with every feature. Warnings are errors: an import only
/// gated items use must not be left unused. Packages are checked together, one feature of each
/// per `cargo` run.
pub fn check_feature_sets(
    dir: &Path,
    target: &Path,
    packages: &[Package],
    sample: usize,
    seed: u64,
) -> Result<Proof> {
    let mut proof = Proof {
        checked: BTreeMap::new(),
        sampled: BTreeMap::new(),
        failures: Vec::new(),
    };
    let chosen: Vec<Vec<&String>> = packages
        .iter()
        .map(|package| {
            let picked = pick(&package.features, sample, seed);
            if picked.len() < package.features.len() {
                proof
                    .sampled
                    .insert(package.name.clone(), (picked.len(), package.features.len()));
            }
            picked
        })
        .collect();
    let mut runs: Vec<(String, Vec<String>)> = vec![
        (
            "no feature".to_owned(),
            vec!["--no-default-features".to_owned()],
        ),
        ("all features".to_owned(), vec!["--all-features".to_owned()]),
    ];
    let rounds = chosen.iter().map(Vec::len).max().unwrap_or_default();
    for round in 0..rounds {
        let features: Vec<String> = packages
            .iter()
            .zip(&chosen)
            .filter_map(|(package, chosen)| {
                chosen
                    .get(round)
                    .map(|feature| format!("{}/{feature}", package.name))
            })
            .collect();
        runs.push((
            format!("single features, round {}", round + 1),
            vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                features.join(","),
            ],
        ));
    }
    for (round, (label, args)) in runs.iter().enumerate() {
        let in_round: Vec<&Package> = packages
            .iter()
            .zip(&chosen)
            .filter(|(_, chosen)| round < 2 || chosen.len() > round - 2)
            .map(|(package, _)| package)
            .collect();
        let mut command =
            Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        command
            .args([
                "check",
                "--quiet",
                "--keep-going",
                "--message-format",
                "short",
            ])
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("RUSTFLAGS", "-D warnings");
        for package in &in_round {
            command.args(["-p", &package.name]);
        }
        let output = command
            .output()
            .with_context(|| format!("running cargo check ({label})"))?;
        for package in &in_round {
            *proof.checked.entry(package.name.clone()).or_default() += 1;
        }
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let set = args.last().cloned().unwrap_or_default();
            proof.failures.push(format!("{label} (`{set}`):\n{stderr}"));
        }
    }
    Ok(proof)
}

/// `sample` of `features` chosen with `seed` (a xorshift shuffle), in name order; all of them
/// when there are no more.
fn pick(features: &[String], sample: usize, seed: u64) -> Vec<&String> {
    if features.len() <= sample {
        return features.iter().collect();
    }
    let mut state = seed.max(1);
    let mut order: Vec<usize> = (0..features.len()).collect();
    for at in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let other = usize::try_from(state % (at as u64 + 1)).unwrap_or(0);
        order.swap(at, other);
    }
    let mut picked: Vec<usize> = order.into_iter().take(sample).collect();
    picked.sort_unstable();
    picked.into_iter().map(|at| &features[at]).collect()
}

/// The files [`audit`] reads, from a crate's `src/`.
pub fn sources(krate: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for name in ["models.rs", "operations.rs", "mock.rs"] {
        let path = krate.join("src").join(name);
        if path.is_file() {
            let text =
                fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
    }
    Ok(files)
}

/// `cargo xtask features`: audit and check the feature sets of the crates of `crates` (folders
/// of this workspace's generated crates) and of a crate generated for every spec of `paths`.
#[allow(clippy::print_stdout)]
pub fn command(paths: &[String], crates: &[String], sample: usize, seed: u64) -> Result<ExitCode> {
    let root = root();
    let target = root.join("target/corpus-target");
    let mut local = Vec::new();
    for dir in crates {
        local.push(package_at(&root.join(dir))?);
    }
    let out = root.join("target/features");
    let mut generated = Vec::new();
    if !paths.is_empty() {
        fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
        for spec in corpus::find_specs(paths)? {
            let scratch = ScratchSpec::read(&spec, &[], "features")?;
            let sources = scratch.overlay_sources();
            let (input, config) = (scratch.input(&sources), scratch.config());
            match pipeline::generate(&input, &config) {
                Ok((_, files)) => {
                    let dir = out.join(&scratch.crate_name);
                    crate::files::write(&dir, &files)?;
                    generated.push(package_at(&dir)?);
                }
                // The corpus command reports a spec the generator refuses.
                Err(_) => println!("{}: not generated (errors), left out", spec.display()),
            }
        }
        let members: Vec<&str> = generated
            .iter()
            .map(|(package, _)| package.name.as_str())
            .collect();
        corpus::write_workspace(&out, &members, "")?;
    }
    let mut failed = false;
    println!("| crate | API features | gate problems | `cargo check` runs | single features |");
    println!("|---|---:|---:|---:|---|");
    let mut total = 0;
    for (dir, packages) in [(&root, &local), (&out, &generated)] {
        if packages.is_empty() {
            continue;
        }
        let mut problems = BTreeMap::new();
        for (package, krate) in packages.iter() {
            let found = audit(&sources(krate)?)?;
            for problem in found.iter().take(20) {
                println!("gate problem: {problem}");
            }
            failed |= !found.is_empty();
            problems.insert(package.name.clone(), found.len());
        }
        let list: Vec<Package> = packages
            .iter()
            .map(|(package, _)| Package {
                name: package.name.clone(),
                features: package.features.clone(),
            })
            .collect();
        let proof = check_feature_sets(dir, &target, &list, sample, seed)?;
        for package in &list {
            let runs = proof
                .checked
                .get(&package.name)
                .copied()
                .unwrap_or_default();
            total += runs;
            let singles = match proof.sampled.get(&package.name) {
                Some((picked, of)) => format!("{picked} of {of} (sample, seed {seed})"),
                None => format!("all {}", package.features.len()),
            };
            println!(
                "| {} | {} | {} | {runs} | {singles} |",
                package.name,
                package.features.len(),
                problems.get(&package.name).copied().unwrap_or_default()
            );
        }
        for failure in &proof.failures {
            println!("FAILED: {failure}");
        }
        failed |= !proof.failures.is_empty();
    }
    println!(
        "\nfeature sets: {total} `cargo check` runs of a crate (no feature, each single feature, all features); {}",
        if failed {
            "FAILED"
        } else {
            "every one compiles without warnings, every gate covers its users"
        }
    );
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The package in `dir` (its name and API features), and `dir`.
fn package_at(dir: &Path) -> Result<(Package, std::path::PathBuf)> {
    let manifest = dir.join("Cargo.toml");
    let text =
        fs::read_to_string(&manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let name = text
        .lines()
        .find_map(|line| line.strip_prefix("name = "))
        .map(|name| name.trim().trim_matches('"').to_owned())
        .with_context(|| format!("{} names no package", manifest.display()))?;
    let features = api_features(&manifest)?;
    Ok((Package { name, features }, dir.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(models: &str, operations: &str) -> Vec<(String, String)> {
        vec![
            ("src/models.rs".to_owned(), models.to_owned()),
            ("src/operations.rs".to_owned(), operations.to_owned()),
        ]
    }

    const MODELS: &str = r#"
        #[cfg(any(feature = "pets", feature = "stores"))]
        pub struct Pet { pub tag: Tag }
        #[cfg(any(feature = "pets", feature = "stores"))]
        impl Pet { pub fn new(tag: Tag) -> Self { Self { tag } } }
        #[cfg(any(feature = "pets", feature = "stores"))]
        pub struct Tag { pub name: String }
        pub struct Error { pub message: String }
    "#;

    const OPERATIONS: &str = r#"
        impl crate::Client {
            #[cfg(feature = "pets")]
            pub fn get_pet(&self) -> Call<'_, crate::models::Pet, crate::models::Error> { todo!() }
            #[cfg(feature = "stores")]
            pub fn list_store_pets(&self) -> Call<'_, Vec<crate::models::Pet>, crate::models::Error> { todo!() }
        }
    "#;

    #[test]
    fn right_gates_pass() {
        let problems = audit(&files(MODELS, OPERATIONS)).unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    /// A model gated by fewer features than an operation using it is reported, as is one the
    /// model that holds it needs.
    #[test]
    fn a_model_missing_a_feature_of_its_users_is_reported() {
        let narrow = MODELS.replace(
            "#[cfg(any(feature = \"pets\", feature = \"stores\"))]\n        pub struct Tag",
            "#[cfg(feature = \"pets\")]\n        pub struct Tag",
        );
        assert_ne!(narrow, MODELS);
        let problems = audit(&files(&narrow, OPERATIONS)).unwrap();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("`Pet` (compiled with any of `pets`, `stores`) uses `Tag` (compiled with any of `pets`)"), "{problems:#?}");
        let narrow = MODELS.replace(
            "#[cfg(any(feature = \"pets\", feature = \"stores\"))]\n        pub struct Pet",
            "#[cfg(feature = \"pets\")]\n        pub struct Pet",
        );
        let problems = audit(&files(&narrow, OPERATIONS)).unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`crate::Client::list_store_pets`")),
            "{problems:#?}"
        );
    }

    /// An item always compiled that uses a gated model is reported.
    #[test]
    fn an_ungated_user_of_a_gated_model_is_reported() {
        let operations = OPERATIONS.replace("#[cfg(feature = \"pets\")]\n", "");
        let problems = audit(&files(MODELS, &operations)).unwrap();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].contains("get_pet` (always compiled) uses `Pet`"),
            "{problems:#?}"
        );
    }

    /// The checked-in crates' gates cover their users.
    #[test]
    fn the_checked_in_crates_gates_are_right() {
        for dir in [crate::workspace::CLIENT, crate::workspace::FEATURES] {
            let files = sources(&root().join(dir)).unwrap();
            assert_eq!(files.len(), 3, "{dir}");
            let problems = audit(&files).unwrap();
            assert!(problems.is_empty(), "{dir}: {problems:#?}");
        }
    }

    /// So do those of every fixture spec's crate, generated here.
    #[test]
    fn every_fixtures_gates_are_right() {
        let folder = root().join("generator/tests/fixtures/pipeline");
        let specs = corpus::find_specs(&[folder.display().to_string()]).unwrap();
        assert!(specs.len() > 20, "{specs:?}");
        for spec in specs {
            let scratch = ScratchSpec::read(&spec, &[], "features").unwrap();
            let sources = scratch.overlay_sources();
            let Ok((output, files)) =
                pipeline::generate(&scratch.input(&sources), &scratch.config())
            else {
                continue;
            };
            let files: Vec<(String, String)> = files
                .into_iter()
                .filter(|file| {
                    ["src/models.rs", "src/operations.rs", "src/mock.rs"]
                        .contains(&file.path.as_str())
                })
                .map(|file| (file.path, file.contents))
                .collect();
            let problems = audit(&files).unwrap();
            assert!(problems.is_empty(), "{}: {problems:#?}", spec.display());
            assert!(
                output.api.operations.is_empty() || !output.api.features.is_empty(),
                "{}",
                spec.display()
            );
        }
    }

    #[test]
    fn samples_are_the_same_for_a_seed() {
        let features: Vec<String> = (0..40).map(|n| format!("f{n:02}")).collect();
        let one = pick(&features, 8, 7);
        assert_eq!(one.len(), 8);
        assert_eq!(one, pick(&features, 8, 7));
        assert_ne!(one, pick(&features, 8, 8));
        assert_eq!(pick(&features, 50, 7).len(), 40);
    }
}
