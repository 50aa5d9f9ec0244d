//! What changed between two versions of an API, judged by what it does to code that uses the
//! generated crate, and the semver bump that follows.
//!
//! Works on the IR, where every Rust name and type is already decided, so "breaking" means
//! exactly "code written against the old crate may stop compiling or decoding". Every change
//! names both sides: the wire item (method and path, parameter, field) and the Rust item a user's
//! code touches (method, field, constructor argument, variant, type), and for a breaking change
//! which code breaks.
//!
//! The rules follow Rust's semver conventions for the shapes the generator emits: models and
//! parameter structs are exhaustive structs with public fields, so a new field breaks a struct
//! literal that names every field; enums of string values are `#[non_exhaustive]` with an
//! `Unknown` variant, so a new value is an addition. An operation compiled with a Cargo feature
//! more is an addition; one it lost breaks the builds that turned on only that feature.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{
    Api, Encoding, Events, Field, Model, ModelKind, Operation, Param, ParamLocation, Response,
    Struct, Type,
};

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Code using the old crate may no longer compile, or answers may no longer decode.
    Breaking,
    /// New API; existing code keeps working.
    Additive,
    /// Same Rust API, different behaviour on the wire (a path, a server, security).
    Behaviour,
}

/// The kind of version bump a change set calls for, in semver's terms for 1.0 and later;
/// [`Bump::next`] applies it to a version, before 1.0 too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Behaviour only.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// The bump one change needs.
    pub fn of(impact: Impact) -> Self {
        match impact {
            Impact::Breaking => Bump::Major,
            Impact::Additive => Bump::Minor,
            Impact::Behaviour => Bump::Patch,
        }
    }

    /// `version` (`MAJOR.MINOR.PATCH`) after this bump, as Cargo reads versions: before 1.0 a
    /// breaking change bumps the minor number (`0.1.3 → 0.2.0`) and anything else the patch
    /// number (`0.1.3 → 0.1.4`); from 1.0 on, major, minor and patch as semver says. `None`
    /// when `version` is not three numbers or nothing changed.
    pub fn next(self, version: &str) -> Option<String> {
        let numbers: Vec<u64> = version
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let [major, minor, patch] = numbers[..] else {
            return None;
        };
        let next = match (self, major) {
            (Bump::None, _) => return None,
            (Bump::Major, 0) => (0, minor + 1, 0),
            (_, 0) => (0, minor, patch + 1),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, _) => (major, minor + 1, 0),
            (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Some(format!("{}.{}.{}", next.0, next.1, next.2))
    }

    /// The bump in words: `breaking`, `additions`, `behaviour only`, `none`.
    pub fn words(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "behaviour only",
            Bump::Minor => "additions",
            Bump::Major => "breaking",
        }
    }

    /// One line of advice for a crate at `version`: `breaking: 0.1.0 → 0.2.0`.
    pub fn advice(self, version: &str) -> String {
        match self.next(version) {
            Some(next) => format!("{}: {version} → {next}", self.words()),
            None if self == Bump::None => format!("no change: {version} stays"),
            None => format!(
                "{} (version `{version}` is not MAJOR.MINOR.PATCH)",
                self.words()
            ),
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its impact.
    pub impact: Impact,
    /// What changed, by its Rust name: `operation get_device`, `model DeviceInfo`, `api`.
    pub subject: String,
    /// How it changed.
    pub detail: String,
    /// The wire item: `` `POST /v1/oauth/token` form field `audience` ``.
    pub wire: String,
    /// The Rust item a user's code touches: `` `PostOauthTokenRequest::new` (new argument `audience`) ``.
    pub rust: String,
    /// For a breaking change, the user code that stops compiling or decoding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaks: Option<String>,
}

/// Every change, grouped by subject in a fixed order, and the bump they need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The changes, sorted by subject then detail.
    pub changes: Vec<Change>,
    /// The semver bump the generated crate needs.
    pub bump: Bump,
}

/// Where a model meets the wire: the first operation that sends or answers it.
#[derive(Debug, Clone)]
struct Usage {
    /// `` `POST /v1/oauth/token` ``.
    operation: String,
    /// What its fields are called there: `form field`, `body field`, `answer field`, …
    member: &'static str,
}

/// The wire names of models, from where the operations of either API use them.
struct Wire {
    usage: BTreeMap<String, Usage>,
}

