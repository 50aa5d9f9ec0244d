//! Repairs that upstream has caught up with. An update that adds what the upstream spec already
//! declares — an array item of the same identity (a parameter by `name` and `in`, a `$ref` by what
//! it names, a scalar such as an enum value by value, any other item by equality), or a member of a
//! map of the author's names (a property, a schema, a path, a response, a scope) — is a
//! `redundant-repair` when the two agree and a `conflicting-repair` when the overlay's would change
//! upstream's; an update that would change nothing at all in what upstream holds is a
//! `redundant-repair` too. Only upstream counts: a node an earlier action wrote ([`Provenance`])
//! is the overlays' own, and re-stating it is no concern of this check. A correction aimed at the
//! entity itself (`$.definitions.A.properties.p`, `update: {type: string}`) adds nothing and is
//! never flagged.
//!
//! The review only reads the spec, before each merge: what the merge does is the same either way.

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Location};
use crate::grammar::{self, Dialect, Node};
use crate::pointer::{At as _, child, unescape_token};

use super::Provenance;

/// What a repair is checked against: the spec as the earlier actions left it, which of its nodes
/// they wrote, and where upstream's own nodes are in the spec's file.
pub(super) struct Review<'a> {
    /// The whole spec (to resolve a `$ref` item).
    pub(super) spec: &'a Value,
    pub(super) dialect: Dialect,
    pub(super) provenance: &'a Provenance,
    /// file:line:column of a spec pointer in the upstream file, when it has a text.
    pub(super) upstream: &'a dyn Fn(&str) -> Option<Location>,
}

/// A member or item named with both places: where the overlay's is, where upstream's is.
struct Clash<'v> {
    /// Pointer into the overlay file.
    at: String,
    /// Pointer into the spec.
    upstream: String,
    /// "parameter `id` in path", "property `name`".
    noun: String,
    upstream_value: &'v Value,
    overlay_value: &'v Value,
}

