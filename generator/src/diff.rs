//! What changed between two versions of an API, judged by what it does to code that uses the
//! generated crate, and the semver bump that follows.
//!
//! Works on the IR, where every Rust name and type is already decided, so "breaking" means
//! exactly "code written against the old crate may stop compiling or decoding".

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{Api, Field, Model, ModelKind, Operation, Param, Response, Type};

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

/// The version bump a change set calls for.
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

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its impact.
    pub impact: Impact,
    /// What changed: `operation get_device`, `model DeviceInfo`, `api`.
    pub subject: String,
    /// How it changed.
    pub detail: String,
}

/// Every change, grouped by subject in a fixed order, and the bump they need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The changes, sorted by subject then detail.
    pub changes: Vec<Change>,
    /// The semver bump the generated crate needs.
    pub bump: Bump,
}

/// Compare two APIs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    let mut push = |impact, subject: &str, detail: String| {
        changes.push(Change {
            impact,
            subject: subject.to_owned(),
            detail,
        });
    };
    if old.base_url != new.base_url {
        push(
            Impact::Behaviour,
            "api",
            format!(
                "default base URL {} → {}",
                show(&old.base_url),
                show(&new.base_url)
            ),
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
        push(
            Impact::Breaking,
            "api",
            format!("security scheme `{name}` removed (its credential setters are gone)"),
        );
    }
    for name in new_schemes.iter().filter(|n| !old_schemes.contains(n)) {
        push(
            Impact::Additive,
            "api",
            format!("security scheme `{name}` added"),
        );
    }
    for (name, (before, after)) in paired(&old.operations, &new.operations, |op| &op.name) {
        let subject = format!("operation {name}");
        match (before, after) {
            (Some(_), None) => push(Impact::Breaking, &subject, "removed".into()),
            (None, Some(op)) => push(
                Impact::Additive,
                &subject,
                format!("added: {} {}", op.method, op.path),
            ),
            (Some(a), Some(b)) => {
                operation(a, b, &mut |impact, detail| push(impact, &subject, detail))
            }
            (None, None) => {}
        }
    }
    for (name, (before, after)) in paired(&old.models, &new.models, |model| &model.name) {
        let subject = format!("model {name}");
        match (before, after) {
            (Some(_), None) => push(Impact::Breaking, &subject, "removed".into()),
            (None, Some(_)) => push(Impact::Additive, &subject, "added".into()),
            (Some(a), Some(b)) => model(a, b, &mut |impact, detail| push(impact, &subject, detail)),
            (None, None) => {}
        }
    }
    changes.sort_by(|a, b| (&a.subject, &a.detail).cmp(&(&b.subject, &b.detail)));
    let bump = changes
        .iter()
        .map(|c| match c.impact {
            Impact::Breaking => Bump::Major,
            Impact::Additive => Bump::Minor,
            Impact::Behaviour => Bump::Patch,
        })
        .max()
        .unwrap_or(Bump::None);
    Report { changes, bump }
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
fn operation(old: &Operation, new: &Operation, push: &mut dyn FnMut(Impact, String)) {
    if (&old.method, &old.path) != (&new.method, &new.path) {
        push(
            Impact::Behaviour,
            format!(
                "now sends {} {} (was {} {})",
                new.method, new.path, old.method, old.path
            ),
        );
    }
    let old_path: Vec<(&str, &Type)> = old
        .path_params
        .iter()
        .map(|p| (p.name.as_str(), &p.ty))
        .collect();
    let new_path: Vec<(&str, &Type)> = new
        .path_params
        .iter()
        .map(|p| (p.name.as_str(), &p.ty))
        .collect();
    if old_path != new_path {
        let names = |params: &[(&str, &Type)]| {
            params
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        push(
            Impact::Breaking,
            format!(
                "path parameters ({}) → ({})",
                names(&old_path),
                names(&new_path)
            ),
        );
    }
    let no_params = Vec::new();
    let old_params = old.params.as_ref().map_or(&no_params, |p| &p.params);
    let new_params = new.params.as_ref().map_or(&no_params, |p| &p.params);
    for (name, (before, after)) in paired(old_params, new_params, |p| &p.name) {
        parameter(&name, before, after, push);
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
        push(
            Impact::Breaking,
            format!("request body {} → {}", show_body(old), show_body(new)),
        );
    }
    if old.success != new.success {
        push(
            Impact::Breaking,
            format!("answer {} → {}", answer(&old.success), answer(&new.success)),
        );
    }
    if old.error != new.error {
        push(
            Impact::Breaking,
            format!("error body {} → {}", rust(&old.error), rust(&new.error)),
        );
    }
    if old.security != new.security {
        push(
            Impact::Behaviour,
            format!("security {:?} → {:?}", old.security, new.security),
        );
    }
    if old.pagination.is_some() != new.pagination.is_some() {
        let impact = if new.pagination.is_some() {
            Impact::Additive
        } else {
            Impact::Breaking
        };
        push(
            impact,
            format!(
                "paging stream {}",
                if new.pagination.is_some() {
                    "added"
                } else {
                    "removed"
                }
            ),
        );
    }
    deprecation("", old.deprecated.is_some(), new.deprecated.is_some(), push);
}

/// Deprecating an item is a minor change (users get a warning, their code still builds), as is
/// undoing it.
fn deprecation(what: &str, old: bool, new: bool, push: &mut dyn FnMut(Impact, String)) {
    if old != new {
        push(
            Impact::Additive,
            format!(
                "{what}{}",
                if new {
                    "deprecated"
                } else {
                    "no longer deprecated"
                }
            ),
        );
    }
}

fn parameter(
    name: &str,
    old: Option<&Param>,
    new: Option<&Param>,
    push: &mut dyn FnMut(Impact, String),
) {
    match (old, new) {
        (Some(p), None) => push(Impact::Breaking, format!("parameter `{}` removed", p.wire)),
        (None, Some(p)) if p.required => push(
            Impact::Breaking,
            format!("required parameter `{}` added", p.wire),
        ),
        (None, Some(p)) => push(
            Impact::Additive,
            format!("optional parameter `{}` added", p.wire),
        ),
        (Some(a), Some(b)) => {
            if a.ty != b.ty {
                push(
                    Impact::Breaking,
                    format!("parameter `{name}` type {} → {}", rust(&a.ty), rust(&b.ty)),
                );
            }
            if a.required != b.required {
                push(
                    Impact::Breaking,
                    format!(
                        "parameter `{name}` is now {}",
                        if b.required { "required" } else { "optional" }
                    ),
                );
            }
            if a.wire != b.wire || a.location != b.location {
                push(
                    Impact::Behaviour,
                    format!(
                        "parameter `{name}` sent as {:?} `{}` (was {:?} `{}`)",
                        b.location, b.wire, a.location, a.wire
                    ),
                );
            }
        }
        (None, None) => {}
    }
}

// Whole: a match over the model kinds, each arm a short list of comparisons: a table more than
// control flow.
fn model(old: &Model, new: &Model, push: &mut dyn FnMut(Impact, String)) {
    deprecation("", old.deprecated.is_some(), new.deprecated.is_some(), push);
    match (&old.kind, &new.kind) {
        (ModelKind::Struct(a), ModelKind::Struct(b)) => {
            for (name, (before, after)) in paired(&a.fields, &b.fields, |f| &f.name) {
                field(&name, before, after, push);
            }
            if a.additional != b.additional {
                push(Impact::Breaking, "extra properties map changed".to_owned());
            }
        }
        (ModelKind::Enum(a), ModelKind::Enum(b)) => {
            let (a, b) = (&a.variants, &b.variants);
            for variant in a.iter().filter(|v| !b.iter().any(|w| w.wire == v.wire)) {
                push(
                    Impact::Breaking,
                    format!("enum value `{}` removed", variant.wire),
                );
            }
            for variant in b.iter().filter(|v| !a.iter().any(|w| w.wire == v.wire)) {
                push(
                    Impact::Additive,
                    format!("enum value `{}` added", variant.wire),
                );
            }
        }
        (ModelKind::Alias(a), ModelKind::Alias(b)) if a == b => {}
        (ModelKind::Union(a), ModelKind::Union(b)) => {
            for variant in a.variants.iter().filter(|v| {
                !b.variants
                    .iter()
                    .any(|w| w.name == v.name && w.shape == v.shape)
            }) {
                push(
                    Impact::Breaking,
                    format!("alternative `{}` removed or changed", variant.name),
                );
            }
            for variant in b
                .variants
                .iter()
                .filter(|v| !a.variants.iter().any(|w| w.name == v.name))
            {
                push(
                    Impact::Breaking,
                    format!("alternative `{}` added", variant.name),
                );
            }
            if a.representation != b.representation {
                push(
                    Impact::Breaking,
                    format!(
                        "alternatives told apart by {:?} → {:?}",
                        a.representation, b.representation
                    ),
                );
            }
        }
        (ModelKind::StatusEnum(a), ModelKind::StatusEnum(b)) => {
            for variant in a
                .iter()
                .filter(|v| !b.iter().any(|w| w.name == v.name && w.ty == v.ty))
            {
                push(
                    Impact::Breaking,
                    format!("error variant `{}` removed or changed", variant.name),
                );
            }
            for variant in b.iter().filter(|v| !a.iter().any(|w| w.name == v.name)) {
                push(
                    Impact::Breaking,
                    format!("error variant `{}` added", variant.name),
                );
            }
        }
        _ => push(
            Impact::Breaking,
            format!("kind {} → {}", kind(&old.kind), kind(&new.kind)),
        ),
    }
}

fn field(
    name: &str,
    old: Option<&Field>,
    new: Option<&Field>,
    push: &mut dyn FnMut(Impact, String),
) {
    let optional = |f: &Field| !f.required || f.nullable;
    match (old, new) {
        (Some(f), None) => push(Impact::Breaking, format!("field `{}` removed", f.wire)),
        (None, Some(f)) if !optional(f) => push(
            Impact::Breaking,
            format!("required field `{}` added", f.wire),
        ),
        (None, Some(f)) => push(
            Impact::Additive,
            format!("optional field `{}` added", f.wire),
        ),
        (Some(a), Some(b)) => {
            if a.ty != b.ty {
                push(
                    Impact::Breaking,
                    format!("field `{name}` type {} → {}", rust(&a.ty), rust(&b.ty)),
                );
            }
            if optional(a) != optional(b) {
                push(
                    Impact::Breaking,
                    format!(
                        "field `{name}` is now {}",
                        if optional(b) { "optional" } else { "required" }
                    ),
                );
            }
            if a.wire != b.wire {
                push(
                    Impact::Behaviour,
                    format!(
                        "field `{name}` is `{}` on the wire (was `{}`)",
                        b.wire, a.wire
                    ),
                );
            }
            deprecation(
                &format!("field `{name}` "),
                a.deprecated.is_some(),
                b.deprecated.is_some(),
                push,
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

impl Report {
    /// The report as Markdown, for a pull request description.
    pub fn markdown(&self) -> String {
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
                let _ = writeln!(text, "- **{}**: {}", change.subject, change.detail);
            }
            text.push('\n');
        }
        let bump = match self.bump {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major (before 1.0: minor)",
        };
        let _ = writeln!(text, "Semver: **{bump}**.");
        text
    }

    /// The report as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