impl Wire {
    fn new(old: &Api, new: &Api) -> Self {
        let mut usage = BTreeMap::new();
        // The new API's uses first: they describe what a reader now sees.
        for api in [new, old] {
            for op in &api.operations {
                let operation = format!("`{} {}`", op.method, op.path);
                if let Some(body) = &op.body
                    && let Type::Named { name, .. } = &body.ty
                {
                    let member = match body.encoding {
                        Encoding::Form => "form field",
                        Encoding::Multipart => "multipart part",
                        _ => "body field",
                    };
                    usage.entry(name.clone()).or_insert(Usage {
                        operation: operation.clone(),
                        member,
                    });
                }
                if let Response::Json(Type::Named { name, .. })
                | Response::Events(Type::Named { name, .. }) = &op.success
                {
                    usage.entry(name.clone()).or_insert(Usage {
                        operation,
                        member: "answer field",
                    });
                }
            }
        }
        Self { usage }
    }

    /// A model on the wire: `` `POST /v1/oauth/token` form body `` or `` schema `Device` ``.
    fn model(&self, model: &Model) -> String {
        match self.usage.get(&model.name) {
            Some(usage) if usage.member == "answer field" => format!("{} answer", usage.operation),
            Some(usage) => format!("{} body", usage.operation),
            None => format!("schema {}", schema_name(model)),
        }
    }

    /// A model's member on the wire: `` `POST /v1/oauth/token` form field `audience` ``.
    fn field(&self, model: &Model, wire: &str) -> String {
        match self.usage.get(&model.name) {
            Some(usage) => format!("{} {} `{wire}`", usage.operation, usage.member),
            None => format!("schema {} property `{wire}`", schema_name(model)),
        }
    }
}

/// Where a model's schema is, in words: `` `Device` `` for a named schema, `` `Device` property
/// `status` `` for one inside another; the Rust name when the pointer is unknown.
fn schema_name(model: &Model) -> String {
    let Some(pointer) = model.schema.as_deref() else {
        return format!("`{}`", model.name);
    };
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut words = Vec::new();
    let mut rest = tokens.iter();
    match tokens.first().map(String::as_str) {
        // Inline in an operation: `GET /things` parameter #1, request body, answer 200.
        Some("paths") if tokens.len() > 3 => {
            rest.nth(2);
            let operation = format!("`{} {}`", tokens[2].to_uppercase(), tokens[1]);
            let place = match (rest.next().map(String::as_str), rest.next()) {
                (Some("parameters"), Some(index)) => format!("{operation} parameter #{index}"),
                (Some("requestBody"), _) => format!("{operation} request body"),
                (Some("responses"), Some(status)) => format!("{operation} answer {status}"),
                _ => operation,
            };
            words.push(place);
            // Up to the schema itself.
            for token in rest.by_ref() {
                if token == "schema" {
                    break;
                }
            }
        }
        Some(first) => {
            let skip = match first {
                "components" => 1,
                _ => 0,
            };
            rest.nth(skip);
            if first != "components" && first != "definitions" {
                words.push(format!("`{first}`"));
            } else if let Some(name) = rest.next() {
                words.push(format!("`{name}`"));
            }
        }
        None => {}
    }
    while let Some(token) = rest.next() {
        match token.as_str() {
            "properties" => match rest.next() {
                Some(name) => words.push(format!("property `{name}`")),
                None => words.push("properties".to_owned()),
            },
            "items" => words.push("items".to_owned()),
            "additionalProperties" => words.push("values".to_owned()),
            other => words.push(format!("`{other}`")),
        }
    }
    words.join(" ")
}

/// Changes pushed with their subject and wire item fixed.
struct Sink<'a> {
    changes: &'a mut Vec<Change>,
    subject: String,
}

impl Sink<'_> {
    fn push(
        &mut self,
        impact: Impact,
        detail: String,
        wire: String,
        rust: String,
        breaks: Option<String>,
    ) {
        self.changes.push(Change {
            impact,
            subject: self.subject.clone(),
            detail,
            wire,
            rust,
            breaks: if impact == Impact::Breaking {
                breaks
            } else {
                None
            },
        });
    }
}

