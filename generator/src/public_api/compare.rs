//! Two public APIs compared entry by entry, each change judged by the code using the crate that
//! stops compiling; the report as Markdown.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Delta, Item, Kind, PublicApi, RustChange, RustReport};
use crate::diff::{Bump, Impact};

/// Compare the public API of two versions of a crate.
///
/// - An entry only in `old` is **breaking**: code naming it stops compiling (a removed trait
///   impl too: code relying on `Type: Trait`, such as `.clone()` or `Type::default()`).
/// - An entry only in `new` is **additive**, except:
///   - a `pub` field on a struct that is not `#[non_exhaustive]` and had only `pub` fields:
///     **breaking**, struct literals and patterns without `..` stop compiling;
///   - a variant of an enum that is not `#[non_exhaustive]`: **breaking**, an exhaustive
///     `match` stops compiling;
///   - a trait item without a default: **breaking**, implementations outside the crate lack it.
/// - An entry in both that differs:
///   - its signature (a method's or function's arguments or result, a field's type, a
///     variant's fields, a struct's or enum's generics or shape, a trait impl's bounds, what a
///     re-export names): **breaking**; argument names alone are no change;
///   - `#[non_exhaustive]` or private fields gained, a default lost, a `cfg` that some build
///     meeting the old ones fails (a feature gained, an `any(…)` narrowed), or `#[doc(hidden)]`
///     gained: **breaking**; the reverse (a `cfg` dropped, an `any(…)` widened), and
///     `#[deprecated]` either way: **additive**;
///   - a constant's or static's value alone: **behaviour**.
///
/// The entries of an added or removed item (a struct's fields and derives, an enum's variants, a
/// type's methods, a module's items), or of one that became another kind, are not listed apart
/// from it: its note counts them. Changes to `#[doc(hidden)]` entries are listed
/// but left out of the bump.
pub fn diff<'a>(old: &'a PublicApi, new: &'a PublicApi) -> RustReport {
    let removed: BTreeSet<&str> = old
        .items
        .keys()
        .filter(|key| !new.items.contains_key(*key))
        .map(String::as_str)
        .collect();
    let added: BTreeSet<&str> = new
        .items
        .keys()
        .filter(|key| !old.items.contains_key(*key))
        .map(String::as_str)
        .collect();
    // An item that became another kind (a struct now re-exported from another crate): its old
    // members are not listed apart from it, nor its new ones.
    let rekinded: BTreeSet<&str> = old
        .items
        .iter()
        .filter(|(key, item)| {
            new.items
                .get(*key)
                .is_some_and(|after| after.kind != item.kind)
        })
        .map(|(key, _)| key.as_str())
        .collect();
    // The outermost entry an entry belongs to (by its key's path, or its parent's) that is gone
    // too, came too, or changed kind: the entry is counted there, not listed.
    let owner = |key: &'a str, item: &'a Item, set: &BTreeSet<&str>| -> Option<&'a str> {
        let mut owners = prefixes(key);
        if let Some(parent) = item.parent.as_deref() {
            owners.extend(prefixes(parent));
            owners.push(parent);
        }
        owners
            .into_iter()
            .filter(|owner| set.contains(owner) || rekinded.contains(owner))
            .min_by_key(|owner| (owner.matches("::").count(), owner.len()))
    };
    let mut within: BTreeMap<&str, usize> = BTreeMap::new();
    let keys: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    let mut changes = Vec::new();
    for key in keys {
        let change = match (old.items.get(key), new.items.get(key)) {
            (Some(before), None) => {
                if let Some(owner) = owner(key, before, &removed) {
                    *within.entry(owner).or_default() += 1;
                    continue;
                }
                gone(key, before)
            }
            (None, Some(after)) => {
                if let Some(owner) = owner(key, after, &added) {
                    *within.entry(owner).or_default() += 1;
                    continue;
                }
                came(key, after, old)
            }
            (Some(before), Some(after)) if before != after => {
                let Some(change) = changed(key, before, after) else {
                    continue;
                };
                change
            }
            _ => continue,
        };
        changes.push(change);
    }
    for change in &mut changes {
        match within.get(change.item.as_str()) {
            Some(1) => change.note.push_str(" (and 1 entry of it)"),
            Some(count) => change
                .note
                .push_str(&format!(" (and {count} entries of it)")),
            None => {}
        }
    }
    let bump = changes
        .iter()
        .filter(|change| !change.hidden)
        .map(|change| match change.impact {
            Impact::Breaking => Bump::Major,
            Impact::Additive => Bump::Minor,
            Impact::Behaviour => Bump::Patch,
        })
        .max()
        .unwrap_or(Bump::None);
    RustReport { changes, bump }
}