impl Review<'_> {
    /// Every redundant or conflicting part of merging `update` (at `update_pointer` in the overlay
    /// file) into the node at `target` of the spec.
    pub(super) fn review(
        &self,
        target: &str,
        update: &Value,
        update_pointer: &str,
        found: &mut Vec<Diagnostic>,
    ) {
        // Below a node an earlier action wrote, everything is the overlays' own.
        if self.provenance.wrote(target) {
            return;
        }
        match (self.spec.at(target), update) {
            (Some(Value::Array(items)), update) => {
                self.appended(items, target, update, update_pointer, found);
            }
            (Some(Value::Object(members)), Value::Object(update_members)) => {
                if self.says_already(members, update_members, target) {
                    found.push(Diagnostic::warning(
                        "redundant-repair",
                        update_pointer,
                        format!(
                            "upstream now says what this repair says, at {}: the repair is redundant; drop it",
                            self.place(target)
                        ),
                    ));
                    return;
                }
                self.merged(members, update_members, target, update_pointer, found);
            }
            _ => {}
        }
    }

    /// Whether merging `update` into `members` would change nothing, and every value it would
    /// write is upstream's (not an earlier action's, nor above or below one).
    fn says_already(
        &self,
        members: &Map<String, Value>,
        update: &Map<String, Value>,
        pointer: &str,
    ) -> bool {
        if changes_members(members, update) {
            return false;
        }
        let mut leaves = Vec::new();
        leaves_of(members, update, pointer, &mut leaves);
        !leaves.is_empty() && !leaves.iter().any(|leaf| self.provenance.wrote_near(leaf))
    }

    /// Items appended to the array `items` at `pointer` that upstream already has.
    fn appended(
        &self,
        items: &[Value],
        pointer: &str,
        update: &Value,
        update_pointer: &str,
        found: &mut Vec<Diagnostic>,
    ) {
        let added: Vec<(&Value, String)> = match update {
            Value::Array(values) => values
                .iter()
                .enumerate()
                .map(|(offset, value)| (value, child(update_pointer, &offset.to_string())))
                .collect(),
            value => vec![(value, update_pointer.to_owned())],
        };
        for (value, at) in added {
            let identity = self.identity(value, pointer);
            let upstream = items.iter().enumerate().find_map(|(index, item)| {
                let item_pointer = child(pointer, &index.to_string());
                (self.identity(item, pointer) == identity && !self.provenance.wrote(&item_pointer))
                    .then_some((item, item_pointer))
            });
            let Some((item, item_pointer)) = upstream else {
                continue;
            };
            let clash = Clash {
                at,
                upstream: item_pointer,
                noun: identity.noun(pointer),
                upstream_value: self.resolved(item),
                overlay_value: self.resolved(value),
            };
            found.push(self.appended_clash(&clash));
        }
    }

    /// An appended item upstream has: the same, or the same entity said differently.
    fn appended_clash(&self, clash: &Clash<'_>) -> Diagnostic {
        let place = self.place(&clash.upstream);
        if clash.upstream_value == clash.overlay_value {
            return Diagnostic::warning(
                "redundant-repair",
                clash.at.clone(),
                format!(
                    "upstream now declares {} at {place}, as this repair adds it: the repair is redundant; drop it",
                    clash.noun
                ),
            );
        }
        let mut differences = Vec::new();
        differences_between(
            clash.upstream_value,
            clash.overlay_value,
            &mut Vec::new(),
            &mut differences,
        );
        Diagnostic::warning(
            "conflicting-repair",
            clash.at.clone(),
            format!(
                "upstream now declares {} at {place}, differently ({}); appending this one declares it twice: drop it, or correct upstream's with an action that targets it",
                clash.noun,
                summary(&differences)
            ),
        )
    }

    /// Members of `update` merged into `members` (at `pointer`): an author-named entity upstream
    /// declares is a clash; other members both hold as objects are looked into.
    fn merged(
        &self,
        members: &Map<String, Value>,
        update: &Map<String, Value>,
        pointer: &str,
        update_pointer: &str,
        found: &mut Vec<Diagnostic>,
    ) {
        let names = self.names_of(pointer);
        for (key, value) in update {
            let Some(existing) = members.get(key) else {
                continue;
            };
            let member = child(pointer, key);
            if self.provenance.wrote(&member) {
                continue;
            }
            let at = child(update_pointer, key);
            if let Some(noun) = names.filter(|names| names.holds(key)).map(Names::noun) {
                let clash = Clash {
                    at,
                    upstream: member,
                    noun: format!("{noun} `{key}`"),
                    upstream_value: existing,
                    overlay_value: value,
                };
                found.push(self.merged_clash(&clash));
                continue;
            }
            if let (Value::Object(existing), Value::Object(value)) = (existing, value) {
                self.merged(existing, value, &member, &at, found);
            }
        }
    }

    /// A member upstream declares, merged into: nothing changes, or upstream's changes.
    fn merged_clash(&self, clash: &Clash<'_>) -> Diagnostic {
        let place = self.place(&clash.upstream);
        if !changes(clash.upstream_value, clash.overlay_value) {
            return Diagnostic::warning(
                "redundant-repair",
                clash.at.clone(),
                format!(
                    "upstream now declares {} at {place}, as this repair does: the repair is redundant; drop it",
                    clash.noun
                ),
            );
        }
        let mut differences = Vec::new();
        merge_differences(
            clash.upstream_value,
            clash.overlay_value,
            &mut Vec::new(),
            &mut differences,
        );
        Diagnostic::warning(
            "conflicting-repair",
            clash.at.clone(),
            format!(
                "upstream now declares {} at {place}, and this repair would change it ({}): drop the repair, or correct upstream's with an action that targets it",
                clash.noun,
                summary(&differences)
            ),
        )
    }

    /// What the node at `pointer` is a map of, if its members are the author's names.
    fn names_of(&self, pointer: &str) -> Option<Names> {
        match grammar::node_at(pointer, self.dialect) {
            Some(Node::Map(_)) => return Some(Names::map(pointer)),
            Some(Node::Extensible(_)) => return Some(Names::extensible(pointer)),
            Some(Node::One(_) | Node::List(_)) | None => {}
        }
        // What the grammar does not walk: security schemes and their scopes.
        let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
        let scheme = match (self.dialect, tokens.as_slice()) {
            (Dialect::Swagger2, ["securityDefinitions"]) => "security scheme",
            (Dialect::Swagger2, ["securityDefinitions", _, "scopes"])
            | (Dialect::OpenApi3, ["components", "securitySchemes", _, "flows", _, "scopes"]) => {
                "scope"
            }
            _ => return None,
        };
        Some(Names {
            noun: scheme,
            extensions: true,
        })
    }

    /// An item's identity among the items of the array at `array`.
    fn identity<'v>(&self, item: &'v Value, array: &str) -> Identity<'v> {
        let Value::Object(members) = item else {
            return Identity::Value(item);
        };
        let text = |member: &Map<String, Value>, key: &str| -> Option<String> {
            member.get(key).and_then(Value::as_str).map(str::to_owned)
        };
        let parameter = |member: &Map<String, Value>| {
            Some(Identity::Parameter {
                name: text(member, "name")?,
                location: text(member, "in")?,
            })
        };
        if let Some(reference) = members.get("$ref").and_then(Value::as_str) {
            return match self.resolve(reference) {
                Some(Value::Object(resolved)) => parameter(resolved),
                _ => None,
            }
            .unwrap_or_else(|| Identity::Reference(reference.to_owned()));
        }
        if let Some(identity) = parameter(members) {
            return identity;
        }
        match text(members, "name") {
            Some(name) if array == "/tags" => Identity::Tag(name),
            _ => Identity::Value(item),
        }
    }

    /// The node a local `$ref` names, if it is in the spec.
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.spec.at(pointer)
    }

    /// `item`, or what it refers to if it is a local reference the spec resolves.
    fn resolved<'v>(&'v self, item: &'v Value) -> &'v Value {
        item.get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| self.resolve(reference))
            .unwrap_or(item)
    }

    /// Where upstream's node at `pointer` is in the spec's file: file:line:column and its pointer
    /// there (where it was before any removal), or that pointer alone when the spec has no text.
    fn place(&self, pointer: &str) -> String {
        let original = self.provenance.before_removals(pointer);
        let shown = if original.is_empty() {
            "(root)"
        } else {
            &original
        };
        match (self.upstream)(&original) {
            Some(location) => format!("{location} ({shown})"),
            None => format!("`{shown}`"),
        }
    }
}