/// Compare two APIs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    api_changes(old, new, &mut changes);
    event_changes(old.events.as_ref(), new.events.as_ref(), &mut changes);
    let wire = Wire::new(old, new);
    for (name, (before, after)) in paired(&old.operations, &new.operations, |op| &op.name) {
        let mut sink = Sink {
            changes: &mut changes,
            subject: format!("operation {name}"),
        };
        let method = format!("`Client::{name}`");
        // The same route under another name: one change, a rename.
        let same_route = |op: &Operation, others: &[Operation]| {
            others
                .iter()
                .find(|other| other.method == op.method && other.path == op.path)
                .map(|other| other.name.clone())
        };
        match (before, after) {
            (Some(op), None) => match same_route(op, &new.operations) {
                Some(renamed) if !old.operations.iter().any(|o| o.name == renamed) => sink.push(
                    Impact::Breaking,
                    format!("method renamed from `{name}`"),
                    format!("`{} {}`", op.method, op.path),
                    format!("`Client::{renamed}`"),
                    Some(format!("calls to {method}")),
                ),
                _ => sink.push(
                    Impact::Breaking,
                    "removed".into(),
                    format!("`{} {}`", op.method, op.path),
                    method.clone(),
                    Some(format!("calls to {method}")),
                ),
            },
            (None, Some(op))
                if same_route(op, &old.operations)
                    .is_some_and(|was| !new.operations.iter().any(|o| o.name == was)) => {}
            (None, Some(op)) => sink.push(
                Impact::Additive,
                "added".to_owned(),
                format!("`{} {}`", op.method, op.path),
                method,
                None,
            ),
            (Some(a), Some(b)) => operation(a, b, &mut sink),
            (None, None) => {}
        }
    }
    for (name, (before, after)) in paired(&old.models, &new.models, |model| &model.name) {
        let mut sink = Sink {
            changes: &mut changes,
            subject: format!("model {name}"),
        };
        let rust = format!("`{name}`");
        match (before, after) {
            (Some(m), None) => sink.push(
                Impact::Breaking,
                "removed".into(),
                wire.model(m),
                rust.clone(),
                Some(format!("every use of {rust}")),
            ),
            (None, Some(m)) => {
                sink.push(Impact::Additive, "added".into(), wire.model(m), rust, None)
            }
            (Some(a), Some(b)) => model(a, b, &wire, &mut sink),
            (None, None) => {}
        }
    }
    changes.sort_by(|a, b| (&a.subject, &a.detail).cmp(&(&b.subject, &b.detail)));
    let bump = changes
        .iter()
        .map(|c| Bump::of(c.impact))
        .max()
        .unwrap_or(Bump::None);
    Report { changes, bump }
}

