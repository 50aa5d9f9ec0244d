//! The stages in order: load → overlay → (3.1: downgrade) → hoist → normalize → refs check →
//! (Swagger 2.0: convert) → deserialize → lower → emit.
//!
//! Each stage reports pointers into its own input; this module turns them into file:line:column in
//! the file a user can open — the spec, or the overlay for a value the overlay wrote.

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::emit::{self, CrateConfig, File};
use crate::grammar::Dialect;
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

/// Which version the spec declares. It routes the stages (3.1 is downgraded first, 2.0 converted
/// after the repairs) and names the input; the stages from the hoist on read only its [`Dialect`],
/// the grammar of what the downgrade leaves, so 3.1 is no dialect of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl Format {
    /// The dialect the stages after the downgrade read.
    fn dialect(self) -> Dialect {
        match self {
            Format::Swagger2 => Dialect::Swagger2,
            Format::OpenApi30 | Format::OpenApi31 => Dialect::OpenApi3,
        }
    }

    /// As the summary names it.
    fn name(self) -> &'static str {
        match self {
            Format::Swagger2 => "Swagger 2.0",
            Format::OpenApi30 => "OpenAPI 3.0",
            Format::OpenApi31 => "OpenAPI 3.1",
        }
    }
}

/// Stack for the stages. Deserializers and the Rust parser recurse once per level of nesting; a
/// deeply nested (but still accepted) schema must not overflow whatever thread calls us. Only the
/// pages actually touched are committed, so a large reservation costs nothing.
const STACK_BYTES: usize = 256 << 20;

/// Run every stage up to the IR. On failure, every diagnostic found (errors and warnings), located.
pub fn run(input: &Input<'_>) -> Result<Output, Vec<Diagnostic>> {
    on_own_stack(|| stages(input, None)).map(|(output, _)| output)
}