/// Who an array item is, for telling whether upstream already has it.
#[derive(Debug, PartialEq)]
enum Identity<'v> {
    /// A parameter (inline or by reference): its name and where it goes.
    Parameter { name: String, location: String },
    /// A document-level tag: its name.
    Tag(String),
    /// A reference that names no parameter: what it names.
    Reference(String),
    /// Anything else (an enum value, a `required` name, a tag of an operation): its value.
    Value(&'v Value),
}

impl Identity<'_> {
    /// How a message names the item, in the array at `array`.
    fn noun(&self, array: &str) -> String {
        match self {
            Identity::Parameter { name, location } => format!("parameter `{name}` in {location}"),
            Identity::Tag(name) => format!("tag `{name}`"),
            Identity::Reference(reference) => format!("the reference to `{reference}`"),
            Identity::Value(value) => {
                let last = array.rsplit('/').next().map(unescape_token);
                let noun = match last.as_deref() {
                    Some("enum") => "enum value",
                    Some("required") => "required member",
                    Some("tags") => "tag",
                    Some("security") => "security requirement",
                    Some("servers") => "server",
                    _ => "item",
                };
                format!("{noun} `{}`", shown(value))
            }
        }
    }
}

/// The members of a map of the author's names.
#[derive(Debug, Clone, Copy)]
struct Names {
    /// How a message names one of them.
    noun: &'static str,
    /// Whether an `x-` member is an extension rather than a name (the Paths and Responses objects).
    extensions: bool,
}

impl Names {
    fn map(pointer: &str) -> Names {
        Names {
            noun: noun_of_map(pointer),
            extensions: false,
        }
    }

    fn extensible(pointer: &str) -> Names {
        Names {
            noun: noun_of_map(pointer),
            extensions: true,
        }
    }

    /// Whether `key` is one of the author's names.
    fn holds(&self, key: &str) -> bool {
        !(self.extensions && key.starts_with("x-"))
    }

    fn noun(self) -> &'static str {
        self.noun
    }
}

/// How a message names a member of the map at `pointer`, by the map's own name.
fn noun_of_map(pointer: &str) -> &'static str {
    let last = pointer.rsplit('/').next().map(unescape_token);
    match last.as_deref() {
        Some("properties" | "patternProperties") => "property",
        Some("definitions" | "schemas") => "schema",
        Some("paths") => "path",
        Some("parameters") => "parameter",
        Some("responses") => "response",
        Some("requestBodies") => "request body",
        Some("headers") => "header",
        Some("securitySchemes") => "security scheme",
        Some("content") => "media type",
        Some("examples") => "example",
        Some("links") => "link",
        Some("callbacks") => "callback",
        Some("encoding") => "encoding",
        _ => "member",
    }
}

/// Whether merging `update` into `existing` (as a member: objects merge, anything else replaces)
/// would change it.
fn changes(existing: &Value, update: &Value) -> bool {
    match (existing, update) {
        (Value::Object(existing), Value::Object(update)) => changes_members(existing, update),
        (existing, update) => existing != update,
    }
}

/// Whether merging the members of `update` into `members` would change them.
fn changes_members(members: &Map<String, Value>, update: &Map<String, Value>) -> bool {
    update.iter().any(|(key, value)| match members.get(key) {
        Some(existing) => changes(existing, value),
        None => true,
    })
}