/// What changes for the whole API: the default server, the security schemes.
fn api_changes(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let mut sink = Sink {
        changes,
        subject: "api".to_owned(),
    };
    if old.base_url != new.base_url {
        sink.push(
            Impact::Behaviour,
            format!(
                "default base URL {} → {}",
                show(&old.base_url),
                show(&new.base_url)
            ),
            "the default server".to_owned(),
            "`DEFAULT_BASE_URL`".to_owned(),
            None,
        );
    }
    if old.retry_statuses != new.retry_statuses {
        let show = |statuses: &[u16]| {
            if statuses.is_empty() {
                "the runtime's default".to_owned()
            } else {
                statuses
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        sink.push(
            Impact::Behaviour,
            format!(
                "statuses retried: {} → {}",
                show(&old.retry_statuses),
                show(&new.retry_statuses)
            ),
            "`x-retry-statuses`".to_owned(),
            "the default `RetryPolicy` and event-stream reconnects".to_owned(),
            None,
        );
    }
    let old_schemes: Vec<&str> = old
        .security_schemes
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let new_schemes: Vec<&str> = new
        .security_schemes
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    for name in old_schemes.iter().filter(|n| !new_schemes.contains(n)) {
        sink.push(
            Impact::Breaking,
            format!("security scheme `{name}` removed (its credential setters are gone)"),
            format!("security scheme `{name}`"),
            "its constant in `security` and credential setter".to_owned(),
            Some("code that sets this credential".to_owned()),
        );
    }
    for name in new_schemes.iter().filter(|n| !old_schemes.contains(n)) {
        sink.push(
            Impact::Additive,
            format!("security scheme `{name}` added"),
            format!("security scheme `{name}`"),
            "a constant in `security` and a credential setter".to_owned(),
            None,
        );
    }
}

/// What changes in the typed events (`x-events`): the enum, its kinds, their names' forms and
/// payloads. The enum is `#[non_exhaustive]`: a new kind is an addition.
fn event_changes(old: Option<&Events>, new: Option<&Events>, changes: &mut Vec<Change>) {
    let mut sink = Sink {
        changes,
        subject: "events".to_owned(),
    };
    let (old, new) = match (old, new) {
        (None, None) => return,
        (None, Some(new)) => {
            sink.push(
                Impact::Additive,
                format!("typed events added ({} kinds)", new.kinds.len()),
                "`x-events`".to_owned(),
                format!("`events::{}`", new.name),
                None,
            );
            return;
        }
        (Some(old), None) => {
            sink.push(
                Impact::Breaking,
                "typed events removed".to_owned(),
                "`x-events`".to_owned(),
                format!("`events::{}`", old.name),
                Some(format!("uses of `events::{}`", old.name)),
            );
            return;
        }
        (Some(old), Some(new)) => (old, new),
    };
    if old.name != new.name || old.data != new.data {
        sink.push(
            Impact::Breaking,
            format!(
                "the enum `{}` is now `{}`, of `{}`",
                old.name,
                new.name,
                rust(&new.data)
            ),
            "`x-events`".to_owned(),
            format!("`events::{}`", new.name),
            Some(format!("uses of `events::{}`", old.name)),
        );
        return;
    }
    let enum_name = &new.name;
    for (variant, (before, after)) in paired(&old.kinds, &new.kinds, |kind| &kind.variant) {
        let rust = format!("`{enum_name}::{variant}`");
        match (before, after) {
            (Some(before), None) => sink.push(
                Impact::Breaking,
                "kind removed: such events are `Other` now".to_owned(),
                format!("event `{}`", before.template),
                rust.clone(),
                Some(format!("uses of {rust} (a `match` arm, a value)")),
            ),
            (None, Some(after)) => sink.push(
                Impact::Additive,
                "kind added".to_owned(),
                format!("event `{}`", after.template),
                rust.clone(),
                None,
            ),
            (Some(before), Some(after)) => {
                let wire = format!("event `{}`", after.template);
                if before.captures != after.captures
                    || before.payload.as_ref().map(|p| &p.ty)
                        != after.payload.as_ref().map(|p| &p.ty)
                {
                    sink.push(
                        Impact::Breaking,
                        "what the variant holds changed".to_owned(),
                        wire.clone(),
                        rust.clone(),
                        Some(format!("patterns and values of {rust}")),
                    );
                } else if before.template != after.template || before.payload != after.payload {
                    sink.push(
                        Impact::Behaviour,
                        "the events it takes or how their payload reads changed".to_owned(),
                        wire,
                        rust,
                        None,
                    );
                }
            }
            (None, None) => {}
        }
    }
}

/// Items of both lists by name: (old, new).
fn paired<'a, T>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &String,
) -> BTreeMap<String, (Option<&'a T>, Option<&'a T>)> {
    let mut pairs: BTreeMap<String, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for item in old {
        pairs.entry(name(item).clone()).or_default().0 = Some(item);
    }
    for item in new {
        pairs.entry(name(item).clone()).or_default().1 = Some(item);
    }
    pairs
}

// Whole: a list of independent comparisons, a few lines each, in the order the change report reads:
// a table more than control flow.
fn operation(old: &Operation, new: &Operation, sink: &mut Sink<'_>) {
    let endpoint = format!("`{} {}`", new.method, new.path);
    let method = format!("`Client::{}`", new.name);
    let calls = Some(format!("calls to {method}"));
    if (&old.method, &old.path) != (&new.method, &new.path) {
        sink.push(
            Impact::Behaviour,
            format!(
                "now sends {} {} (was {} {})",
                new.method, new.path, old.method, old.path
            ),
            endpoint.clone(),
            method.clone(),
            None,
        );
    }
    let names = |params: &[Param]| {
        params
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let typed = |a: &[Param], b: &[Param]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(a, b)| (&a.name, &a.ty) == (&b.name, &b.ty))
    };
    if !typed(&old.path_params, &new.path_params) {
        sink.push(
            Impact::Breaking,
            format!(
                "path parameters ({}) → ({})",
                names(&old.path_params),
                names(&new.path_params)
            ),
            format!("{endpoint} path parameters"),
            format!("{method} arguments"),
            calls.clone(),
        );
    }
    let no_params = Vec::new();
    let old_params = old.params.as_ref().map_or(&no_params, |p| &p.params);
    let new_params = new.params.as_ref().map_or(&no_params, |p| &p.params);
    let params_struct = new
        .params
        .as_ref()
        .or(old.params.as_ref())
        .map_or_else(String::new, |p| p.name.clone());
    for (name, (before, after)) in paired(old_params, new_params, |p| &p.name) {
        parameter(&name, before, after, (&endpoint, &params_struct), sink);
    }
    let body = |op: &Operation| {
        op.body
            .as_ref()
            .map(|b| (b.encoding, b.ty.clone(), b.required))
    };
    if body(old) != body(new) {
        let show_body = |op: &Operation| match &op.body {
            Some(b) => format!(
                "{:?} {}{}",
                b.encoding,
                rust(&b.ty),
                if b.required { "" } else { " (optional)" }
            ),
            None => "none".to_owned(),
        };
        sink.push(
            Impact::Breaking,
            format!("request body {} → {}", show_body(old), show_body(new)),
            format!("{endpoint} request body"),
            format!("{method} argument `body`"),
            calls.clone(),
        );
    }
    if old.success != new.success {
        sink.push(
            Impact::Breaking,
            format!("answer {} → {}", answer(&old.success), answer(&new.success)),
            format!("{endpoint} answer"),
            format!("{method}'s output type"),
            Some(format!("code that reads what {method} answers")),
        );
    }
    if old.error != new.error {
        sink.push(
            Impact::Breaking,
            format!("error body {} → {}", rust(&old.error), rust(&new.error)),
            format!("{endpoint} error answers"),
            format!("{method}'s error type"),
            Some(format!("code that inspects {method}'s errors")),
        );
    }
    if old.security != new.security {
        sink.push(
            Impact::Behaviour,
            format!("security {:?} → {:?}", old.security, new.security),
            format!("{endpoint} security"),
            format!("the credential {method} sends"),
            None,
        );
    }
    let pages = |op: &Operation| op.pagination.as_ref().map(|p| p.method.clone());
    if pages(old).is_some() != pages(new).is_some() {
        let added = pages(new).is_some();
        let stream = pages(new)
            .or_else(|| pages(old))
            .map_or_else(String::new, |m| format!("`Client::{m}`"));
        sink.push(
            if added {
                Impact::Additive
            } else {
                Impact::Breaking
            },
            format!("paging stream {}", if added { "added" } else { "removed" }),
            format!("{endpoint} paging"),
            stream.clone(),
            Some(format!("calls to {stream}")),
        );
    }
    deprecation(
        "",
        (old.deprecated.is_some(), new.deprecated.is_some()),
        (&endpoint, &method),
        sink,
    );
    features(&old.features, &new.features, (&endpoint, &method), sink);
}

