//! The stages in order: load → overlay → (3.1: downgrade) → hoist → normalize → refs check →
//! (Swagger 2.0: convert) → deserialize → lower → emit.
//!
//! Each stage reports pointers into its own input; this module turns them into file:line:column in
//! the file a user can open — the spec, or the overlay for a value the overlay wrote.

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::emit::{self, CrateConfig, File};
use crate::ir::Api;
use crate::load::{self, Document};
use crate::origins::Origins;
use crate::overlay::{self, ActionReport, Provenance};
use crate::timings::Timings;
use crate::{convert, deserialize, downgrade, hoist, lower, normalize, refs};

/// A text file handed to the pipeline.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The name diagnostics use (a relative path as the user gave it).
    pub name: &'a str,
    /// The contents.
    pub text: &'a str,
}

/// The inputs of one run.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The spec: Swagger 2.0 or OpenAPI 3.0.x, YAML or JSON.
    pub spec: Source<'a>,
    /// OpenAPI Overlay 1.0 documents, applied in this order before anything else (none is fine).
    pub overlays: &'a [Source<'a>],
    /// What a part that cannot be generated does to the run.
    pub on_skip: OnSkip,
}

/// What happens when a part of the spec cannot be generated (an operation whose path has a query
/// string, a `$ref` to the wrong kind of object): see [`crate::diag::Skipped`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnSkip {
    /// The part is left out with a warning; the rest of the client is generated.
    #[default]
    Warn,
    /// The warning is an error: the run fails and writes nothing.
    Refuse,
}

impl OnSkip {
    /// `diagnostic`, an error if it reports a skipped part and skipping is refused.
    fn apply(self, mut diagnostic: Diagnostic) -> Diagnostic {
        if self == OnSkip::Refuse && diagnostic.is_skip() {
            diagnostic.severity = Severity::Error;
        }
        diagnostic
    }
}

/// What a successful run produced.
#[derive(Debug)]
pub struct Output {
    /// What the input was: `Swagger 2.0` or `OpenAPI 3.0`.
    pub input_format: &'static str,
    /// The repaired spec as OpenAPI 3.0.
    pub openapi: Value,
    /// The lowered API.
    pub api: Api,
    /// What each overlay action matched.
    pub actions: Vec<ActionReport>,
    /// Warnings, located and sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
}

/// Which kind of document the spec is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

/// Stack for the stages. Deserializers and the Rust parser recurse once per level of nesting; a
/// deeply nested (but still accepted) schema must not overflow whatever thread calls us. Only the
/// pages actually touched are committed, so a large reservation costs nothing.
const STACK_BYTES: usize = 256 << 20;

/// Run every stage up to the IR. On failure, every diagnostic found (errors and warnings), located.
pub fn run(input: &Input<'_>) -> Result<Output, Vec<Diagnostic>> {
    on_own_stack(|| run_stages(input))
}

/// Run every stage and render the crate.
pub fn generate(
    input: &Input<'_>,
    config: &CrateConfig,
) -> Result<(Output, Vec<File>), Vec<Diagnostic>> {
    on_own_stack(|| {
        let mut output = run_stages(input)?;
        let mut found = Diagnostics::new();
        let files = emit::emit_timed(&output.api, config, &mut found, &mut output.timings);
        if found.has_errors() {
            return Err(found.into_vec());
        }
        Ok((output, files))
    })
}

/// `work` on a thread with [`STACK_BYTES`] of stack. A failure to start it, or a panic in it (a
/// generator bug), comes back as an error diagnostic rather than bringing the caller down.
fn on_own_stack<T: Send>(
    work: impl FnOnce() -> Result<T, Vec<Diagnostic>> + Send,
) -> Result<T, Vec<Diagnostic>> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("generator".to_owned())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|error| {
                vec![Diagnostic::error(
                    "internal",
                    "",
                    format!("cannot start the generator thread: {error}"),
                )]
            })?;
        handle.join().unwrap_or_else(|_| {
            Err(vec![Diagnostic::error("internal", "", "the generator panicked: this is a bug in the generator, please report it with the input")])
        })
    })
}