fn gone(key: &str, item: &Item) -> RustChange {
    let name = last(key);
    let note = match item.kind {
        Kind::Method | Kind::Function | Kind::TraitItem | Kind::Macro => {
            format!("uses of `{key}` stop compiling")
        }
        Kind::Field => format!(
            "reading `.{name}`, or naming it in a struct literal or pattern, stops compiling"
        ),
        Kind::Variant => format!("building or matching `{key}` stops compiling"),
        Kind::TraitImpl => format!(
            "code relying on `{}` (its methods, a bound on it) stops compiling",
            key.trim_start_matches("impl ")
        ),
        Kind::Use | Kind::Module => format!("paths through `{key}` stop resolving"),
        Kind::MacroCall => "what the call declared is gone".to_owned(),
        _ => format!("code naming `{key}` stops compiling"),
    };
    RustChange {
        impact: Impact::Breaking,
        item: key.to_owned(),
        kind: item.kind,
        change: Delta::Removed,
        note,
        hidden: item.hidden,
    }
}

fn came(key: &str, item: &Item, old: &PublicApi) -> RustChange {
    let parent = item
        .parent
        .as_deref()
        .and_then(|parent| old.items.get(parent).map(|item| (parent, item)));
    let (impact, note) = match (item.kind, parent) {
        (Kind::Field, Some((parent, owner)))
            if owner.kind == Kind::Struct && !owner.non_exhaustive && !owner.private_fields =>
        {
            (
                Impact::Breaking,
                format!(
                    "struct literals of `{parent}` and patterns without `..` stop compiling \
                     (`{parent}` is not `#[non_exhaustive]` and had only public fields)"
                ),
            )
        }
        (Kind::Variant, Some((parent, owner))) if !owner.non_exhaustive => (
            Impact::Breaking,
            format!(
                "exhaustive `match`es on `{parent}` stop compiling (it is not `#[non_exhaustive]`)"
            ),
        ),
        (Kind::TraitItem, Some((parent, _))) if item.required => (
            Impact::Breaking,
            format!("implementations of `{parent}` outside the crate stop compiling (no default)"),
        ),
        (kind, _) => (Impact::Additive, format!("new {kind}")),
    };
    RustChange {
        impact,
        item: key.to_owned(),
        kind: item.kind,
        change: Delta::Added,
        note,
        hidden: item.hidden,
    }
}