/// The Cargo features any of which compiles an operation (none: always compiled). Gaining one
/// is a minor change; losing one breaks the builds that turned on only the features it lost.
fn features(old: &[String], new: &[String], (wire, rust): (&str, &str), sink: &mut Sink<'_>) {
    if old == new {
        return;
    }
    let lost: Vec<&String> = old.iter().filter(|name| !new.contains(name)).collect();
    let gained: Vec<&String> = new.iter().filter(|name| !old.contains(name)).collect();
    let (impact, detail, breaks) = if new.is_empty() {
        (
            Impact::Additive,
            format!(
                "now always compiled (was only with {})",
                features_named(&lost)
            ),
            None,
        )
    } else if old.is_empty() {
        (
            Impact::Breaking,
            format!("now only compiled with {}", features_named(new)),
            Some(format!("calls to {rust} in builds without any of them")),
        )
    } else if lost.is_empty() {
        (
            Impact::Additive,
            format!("now compiled with {} too", features_named(&gained)),
            None,
        )
    } else {
        let also = if gained.is_empty() {
            String::new()
        } else {
            format!(", now with {} too", features_named(&gained))
        };
        (
            Impact::Breaking,
            format!("no longer compiled with {}{also}", features_named(&lost)),
            Some(format!(
                "calls to {rust} in builds that turn on only {}",
                features_named(&lost)
            )),
        )
    };
    sink.push(
        impact,
        detail,
        format!("{wire} Cargo features"),
        rust.to_owned(),
        breaks,
    );
}

/// Cargo features in a sentence: "the feature `a`", "the features `a`, `b`".
pub(crate) fn features_named(names: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect();
    match quoted.as_slice() {
        [one] => format!("the feature {one}"),
        _ => format!("the features {}", quoted.join(", ")),
    }
}

/// Deprecating an item is a minor change (users get a warning, their code still builds), as is
/// undoing it.
fn deprecation(
    what: &str,
    (old, new): (bool, bool),
    (wire, rust): (&str, &str),
    sink: &mut Sink<'_>,
) {
    if old != new {
        sink.push(
            Impact::Additive,
            format!(
                "{what}{}",
                if new {
                    "deprecated"
                } else {
                    "no longer deprecated"
                }
            ),
            wire.to_owned(),
            rust.to_owned(),
            None,
        );
    }
}