fn run_stages(input: &Input<'_>) -> Result<Output, Vec<Diagnostic>> {
    // Loading locates its own problems (they are about the text, not a pointer).
    let mut timings = Timings::default();
    let mut loaded = Diagnostics::new();
    let (spec, overlays) = timings.time("load", || load_all(input, &mut loaded));
    let mut spec = match spec {
        Some(spec) if !loaded.has_errors() => spec,
        _ => return Err(sorted(loaded.into_vec())),
    };
    let format = format_of(&spec).map_err(|d| vec![spec.locate(d)])?;
    let mut located = loaded.into_vec();

    let mut found = Diagnostics::new();
    // From here `spec` only locates diagnostics, which needs its text, not its value: the value
    // is taken, not copied (a copy of a 47 MB document's value takes half a second).
    let mut value = std::mem::take(&mut spec.value);
    let mut actions = Vec::new();
    let mut provenance = Provenance::default();
    for (file, (name, document, overlay)) in overlays.iter().enumerate() {
        // An overlay that could not be read has failed the run above.
        let Some(overlay) = overlay else { continue };
        let applied = timings.time("overlay", || {
            overlay.apply(value, (file, name), &mut provenance, &mut found)
        });
        located.extend(found.into_iter().map(|d| document.locate(d)));
        found = Diagnostics::new();
        value = applied.spec;
        actions.extend(applied.reports);
    }
    let places = Places {
        spec: &spec,
        overlays: overlays.iter().map(|(_, document, _)| document).collect(),
        provenance: &provenance,
    };

    // 3.1 is rewritten as 3.0 first, so everything after sees one dialect.
    let value = match format {
        Format::OpenApi31 => timings.time("downgrade", || downgrade::downgrade(value, &mut found)),
        Format::Swagger2 | Format::OpenApi30 => value,
    };
    // Then every reference is made one the model reads, so that the repairs see every schema
    // where the model will read it.
    let dialect = match format {
        Format::Swagger2 => hoist::Dialect::Swagger2,
        Format::OpenApi30 | Format::OpenApi31 => hoist::Dialect::OpenApi3,
    };
    let hoist::Hoisted {
        value,
        origins: hoisted,
    } = timings.time("hoist", || hoist::hoist(value, dialect, &mut found));
    // Until here pointers are into the spec (or, for what the overlay wrote, the overlay).
    let on_skip = input.on_skip;
    timings.time("locate", || {
        located.extend(
            found
                .into_iter()
                .map(|d| on_skip.apply(places.locate(d, &[]))),
        );
    });

    // From here pointers are into the hoisted document: `hoisted` maps them back.
    let mut found = Diagnostics::new();
    let value = timings.time("normalize", || normalize::normalize(value, &mut found));
    // An OpenAPI 3 document is deserialized while its references are checked (both only read
    // it); the model is used only if the check finds no error. Swagger 2.0 is converted first.
    let (openapi, converted, deserialized) = match format {
        Format::Swagger2 => {
            timings.time("refs", || refs::check(&value, &mut found));
            let converted = timings.time("convert", || convert::convert(&value, &mut found));
            (converted.value, Some(converted.origins), None)
        }
        Format::OpenApi30 | Format::OpenApi31 => {
            let (checked, deserialized) =
                timings.time("refs and deserialize", || check_while_deserializing(&value));
            found.extend(checked);
            (value, None, Some(deserialized))
        }
    };
    timings.time("locate", || {
        located.extend(
            found
                .into_iter()
                .map(|d| on_skip.apply(places.locate(d, &[&hoisted]))),
        );
    });
    if located.iter().any(Diagnostic::is_error) {
        return Err(sorted(located));
    }

    // From here pointers are into the converted document: `converted` maps them back first.
    let origins: Vec<&Origins> = converted.iter().chain([&hoisted]).collect();
    let mut found = Diagnostics::new();
    let model = match deserialized {
        Some((model, problems)) => {
            found.extend(problems);
            model
        }
        None => timings.time("deserialize", || {
            deserialize::deserialize(&openapi, &mut found)
        }),
    };
    let api = timings.time("lower", || {
        model.map(|model| lower::lower(&model, fingerprint(input), &mut found))
    });
    timings.time("locate", || {
        located.extend(
            found
                .into_iter()
                .map(|d| on_skip.apply(places.locate(d, &origins))),
        );
    });
    let Some(api) = api.filter(|_| !located.iter().any(Diagnostic::is_error)) else {
        return Err(sorted(located));
    };
    let input_format = match format {
        Format::Swagger2 => "Swagger 2.0",
        Format::OpenApi30 => "OpenAPI 3.0",
        Format::OpenApi31 => "OpenAPI 3.1",
    };
    Ok(Output {
        input_format,
        openapi,
        api,
        actions,
        diagnostics: sorted(located),
        timings,
    })
}

/// `refs::check` of `document` on a thread of its own while `deserialize` reads it here: the
/// check's findings, and the model with the problems reading it found.
fn check_while_deserializing(
    document: &Value,
) -> (Diagnostics, (Option<openapiv3::OpenAPI>, Diagnostics)) {
    let check = || {
        let mut found = Diagnostics::new();
        refs::check(document, &mut found);
        found
    };
    let (checked, deserialized) = crate::threads::alongside(check, || {
        let mut problems = Diagnostics::new();
        let model = deserialize::deserialize(document, &mut problems);
        (model, problems)
    });
    let checked = checked.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    (checked, deserialized)
}