/// The change of an entry in both versions, `None` when callers cannot tell (an argument renamed).
fn changed(key: &str, old: &Item, new: &Item) -> Option<RustChange> {
    let mut aspects: Vec<(Impact, String)> = Vec::new();
    let mut push = |impact, note: String| aspects.push((impact, note));
    let shape = |item: &Item| item.shape.clone().unwrap_or_else(|| item.signature.clone());
    if old.kind != new.kind {
        let note = if new.kind == Kind::Use {
            format!(
                "was {}, is a re-export: what it names is not read here, so code using it as \
                 before may stop compiling",
                a(old.kind)
            )
        } else {
            format!(
                "was {}, is {}: code using it as before stops compiling",
                a(old.kind),
                a(new.kind)
            )
        };
        push(Impact::Breaking, note);
    } else if shape(old) != shape(new) {
        let name = last(key);
        let note = match new.kind {
            Kind::Method | Kind::Function => {
                format!("calls of `{key}(…)` written for the old signature stop compiling")
            }
            Kind::TraitItem => format!(
                "calls of `{key}` and implementations written for the old signature stop compiling"
            ),
            Kind::Field => format!("code using `.{name}` as its old type stops compiling"),
            Kind::Variant => format!("building or matching `{key}` the old way stops compiling"),
            Kind::Const | Kind::Static | Kind::AssocConst => {
                format!("code using `{key}` as its old type stops compiling")
            }
            Kind::TraitImpl => {
                "code relying on the old bounds or associated types may stop compiling".to_owned()
            }
            Kind::Use => format!("`{key}` names something else"),
            Kind::MacroCall => "the items it declares may differ".to_owned(),
            Kind::Macro => "calls written for the old patterns may stop compiling".to_owned(),
            _ => format!("code naming `{key}` with its old generics or shape stops compiling"),
        };
        push(Impact::Breaking, note);
    }
    // The flags of one kind of item; of another kind, only that counts.
    if old.kind == new.kind {
        match (old.non_exhaustive, new.non_exhaustive) {
            (false, true) => push(
                Impact::Breaking,
                match new.kind {
                    Kind::Enum => format!(
                        "now `#[non_exhaustive]`: exhaustive `match`es on `{key}` stop compiling"
                    ),
                    Kind::Variant => format!(
                        "now `#[non_exhaustive]`: building `{key}` outside the crate stops compiling"
                    ),
                    _ => format!(
                        "now `#[non_exhaustive]`: struct literals of `{key}` and patterns without `..` stop compiling"
                    ),
                },
            ),
            (true, false) => push(Impact::Additive, "no longer `#[non_exhaustive]`".to_owned()),
            _ => {}
        }
        match (old.private_fields, new.private_fields) {
            (false, true) if !old.non_exhaustive && new.kind == Kind::Struct => push(
                Impact::Breaking,
                format!(
                    "now has private fields: struct literals of `{key}` outside the crate stop compiling"
                ),
            ),
            (false, true) => push(Impact::Additive, "now has private fields".to_owned()),
            (true, false) => push(Impact::Additive, "all its fields are public now".to_owned()),
            _ => {}
        }
        match (old.required, new.required) {
            (false, true) => push(
                Impact::Breaking,
                "lost its default: implementations outside the crate that relied on it stop compiling"
                    .to_owned(),
            ),
            (true, false) => push(Impact::Additive, "has a default now".to_owned()),
            _ => {}
        }
    }
    if old.cfg != new.cfg {
        if new.cfg.iter().all(|cfg| old.cfg.contains(cfg)) {
            push(Impact::Additive, "needs fewer `cfg`s".to_owned());
        } else if super::cfg::still_compiled(&old.cfg, &new.cfg) {
            let was = old.features();
            let gained: Vec<String> = new
                .features()
                .into_iter()
                .filter(|feature| !was.contains(feature))
                .collect();
            let note = if gained.is_empty() {
                "compiled in every build it was, and more".to_owned()
            } else {
                format!(
                    "compiled with {} too, and wherever it was",
                    crate::diff::features_named(&gained)
                )
            };
            push(Impact::Additive, note);
        } else {
            push(
                Impact::Breaking,
                format!(
                    "now only with `cfg({})`: builds without it stop compiling",
                    new.cfg.join(", ")
                ),
            );
        }
    }
    match (old.deprecated, new.deprecated) {
        (false, true) => push(Impact::Additive, "deprecated: uses now warn".to_owned()),
        (true, false) => push(Impact::Additive, "no longer deprecated".to_owned()),
        _ => {}
    }
    match (old.hidden, new.hidden) {
        (false, true) => push(
            Impact::Breaking,
            "now `#[doc(hidden)]`: code using it still compiles, but semver no longer covers it"
                .to_owned(),
        ),
        (true, false) => push(Impact::Additive, "no longer `#[doc(hidden)]`".to_owned()),
        _ => {}
    }
    if old.value != new.value && old.kind == new.kind {
        push(Impact::Behaviour, "its value changed".to_owned());
    }
    let impact = aspects.iter().map(|(impact, _)| *impact).min()?;
    let note = aspects
        .into_iter()
        .map(|(_, note)| note)
        .collect::<Vec<_>>()
        .join("; ");
    Some(RustChange {
        impact,
        item: key.to_owned(),
        kind: new.kind,
        change: Delta::Changed {
            old: old.display(),
            new: new.display(),
        },
        note,
        hidden: old.hidden && new.hidden,
    })
}