/// A query, header or cookie parameter: a field of the operation's parameter struct.
fn parameter(
    name: &str,
    old: Option<&Param>,
    new: Option<&Param>,
    (endpoint, params_struct): (&str, &str),
    sink: &mut Sink<'_>,
) {
    let wire = |p: &Param| format!("{endpoint} {} parameter `{}`", location(p.location), p.wire);
    let field = format!("`{params_struct}.{name}`");
    match (old, new) {
        (Some(p), None) => sink.push(
            Impact::Breaking,
            format!("parameter `{}` removed", p.wire),
            wire(p),
            field.clone(),
            Some(format!("code that sets {field}")),
        ),
        (None, Some(p)) => {
            let required = if p.required { "required" } else { "optional" };
            sink.push(
                Impact::Breaking,
                format!("{required} parameter `{}` added", p.wire),
                wire(p),
                field.clone(),
                Some(if p.required {
                    format!("`{params_struct}` literals and `{params_struct}::default()`")
                } else {
                    format!(
                        "`{params_struct}` literals that name every field (`..Default::default()` keeps compiling)"
                    )
                }),
            )
        }
        (Some(a), Some(b)) => {
            if a.ty != b.ty {
                sink.push(
                    Impact::Breaking,
                    format!("parameter `{name}` type {} → {}", rust(&a.ty), rust(&b.ty)),
                    wire(b),
                    field.clone(),
                    Some(format!("code that sets {field}")),
                );
            }
            if a.required != b.required {
                sink.push(
                    Impact::Breaking,
                    format!(
                        "parameter `{name}` is now {}",
                        if b.required { "required" } else { "optional" }
                    ),
                    wire(b),
                    format!(
                        "{field} is {}",
                        if b.required {
                            "no longer an `Option`"
                        } else {
                            "now an `Option`"
                        }
                    ),
                    Some(format!("code that sets {field}")),
                );
            }
            if a.wire != b.wire || a.location != b.location {
                sink.push(
                    Impact::Behaviour,
                    format!(
                        "parameter `{name}` sent as {:?} `{}` (was {:?} `{}`)",
                        b.location, b.wire, a.location, a.wire
                    ),
                    wire(b),
                    field.clone(),
                    None,
                );
            }
        }
        (None, None) => {}
    }
}

fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

// Whole: a match over the model kinds, each arm a short list of comparisons: a table more than
// control flow.
fn model(old: &Model, new: &Model, wire: &Wire, sink: &mut Sink<'_>) {
    let name = &new.name;
    let rust_name = format!("`{name}`");
    deprecation(
        "",
        (old.deprecated.is_some(), new.deprecated.is_some()),
        (&wire.model(new), &rust_name),
        sink,
    );
    match (&old.kind, &new.kind) {
        (ModelKind::Struct(a), ModelKind::Struct(b)) => {
            for (field_name, (before, after)) in paired(&a.fields, &b.fields, |f| &f.name) {
                field(&field_name, before, after, (new, a, b), wire, sink);
            }
            if a.additional != b.additional {
                sink.push(
                    Impact::Breaking,
                    "extra properties map changed".to_owned(),
                    format!("{} additional properties", wire.model(new)),
                    format!("{rust_name}'s map of extra properties"),
                    Some(format!("code that reads or builds {rust_name}")),
                );
            }
        }
        (ModelKind::Enum(a), ModelKind::Enum(b)) => {
            if a.open && b.open && a.fallback != b.fallback {
                let rust = format!("`{name}::{}`", a.fallback);
                sink.push(
                    Impact::Breaking,
                    format!(
                        "values it does not list are `{}` now (were `{}`)",
                        b.fallback, a.fallback
                    ),
                    wire.model(new),
                    format!("`{name}::{}`", b.fallback),
                    Some(format!("uses of {rust} (a `match` arm, a value)")),
                );
            }
            // Where a value the old enum did not list went.
            let fallback = &a.fallback;
            let (a, b) = (&a.variants, &b.variants);
            for variant in a.iter().filter(|v| !b.iter().any(|w| w.wire == v.wire)) {
                let rust = format!("`{name}::{}`", variant.name);
                sink.push(
                    Impact::Breaking,
                    format!("enum value `{}` removed", variant.wire),
                    format!("{} value `{}`", wire.model(new), variant.wire),
                    rust.clone(),
                    Some(format!("uses of {rust} (a `match` arm, a value)")),
                );
            }
            for variant in b.iter().filter(|v| !a.iter().any(|w| w.wire == v.wire)) {
                sink.push(
                    Impact::Additive,
                    format!("enum value `{}` added", variant.wire),
                    format!("{} value `{}`", wire.model(new), variant.wire),
                    format!(
                        "`{name}::{}` (it decoded as `{fallback}` before; the enum is `#[non_exhaustive]`)",
                        variant.name
                    ),
                    None,
                );
            }
        }
        (ModelKind::Alias(a), ModelKind::Alias(b)) if a == b => {}
        (ModelKind::Union(a), ModelKind::Union(b)) => {
            let matches = Some(format!("`match`es on {rust_name}"));
            for variant in a.variants.iter().filter(|v| {
                !b.variants
                    .iter()
                    .any(|w| w.name == v.name && w.shape == v.shape)
            }) {
                sink.push(
                    Impact::Breaking,
                    format!("alternative `{}` removed or changed", variant.name),
                    format!("{} alternative", wire.model(new)),
                    format!("`{name}::{}`", variant.name),
                    matches.clone(),
                );
            }
            for variant in b
                .variants
                .iter()
                .filter(|v| !a.variants.iter().any(|w| w.name == v.name))
            {
                sink.push(
                    Impact::Breaking,
                    format!("alternative `{}` added", variant.name),
                    format!("{} alternative", wire.model(new)),
                    format!("`{name}::{}`", variant.name),
                    matches.clone(),
                );
            }
            if a.representation != b.representation {
                sink.push(
                    Impact::Breaking,
                    format!(
                        "alternatives told apart by {:?} → {:?}",
                        a.representation, b.representation
                    ),
                    wire.model(new),
                    rust_name.clone(),
                    Some(format!("decoding {rust_name}")),
                );
            }
        }
        (ModelKind::StatusEnum(a), ModelKind::StatusEnum(b)) => {
            let matches = Some(format!("`match`es on {rust_name}"));
            for variant in a
                .iter()
                .filter(|v| !b.iter().any(|w| w.name == v.name && w.ty == v.ty))
            {
                sink.push(
                    Impact::Breaking,
                    format!("error variant `{}` removed or changed", variant.name),
                    format!("{} error status", wire.model(new)),
                    format!("`{name}::{}`", variant.name),
                    matches.clone(),
                );
            }
            for variant in b.iter().filter(|v| !a.iter().any(|w| w.name == v.name)) {
                sink.push(
                    Impact::Breaking,
                    format!("error variant `{}` added", variant.name),
                    format!("{} error status", wire.model(new)),
                    format!("`{name}::{}`", variant.name),
                    matches.clone(),
                );
            }
        }
        _ => sink.push(
            Impact::Breaking,
            format!("kind {} → {}", kind(&old.kind), kind(&new.kind)),
            wire.model(new),
            format!(
                "{rust_name} is now a{} {}",
                article(kind(&new.kind)),
                kind(&new.kind)
            ),
            Some(format!("every use of {rust_name}")),
        ),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "n"
    } else {
        ""
    }
}