/// The spec and every overlay, loaded; the problems in the order of the files. The later half of
/// the overlays is read on a second thread while this one reads the spec and the first half.
fn load_all<'a>(
    input: &Input<'a>,
    diagnostics: &mut Diagnostics,
) -> (Option<Document>, Vec<Loaded<'a>>) {
    let load_overlays = |sources: &[Source<'a>]| {
        let loaded: Vec<(Option<Loaded<'a>>, Diagnostics)> = sources
            .iter()
            .map(|&source| {
                let mut found = Diagnostics::new();
                (load_overlay(source, &mut found), found)
            })
            .collect();
        loaded
    };
    let (first, later) = input.overlays.split_at(input.overlays.len() / 2);
    let (later, (spec, first)) = crate::threads::alongside(
        || load_overlays(later),
        || {
            let spec = load::load(input.spec.name, input.spec.text, diagnostics);
            (spec, load_overlays(first))
        },
    );
    let later = later.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let mut overlays = Vec::with_capacity(input.overlays.len());
    for (overlay, found) in first.into_iter().chain(later) {
        diagnostics.extend(found);
        overlays.extend(overlay);
    }
    (spec, overlays)
}

/// An overlay's name, document, and actions (`None` when they are not valid).
type Loaded<'a> = (&'a str, Document, Option<overlay::Overlay>);

/// An overlay as read; `None` when its text cannot be read. Problems are reported, located.
fn load_overlay<'a>(source: Source<'a>, diagnostics: &mut Diagnostics) -> Option<Loaded<'a>> {
    let document = load::load(source.name, source.text, diagnostics)?;
    let mut found = Diagnostics::new();
    let overlay = overlay::parse(&document.value, &mut found);
    diagnostics.extend(found.into_iter().map(|d| document.locate(d)));
    Some((source.name, document, overlay))
}

fn format_of(spec: &Document) -> Result<Format, Diagnostic> {
    let value = &spec.value;
    if let Some(version) = value.get("swagger") {
        return match version.as_str() {
            Some("2.0") => Ok(Format::Swagger2),
            _ => Err(Diagnostic::error(
                "unsupported-version",
                "/swagger",
                format!("`swagger: {version}` is not supported; only 2.0 is"),
            )),
        };
    }
    match value.get("openapi").map(|v| (v, v.as_str())) {
        Some((_, Some(version))) if version.starts_with("3.0.") => Ok(Format::OpenApi30),
        Some((_, Some(version))) if version.starts_with("3.1.") => Ok(Format::OpenApi31),
        Some((version, _)) => Err(Diagnostic::error(
            "unsupported-version",
            "/openapi",
            format!(
                "`openapi: {version}` is not supported; Swagger 2.0 and OpenAPI 3.0.x and 3.1.x are"
            ),
        )),
        None => Err(Diagnostic::error(
            "unsupported-version",
            "",
            "neither a `swagger` nor an `openapi` version field: not an API description",
        )),
    }
}

/// The files a diagnostic can point into.
struct Places<'a> {
    spec: &'a Document,
    /// Every overlay, in the order applied (the positions `provenance` records).
    overlays: Vec<&'a Document>,
    provenance: &'a Provenance,
}

impl Places<'_> {
    /// Map a pointer into a rewritten document back to the input through each of `origins` in
    /// turn, then into an overlay if one wrote that value, and locate it.
    fn locate(&self, mut diagnostic: Diagnostic, origins: &[&Origins]) -> Diagnostic {
        for origins in origins {
            diagnostic.pointer = origins.source_pointer(&diagnostic.pointer);
        }
        if let Some((file, pointer)) = self.provenance.overlay_pointer(&diagnostic.pointer) {
            if let Some(overlay) = self.overlays.get(file) {
                diagnostic.pointer = pointer;
                return overlay.locate(diagnostic);
            }
        }
        self.spec.locate(diagnostic)
    }
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        (
            a.severity != Severity::Error,
            &a.location,
            &a.pointer,
            a.code,
        )
            .cmp(&(
                b.severity != Severity::Error,
                &b.location,
                &b.pointer,
                b.code,
            ))
    });
    diagnostics.dedup();
    diagnostics
}

/// FNV-1a (64 bit) over the spec and overlay texts: a stable content fingerprint, not a
/// cryptographic hash (it guards against accidents, not adversaries).
pub fn fingerprint(input: &Input<'_>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    // The spec, then a separator byte that cannot occur in UTF-8 before each overlay, or once
    // after the spec when there is none: ("ab", "c") and ("a", "bc") hash apart, and a spec with
    // one overlay hashes as it did before overlays could be several.
    eat(input.spec.text.as_bytes());
    if input.overlays.is_empty() {
        eat(&[0xff]);
    }
    for overlay in input.overlays {
        eat(&[0xff]);
        eat(overlay.text.as_bytes());
    }
    format!("fnv1a64:{hash:016x}")
}