/// The pointers the merge of `update` into `members` (at `pointer`) writes: every member it does
/// not merge into an object.
fn leaves_of(
    members: &Map<String, Value>,
    update: &Map<String, Value>,
    pointer: &str,
    leaves: &mut Vec<String>,
) {
    for (key, value) in update {
        let member = child(pointer, key);
        match (members.get(key), value) {
            (Some(Value::Object(existing)), Value::Object(value)) => {
                leaves_of(existing, value, &member, leaves);
            }
            _ => leaves.push(member),
        }
    }
}

/// One way upstream's value and the overlay's differ, at a path of keys below the entity.
#[derive(Debug)]
enum Difference<'v> {
    /// Both have it, with different values.
    Changed {
        path: Vec<&'v str>,
        upstream: &'v Value,
        overlay: &'v Value,
    },
    /// Only the overlay has it.
    Added { path: Vec<&'v str> },
    /// Only upstream has it.
    Missing { path: Vec<&'v str> },
}

/// How the merge of `overlay` into `upstream` would change it.
fn merge_differences<'v>(
    upstream: &'v Value,
    overlay: &'v Value,
    path: &mut Vec<&'v str>,
    found: &mut Vec<Difference<'v>>,
) {
    match (upstream, overlay) {
        (Value::Object(upstream), Value::Object(overlay)) => {
            for (key, value) in overlay {
                path.push(key);
                match upstream.get(key) {
                    Some(existing) => merge_differences(existing, value, path, found),
                    None => found.push(Difference::Added { path: path.clone() }),
                }
                path.pop();
            }
        }
        (upstream, overlay) if upstream != overlay => found.push(Difference::Changed {
            path: path.clone(),
            upstream,
            overlay,
        }),
        _ => {}
    }
}

/// How `overlay` differs from `upstream`, either way.
fn differences_between<'v>(
    upstream: &'v Value,
    overlay: &'v Value,
    path: &mut Vec<&'v str>,
    found: &mut Vec<Difference<'v>>,
) {
    match (upstream, overlay) {
        (Value::Object(upstream), Value::Object(overlay)) => {
            for (key, value) in upstream {
                path.push(key);
                match overlay.get(key) {
                    Some(theirs) => differences_between(value, theirs, path, found),
                    None => found.push(Difference::Missing { path: path.clone() }),
                }
                path.pop();
            }
            for key in overlay.keys().filter(|key| !upstream.contains_key(*key)) {
                path.push(key);
                found.push(Difference::Added { path: path.clone() });
                path.pop();
            }
        }
        (upstream, overlay) if upstream != overlay => found.push(Difference::Changed {
            path: path.clone(),
            upstream,
            overlay,
        }),
        _ => {}
    }
}

/// How many differences a message spells out.
const DIFFERENCES_SHOWN: usize = 2;

/// The first few differences, in words.
fn summary(differences: &[Difference<'_>]) -> String {
    let mut words: Vec<String> = differences
        .iter()
        .take(DIFFERENCES_SHOWN)
        .map(Difference::words)
        .collect();
    if let Some(more) = differences.len().checked_sub(DIFFERENCES_SHOWN) {
        if more > 0 {
            words.push(format!("and {more} more"));
        }
    }
    words.join("; ")
}

impl Difference<'_> {
    fn words(&self) -> String {
        match self {
            Difference::Changed {
                path,
                upstream,
                overlay,
            } => {
                let (upstream, overlay) = (shown(upstream), shown(overlay));
                match path.split_last() {
                    None => format!("upstream says `{upstream}`, the overlay `{overlay}`"),
                    Some((&"type", [])) => {
                        format!("upstream types it `{upstream}`, the overlay `{overlay}`")
                    }
                    Some((&"type", parent)) => format!(
                        "upstream types `{}` `{upstream}`, the overlay `{overlay}`",
                        parent.join("/")
                    ),
                    Some(_) => format!(
                        "upstream's `{}` is `{upstream}`, the overlay's `{overlay}`",
                        path.join("/")
                    ),
                }
            }
            Difference::Added { path } => format!("the overlay adds `{}`", path.join("/")),
            Difference::Missing { path } => {
                format!("upstream has `{}`, the overlay does not", path.join("/"))
            }
        }
    }
}

/// How long a value shown in a message may be.
const SHOWN_CHARS: usize = 40;

/// A value as a message shows it: a string as it is, anything else as compact JSON; whitespace
/// runs made one space, and cut short.
fn shown(value: &Value) -> String {
    let text = match value {
        Value::String(text) => text.clone(),
        value => value.to_string(),
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SHOWN_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SHOWN_CHARS - 1).collect();
    format!("{cut}…")
}