/// Whether a struct derives `Default` (no required member) rather than having `new`.
fn defaultable(fields: &Struct) -> bool {
    fields.fields.iter().all(|f| !f.required || f.nullable)
}

/// A field of a struct model; `structs` are the model (new) and its struct before and after.
fn field(
    name: &str,
    old: Option<&Field>,
    new: Option<&Field>,
    (model, before, after): (&Model, &Struct, &Struct),
    wire: &Wire,
    sink: &mut Sink<'_>,
) {
    let optional = |f: &Field| !f.required || f.nullable;
    let ty = &model.name;
    let member = format!("`{ty}.{name}`");
    let on_wire = |f: &Field| wire.field(model, &f.wire);
    // What a required member's coming or going does to `new` and `Default`.
    let constructor = |what: &str| match (defaultable(before), defaultable(after)) {
        (true, false) => format!("`{ty}` no longer derives `Default`; `{ty}::new` takes {what}"),
        (false, true) => format!("`{ty}::new` is gone; `{ty}` derives `Default`"),
        _ => format!("`{ty}::new` takes {what}"),
    };
    match (old, new) {
        (Some(f), None) => sink.push(
            Impact::Breaking,
            format!("field `{}` removed", f.wire),
            on_wire(f),
            if optional(f) {
                member.clone()
            } else {
                format!(
                    "{member}; {}",
                    constructor(&format!("no argument `{name}`"))
                )
            },
            Some(format!("code that reads {member}, and `{ty}` literals")),
        ),
        (None, Some(f)) if !optional(f) => sink.push(
            Impact::Breaking,
            format!("required field `{}` added", f.wire),
            on_wire(f),
            format!(
                "{member}; {}",
                constructor(&format!("a new argument `{name}`"))
            ),
            Some(if defaultable(before) {
                format!("`{ty}::default()`, `..Default::default()` and `{ty}` literals")
            } else {
                format!("calls to `{ty}::new(…)` and `{ty}` literals")
            }),
        ),
        (None, Some(f)) => sink.push(
            Impact::Breaking,
            format!("optional field `{}` added", f.wire),
            on_wire(f),
            member.clone(),
            Some(format!(
                "`{ty}` literals that name every field (`{ty}::new`/`Default` and field assignment keep compiling)"
            )),
        ),
        (Some(a), Some(b)) => {
            if a.ty != b.ty {
                sink.push(
                    Impact::Breaking,
                    format!("field `{name}` type {} → {}", rust(&a.ty), rust(&b.ty)),
                    on_wire(b),
                    member.clone(),
                    Some(format!("code that reads or sets {member}")),
                );
            }
            if optional(a) != optional(b) {
                let now = if optional(b) { "optional" } else { "required" };
                sink.push(
                    Impact::Breaking,
                    format!("field `{name}` is now {now}"),
                    on_wire(b),
                    format!(
                        "{member} is {}; {}",
                        if optional(b) {
                            "now an `Option`"
                        } else {
                            "no longer an `Option`"
                        },
                        constructor(&format!(
                            "{} argument `{name}`",
                            if optional(b) { "no" } else { "a new" }
                        ))
                    ),
                    Some(format!("code that reads or sets {member}, calls to `{ty}::new`")),
                );
            }
            if a.wire != b.wire {
                sink.push(
                    Impact::Behaviour,
                    format!(
                        "field `{name}` is `{}` on the wire (was `{}`)",
                        b.wire, a.wire
                    ),
                    on_wire(b),
                    member.clone(),
                    None,
                );
            }
            deprecation(
                &format!("field `{name}` "),
                (a.deprecated.is_some(), b.deprecated.is_some()),
                (&on_wire(b), &member),
                sink,
            );
        }
        (None, None) => {}
    }
}