/// The proper prefixes of a key's path: `a`, `a::b` of `a::b::c`.
fn prefixes(key: &str) -> Vec<&str> {
    key.match_indices("::").map(|(at, _)| &key[..at]).collect()
}

/// The kind with its article: `a struct`, `an enum`.
fn a(kind: Kind) -> String {
    let name = kind.name();
    if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {name}")
    } else {
        format!("a {name}")
    }
}

/// The last segment of a key: a field's or method's name.
fn last(key: &str) -> &str {
    key.rsplit("::").next().unwrap_or(key)
}

impl RustChange {
    /// The change on one line: `` `models::Device::new` (method): `pub fn new(…)` → `pub fn
    /// new(…)`: calls of … stop compiling. ``
    pub fn line(&self) -> String {
        match &self.change {
            Delta::Removed => format!("`{}` ({}) removed: {}.", self.item, self.kind, self.note),
            Delta::Added => format!("`{}` ({}) added: {}.", self.item, self.kind, self.note),
            Delta::Changed { old, new } => {
                let ((old_attributes, old_rest), (new_attributes, new_rest)) =
                    (attributes(old), attributes(new));
                // Only its attributes changed: they are the change, the rest would be noise.
                let (old, new) = if old_rest == new_rest {
                    (old_attributes.trim_end(), new_attributes.trim_end())
                } else {
                    (old.as_str(), new.as_str())
                };
                let shown = |text: &str| match text {
                    "" => "no attribute".to_owned(),
                    text => format!("`{text}`"),
                };
                format!(
                    "`{}` ({}): {} → {}: {}.",
                    self.item,
                    self.kind,
                    shown(old),
                    shown(new),
                    self.note
                )
            }
        }
    }
}

/// An entry's display split into its leading attributes (`#[cfg(…)] #[deprecated] `) and the rest.
fn attributes(display: &str) -> (&str, &str) {
    let mut end = 0;
    while display[end..].starts_with("#[") {
        let mut depth = 0;
        let close = display[end..].char_indices().find_map(|(at, c)| {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ => {}
            }
            (depth == 0 && c == ']').then_some(at)
        });
        let Some(close) = close else { break };
        end += close + 1;
        end += display[end..].len() - display[end..].trim_start().len();
    }
    display.split_at(end)
}

pub(super) fn markdown(report: &RustReport) -> String {
    let mut text = String::from("## Rust API changes\n\n");
    if report.changes.is_empty() {
        text.push_str("No change to the public Rust API.\n");
    }
    let line = |text: &mut String, change: &RustChange, impact: bool| {
        let prefix = if impact {
            match change.impact {
                Impact::Breaking => "breaking: ",
                Impact::Additive => "additive: ",
                Impact::Behaviour => "behaviour: ",
            }
        } else {
            ""
        };
        let _ = writeln!(text, "- {prefix}{}", change.line());
    };
    for (impact, title) in [
        (Impact::Breaking, "Breaking"),
        (Impact::Additive, "Additions"),
        (Impact::Behaviour, "Behaviour (same Rust API)"),
    ] {
        let rows: Vec<&RustChange> = report
            .changes
            .iter()
            .filter(|change| change.impact == impact && !change.hidden)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(text, "### {title}\n");
        for change in rows {
            line(&mut text, change, false);
        }
        text.push('\n');
    }
    let hidden: Vec<&RustChange> = report.changes.iter().filter(|c| c.hidden).collect();
    if !hidden.is_empty() {
        text.push_str("### Hidden (`#[doc(hidden)]`: outside semver, not in the bump)\n\n");
        for change in hidden {
            line(&mut text, change, true);
        }
        text.push('\n');
    }
    let _ = writeln!(text, "Semver: **{}**.", report.bump.words());
    text
}