/// Run every stage and render the crate.
pub fn generate(
    input: &Input<'_>,
    config: &CrateConfig,
) -> Result<(Output, Vec<File>), Vec<Diagnostic>> {
    on_own_stack(|| stages(input, Some(config)))
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

/// Every stage once, in order, each reporting to the one sink `found`; the crate is rendered when
/// there is a `config`. Each stage reports pointers into its own input: `places` notes which
/// document each stretch of `found` points into and keeps the maps back to the files, and the
/// diagnostics are located once, at the end (or where a run with errors stops).
fn stages(
    input: &Input<'_>,
    config: Option<&CrateConfig>,
) -> Result<(Output, Vec<File>), Vec<Diagnostic>> {
    // The fingerprint reads every byte of the inputs one after another (10 MB take GitHub's spec
    // 10 ms): worked out on a thread of its own while the stages before `lower`, which records
    // it, run.
    std::thread::scope(|scope| {
        let helper = (crate::threads::available() > 1)
            .then(|| {
                std::thread::Builder::new()
                    .name("fingerprint".to_owned())
                    .spawn_scoped(scope, || fingerprint(input))
                    .ok()
            })
            .flatten();
        let fingerprint = move || {
            helper
                .and_then(|helper| helper.join().ok())
                .unwrap_or_else(|| fingerprint(input))
        };
        // The model is dropped on a thread of its own once lowered (GitHub's takes 4 ms), while
        // the crate is emitted; where no thread starts, it is dropped here.
        let drop_later = |model: Option<openapiv3::OpenAPI>| {
            if crate::threads::available() > 1 {
                // A thread that does not start gives the model back, dropped here.
                let _ = std::thread::Builder::new()
                    .name("drop".to_owned())
                    .spawn_scoped(scope, move || drop(model));
            }
        };
        stages_with(input, config, fingerprint, drop_later)
    })
}

/// [`stages`], with `fingerprint` giving the inputs' fingerprint when `lower` needs it, and
/// `drop_later` taking the model once it is lowered.
fn stages_with(
    input: &Input<'_>,
    config: Option<&CrateConfig>,
    fingerprint: impl FnOnce() -> String,
    drop_later: impl FnOnce(Option<openapiv3::OpenAPI>),
) -> Result<(Output, Vec<File>), Vec<Diagnostic>> {
    let mut timings = Timings::default();
    let mut found = Diagnostics::new();
    // Loading locates its own problems (they are about the text, not a pointer).
    let (spec, overlays) = timings.time("load", || load_all(input, &mut found));
    let mut spec = match spec {
        Some(spec) if !found.has_errors() => spec,
        _ => return Err(sorted(found.into_vec())),
    };
    let format = format_of(&spec).map_err(|d| vec![spec.locate(d)])?;
    // From here `spec` only locates diagnostics, which needs its text, not its value: the value
    // is taken, not copied (a copy of a 47 MB document's value takes half a second).
    let value = std::mem::take(&mut spec.value);
    let mut places = Places::new(&spec, &overlays, input.on_skip);
    let (mut value, actions) =
        apply_overlays(value, &overlays, &mut places, &mut found, &mut timings);
    places.enter(&found, Space::Spec { rewrites: 0 });
    // 3.1 is rewritten as 3.0 first, so everything after sees one dialect.
    if format == Format::OpenApi31 {
        value = timings.time("downgrade", || downgrade::downgrade(value, &mut found));
    }
    // Then every reference is made one the model reads, so that the repairs see every schema
    // where the model will read it.
    let hoisted = timings.time("hoist", || {
        hoist::hoist(value, format.dialect(), &mut found)
    });
    places.rewritten(&found, hoisted.origins);
    let value = timings.time("normalize", || {
        normalize::normalize(hoisted.value, &mut found)
    });
    // The one difference between the dialects: Swagger 2.0 is checked, converted, then
    // deserialized; an OpenAPI 3 document is deserialized while its references are checked (both
    // only read it). Either way the model is used only if nothing so far is an error.
    let (openapi, model) = match format.dialect() {
        Dialect::Swagger2 => {
            timings.time("refs", || refs::check(&value, &mut found));
            let converted = timings.time("convert", || convert::convert(&value, &mut found));
            places.stop_on_errors(&found)?;
            places.rewritten(&found, converted.origins);
            let model = timings.time("deserialize", || {
                deserialize::deserialize(&converted.value, &mut found)
            });
            (converted.value, model)
        }
        Dialect::OpenApi3 => {
            let (checked, (model, problems)) =
                timings.time("refs and deserialize", || check_while_deserializing(&value));
            found.extend(checked);
            places.stop_on_errors(&found)?;
            found.extend(problems);
            (value, model)
        }
    };
    let select = config.map_or(&[][..], |config| config.select.as_slice());
    let model = model.map(|mut model| {
        crate::select::operations(&mut model, select, &mut found);
        model
    });
    places.stop_on_errors(&found)?;
    let api = timings.time("lower", || {
        model.as_ref().map(|model| {
            let mut api = lower::lower(model, fingerprint(), &mut found);
            if !select.is_empty() {
                crate::select::prune_models(&mut api);
                lower::assign_features(model, &mut api);
            }
            if config.is_some_and(|config| !config.feature_gates) {
                lower::drop_features(&mut api);
            }
            api
        })
    });
    drop_later(model);
    places.stop_on_errors(&found)?;
    // A model that does not read has been reported as errors; `None` is a second guard.
    let api = api.ok_or_else(|| places.locate(found.iter().cloned()))?;
    places.enter(&found, Space::Generated);
    let files = match config {
        Some(config) => emit::emit_timed(&api, config, &mut found, &mut timings),
        None => Vec::new(),
    };
    places.stop_on_errors(&found)?;
    let diagnostics = timings.time("locate", || places.locate(found));
    let output = Output {
        input_format: format.name(),
        openapi,
        api,
        actions,
        diagnostics,
        timings,
    };
    Ok((output, files))
}

/// `value` with every overlay applied in order, and what each action matched; `places` records
/// which overlay wrote which value. What an overlay reports points into that overlay.
fn apply_overlays(
    mut value: Value,
    overlays: &[Loaded<'_>],
    places: &mut Places<'_>,
    found: &mut Diagnostics,
    timings: &mut Timings,
) -> (Value, Vec<ActionReport>) {
    let mut actions = Vec::new();
    for (file, (name, _, overlay)) in overlays.iter().enumerate() {
        // An overlay that could not be read has failed the run at loading.
        let Some(overlay) = overlay else { continue };
        places.enter(found, Space::Overlay(file));
        // A repair of what upstream now declares names where upstream declares it.
        let spec = places.spec;
        let upstream = |pointer: &str| spec.location(pointer);
        let provenance = &mut places.provenance;
        let applied = timings.time("overlay", || {
            overlay.apply(value, (file, name), &upstream, provenance, found)
        });
        value = applied.spec;
        actions.extend(applied.reports);
    }
    (value, actions)
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

/// Which document the pointers of a stretch of the sink point into: each stage reports pointers
/// into its own input.
#[derive(Debug, Clone, Copy)]
enum Space {
    /// Into the overlay applied `n`th (the position `Provenance` records).
    Overlay(usize),
    /// Into the spec after its first `rewrites` rewrites (0: downgrade and hoist; 1, hoisting:
    /// normalize, the reference check, convert, and for OpenAPI 3 deserialize and lower; 2,
    /// converting Swagger 2.0: deserialize and lower), or into an overlay for a value it wrote.
    Spec { rewrites: usize },
    /// Into no document: what rendering the crate reports is about the generator.
    Generated,
}

/// The files a diagnostic can point into, the maps back to them from rewritten documents, and
/// which document each stretch of the sink points into.
struct Places<'a> {
    spec: &'a Document,
    /// Every overlay, in the order applied (the positions `provenance` records).
    overlays: Vec<&'a Document>,
    /// Which overlay wrote which value of the spec.
    provenance: Provenance,
    /// The maps back from each rewrite of the spec (hoisting; converting Swagger 2.0) to the
    /// document before it, in the order of the rewrites.
    rewrites: Vec<Origins>,
    /// Where each stretch of the sink starts, and the document it points into; before the first,
    /// diagnostics are located already (loading locates its own).
    spaces: Vec<(usize, Space)>,
    on_skip: OnSkip,
}

impl<'a> Places<'a> {
    fn new(spec: &'a Document, overlays: &'a [Loaded<'_>], on_skip: OnSkip) -> Self {
        Places {
            spec,
            overlays: overlays.iter().map(|(_, document, _)| document).collect(),
            provenance: Provenance::default(),
            rewrites: Vec::new(),
            spaces: Vec::new(),
            on_skip,
        }
    }

    /// What `found` receives from now on points into `space`.
    fn enter(&mut self, found: &Diagnostics, space: Space) {
        self.spaces.push((found.len(), space));
    }

    /// What `found` receives from now on points into the spec as `origins` rewrote it (after
    /// every rewrite before).
    fn rewritten(&mut self, found: &Diagnostics, origins: Origins) {
        self.rewrites.push(origins);
        let rewrites = self.rewrites.len();
        self.enter(found, Space::Spec { rewrites });
    }

    /// The space of the diagnostic at `index` of the sink, `None` when it is located already.
    fn space_of(&self, index: usize) -> Option<Space> {
        let after = self.spaces.partition_point(|&(start, _)| start <= index);
        after
            .checked_sub(1)
            .and_then(|last| self.spaces.get(last))
            .map(|&(_, space)| space)
    }

    /// Every diagnostic of `found`, located, when the run fails with them (a refused skip counts
    /// as an error).
    fn stop_on_errors(&self, found: &Diagnostics) -> Result<(), Vec<Diagnostic>> {
        let refused = |d: &Diagnostic| self.on_skip == OnSkip::Refuse && d.is_skip();
        if found.iter().any(|d| d.is_error() || refused(d)) {
            return Err(self.locate(found.iter().cloned()));
        }
        Ok(())
    }

    /// Every diagnostic of `found`, located in the file it points into, sorted.
    fn locate(&self, found: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
        let located = found
            .into_iter()
            .enumerate()
            .map(|(index, diagnostic)| match self.space_of(index) {
                None => diagnostic,
                Some(space) => self.on_skip.apply(self.locate_one(diagnostic, space)),
            })
            .collect();
        sorted(located)
    }

    /// Map a pointer into a rewritten document back to the input through the origins of each
    /// rewrite, the last first, then into an overlay if one wrote that value, and locate it.
    fn locate_one(&self, mut diagnostic: Diagnostic, space: Space) -> Diagnostic {
        let rewrites = match space {
            Space::Overlay(file) => {
                return match self.overlays.get(file) {
                    Some(overlay) => overlay.locate(diagnostic),
                    None => diagnostic,
                };
            }
            Space::Generated => return diagnostic,
            Space::Spec { rewrites } => rewrites,
        };
        for origins in self.rewrites.iter().take(rewrites).rev() {
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
    // The spec, then a separator byte that cannot occur in UTF-8 before each overlay, or once
    // after the spec when there is none: ("ab", "c") and ("a", "bc") hash apart, and a spec with
    // one overlay hashes as it did before overlays could be several.
    let mut parts: Vec<&[u8]> = vec![input.spec.text.as_bytes()];
    if input.overlays.is_empty() {
        parts.push(&[0xff]);
    }
    for overlay in input.overlays {
        parts.push(&[0xff]);
        parts.push(overlay.text.as_bytes());
    }
    fnv1a64(parts)
}

/// FNV-1a (64 bits) over `parts` in order, written `fnv1a64:<16 hex digits>`: the form of every
/// fingerprint the project records.
pub fn fnv1a64<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.into_iter().flatten() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}