fn kind(kind: &ModelKind) -> &'static str {
    match kind {
        ModelKind::Struct(_) => "struct",
        ModelKind::Enum(_) => "enum",
        ModelKind::Alias(_) => "alias",
        ModelKind::StatusEnum(_) => "error enum",
        ModelKind::Union(_) => "union",
    }
}

fn answer(response: &Response) -> String {
    match response {
        Response::Empty => "none".to_owned(),
        Response::Json(ty) => rust(ty),
        Response::Text => "text".to_owned(),
        Response::Binary => "binary".to_owned(),
        Response::Events(ty) => format!("events of {}", rust(ty)),
    }
}

/// A type as a reader of the Rust API would write it.
fn rust(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Secret => "Secret".into(),
        Type::Bool => "bool".into(),
        Type::I32 => "i32".into(),
        Type::I64 => "i64".into(),
        Type::F32 => "f32".into(),
        Type::F64 => "f64".into(),
        Type::Value => "Value".into(),
        Type::Bytes => "FilePart".into(),
        Type::DateTime => "DateTime".into(),
        Type::Date => "NaiveDate".into(),
        Type::Uuid => "Uuid".into(),
        Type::Ipv4 => "Ipv4Addr".into(),
        Type::Ipv6 => "Ipv6Addr".into(),
        Type::Vec(item) => format!("Vec<{}>", rust(item)),
        Type::Optional(item) => format!("Option<{}>", rust(item)),
        Type::Map(value) => format!("BTreeMap<String, {}>", rust(value)),
        Type::Named { name, .. } => name.clone(),
    }
}

fn show(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "(none)".to_owned())
}

impl Change {
    /// The change on one line: the wire item, what changed, the Rust item, and what breaks:
    /// `` `POST /v1/oauth/token` form field `audience`: required field `audience` added →
    /// `PostOauthTokenRequest.audience`; `PostOauthTokenRequest::new` takes a new argument
    /// `audience`; breaks calls to `PostOauthTokenRequest::new(…)` and `PostOauthTokenRequest`
    /// literals ``.
    pub fn line(&self) -> String {
        let mut line = format!("{}: {} → {}", self.wire, self.detail, self.rust);
        if let Some(breaks) = &self.breaks {
            let _ = write!(line, "; breaks {breaks}");
        }
        line
    }
}

impl Report {
    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// The report as Markdown, for a pull request description or a changelog section; the
    /// semver line gives the next version of a crate at `version`, when given.
    pub fn markdown(&self, version: Option<&str>) -> String {
        let mut text = String::from("## API changes\n\n");
        if self.changes.is_empty() {
            text.push_str("No change to the generated API.\n");
        }
        for (impact, title) in [
            (Impact::Breaking, "Breaking"),
            (Impact::Additive, "Additions"),
            (Impact::Behaviour, "Behaviour (same Rust API)"),
        ] {
            let rows: Vec<&Change> = self.changes.iter().filter(|c| c.impact == impact).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(text, "### {title}\n");
            for change in rows {
                let _ = writeln!(text, "- {}", change.line());
            }
            text.push('\n');
        }
        let advice = match version {
            Some(version) => self.bump.advice(version),
            None => self.bump.words().to_owned(),
        };
        let _ = writeln!(text, "Semver: **{advice}**.");
        text
    }

    /// The report as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
