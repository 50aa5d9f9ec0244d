//! `$ref`s to any place in the document, made into the references the OpenAPI model reads.
//!
//! JSON Reference allows any pointer: a schema may point into another schema's property
//! (`#/components/schemas/Connection/properties/id`), a response into another operation
//! (`#/paths/~1orders/get/responses/404`). The model this crate reads a document into, and the
//! lowering after it, only follow references to `#/components/<kind>/<name>` (`#/definitions/<name>`,
//! `#/parameters/<name>` and `#/responses/<name>` in Swagger 2.0). So, on the JSON value, before
//! it is read:
//!
//! - a target of the right kind that is not in its components map is **hoisted**: moved into it
//!   under a name made from its pointer (`name.rs`: `Connection_id`, unique in the map), a `$ref` to
//!   the new entry left where it was, and every reference to it (or into it) rewritten;
//! - a reference where the model takes none (a path item, an operation's callback) is
//!   **inlined**: replaced by a copy of its target;
//! - a reference whose target is only another reference is pointed at the end of the chain.
//!
//! A reference to the wrong kind of object (a schema used as a response) is left as it is: the
//! lowering skips what needs it, with a warning. [`Hoisted::origins`] maps pointers into the
//! result back to where the author wrote each part, so diagnostics point there.

mod name;
#[cfg(test)]
mod tests;

use crate::pointer::At as _;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::grammar::{self, Dialect, Kind, Node};

use crate::diag::{Diagnostic, Diagnostics, Skipped};
use crate::origins::{Origins, PrefixMap};
use crate::pointer::child;
use crate::refs::{self, Site};

/// Rounds of hoisting and inlining before giving up: a moved object can hold references that only
/// now stand where a reference is read, an inlined one references of its own.
const MOST_ROUNDS: usize = 16;

/// Nodes copied by inlining before giving up (callbacks that hold each other would never end).
const MOST_INLINED: usize = 100_000;

/// References followed from one to the next before giving up (cycles are the reference check's).
const LONGEST_CHAIN: usize = 32;

/// The result of [`hoist`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hoisted {
    /// The document, every reference pointing where the model reads references.
    pub value: Value,
    /// Where each moved or inlined part was in the input.
    pub origins: Origins,
}

/// Hoist and inline the targets of `document`'s references (see the module documentation).
/// Diagnostics point into the input.
pub fn hoist(document: Value, dialect: Dialect, diagnostics: &mut Diagnostics) -> Hoisted {
    let mut pass = Pass {
        document,
        dialect,
        origins: Origins::default(),
        inlined: 0,
    };
    let mut settled = false;
    for _ in 0..MOST_ROUNDS {
        let plan = pass.plan();
        if plan.is_empty() {
            settled = true;
            break;
        }
        pass.apply(plan, diagnostics);
    }
    if !settled {
        // What is still to inline leads back into itself: the model cannot read it, so it goes.
        for (site, _) in pass.plan().inlines {
            pass.drop_site(&site, "it leads back into itself", diagnostics);
        }
    }
    Hoisted {
        value: pass.document,
        origins: pass.origins,
    }
}

/// What one round changes, every pointer in the document's coordinates at the round's start.
#[derive(Debug, Default)]
struct Plan {
    /// Reference sites whose `$ref` becomes the reference at the end of its chain.
    retargets: Vec<(String, String)>,
    /// Targets to move into their components map, with their kind; sorted, so a target inside
    /// another comes after it (and is moved before it, walking backwards).
    hoists: BTreeMap<String, Kind>,
    /// Reference sites to replace with a copy of the target at the second pointer.
    inlines: Vec<(String, String)>,
    /// Reference sites where no reference can stand and no copy either, and why.
    drops: Vec<(String, Drop)>,
}

/// Why a reference where the model takes none cannot be replaced by a copy of its target.
#[derive(Debug, Clone, Copy)]
enum Drop {
    /// The target is not the kind of object expected there.
    OtherKind(Kind),
    /// The reference stands inside its own target.
    HoldsItself,
    /// The target is in another file, or the reference is no JSON pointer.
    Elsewhere,
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.retargets.is_empty()
            && self.hoists.is_empty()
            && self.inlines.is_empty()
            && self.drops.is_empty()
    }
}

struct Pass {
    document: Value,
    dialect: Dialect,
    origins: Origins,
    inlined: usize,
}

impl Pass {
    fn plan(&self) -> Plan {
        let mut plan = Plan::default();
        for site in refs::sites(&self.document) {
            self.plan_site(&site, &mut plan);
        }
        plan
    }

    /// What to do about one reference, if anything.
    fn plan_site(&self, site: &Site, plan: &mut Plan) {
        let Some(Node::One(kind)) = grammar::node_at(&site.pointer, self.dialect) else {
            return;
        };
        let home = grammar::home(kind, self.dialect)
            .filter(|_| grammar::accepts_reference(&site.pointer, kind, self.dialect));
        let Some(first) = refs::target_pointer(&site.reference) else {
            // Another file (the reference check says so): where a reference can stand it is
            // typed loosely or skipped later; where none can, there is nothing to copy.
            if home.is_none() {
                plan.drops.push((site.pointer.clone(), Drop::Elsewhere));
            }
            return;
        };
        let (target, reference) = self.chain_end(&first, &site.reference, home);
        let found = grammar::kind_at(&target, self.dialect);
        let Some(home) = home else {
            // No reference can stand here: a copy of the target can.
            if self.document.at(&target).is_none() {
                return;
            }
            if found != Some(kind) {
                plan.drops
                    .push((site.pointer.clone(), Drop::OtherKind(kind)));
            } else if grammar::is_within(&site.pointer, &target) {
                // A copy of something into itself would hold the reference again, forever.
                plan.drops.push((site.pointer.clone(), Drop::HoldsItself));
            } else {
                plan.inlines.push((site.pointer.clone(), target));
            }
            return;
        };
        let at_home = grammar::is_entry_of(&target, home);
        // A schema may live anywhere (under `definitions` of another schema, in an extension);
        // other kinds must be found where the specification puts them.
        let fits = found == Some(kind) || (found.is_none() && kind == Kind::Schema);
        let movable = fits && self.document.at(&target).is_some();
        if !(at_home || movable) {
            return;
        }
        if target != first {
            plan.retargets.push((site.pointer.clone(), reference));
        }
        if !at_home {
            plan.hoists.insert(target, kind);
        }
    }

    /// The pointer and reference at the end of the chain that starts at `first` (`reference`):
    /// references that are nothing but a reference are followed, up to an entry of `home`.
    fn chain_end(&self, first: &str, reference: &str, home: Option<&str>) -> (String, String) {
        let mut end = (first.to_owned(), reference.to_owned());
        for _ in 0..LONGEST_CHAIN {
            if home.is_some_and(|home| grammar::is_entry_of(&end.0, home)) {
                break;
            }
            let next = self
                .document
                .at(&end.0)
                .filter(|node| refs::is_ref_only(node))
                .and_then(|node| node.get("$ref")?.as_str())
                .and_then(|next| Some((refs::target_pointer(next)?, next.to_owned())));
            match next {
                Some(next) => end = next,
                None => break,
            }
        }
        end
    }

    /// Carry out one round's plan: retargets and hoists first; inlining waits for a round without
    /// hoists, so that no copy is made of something about to move.
    fn apply(&mut self, plan: Plan, diagnostics: &mut Diagnostics) {
        for (site, reference) in &plan.retargets {
            if let Some(Value::Object(node)) = self.document.at_mut(site) {
                node.insert("$ref".to_owned(), Value::String(reference.clone()));
            }
        }
        if !plan.hoists.is_empty() {
            let mut moved = PrefixMap::default();
            for (target, kind) in plan.hoists.iter().rev() {
                if let Some(to) = self.move_home(target, *kind) {
                    moved.insert(target, &to);
                }
            }
            self.rewrite_references(&moved);
            return;
        }
        for (site, target) in &plan.inlines {
            self.inline(site, target, diagnostics);
        }
        for (site, drop) in &plan.drops {
            let reason = match drop {
                Drop::OtherKind(kind) => format!("its target is not {}", kind.noun()),
                Drop::HoldsItself => "it stands inside its own target".to_owned(),
                Drop::Elsewhere => "it does not point into this document".to_owned(),
            };
            self.drop_site(site, &reason, diagnostics);
        }
    }

    /// Move the object at `target` into the components map of `kind`, leave a reference to it
    /// behind, and return its new pointer.
    fn move_home(&mut self, target: &str, kind: Kind) -> Option<String> {
        let home = grammar::home(kind, self.dialect)?;
        let source = self.origins.source_pointer(target);
        let map = map_at(&mut self.document, home)?;
        let key = name::unique(&name::from_pointer(&source), |key| map.contains_key(key));
        let to = child(home, &key);
        let placeholder = Value::Object(Map::from_iter([(
            "$ref".to_owned(),
            Value::String(reference_to(&to)),
        )]));
        let value = std::mem::replace(self.document.at_mut(target)?, placeholder);
        map_at(&mut self.document, home)?.insert(key, value);
        self.origins.record(&to, &source);
        Some(to)
    }

    /// Point every reference into a moved object at where it is now.
    fn rewrite_references(&mut self, moved: &PrefixMap) {
        if moved.is_empty() {
            return;
        }
        for site in refs::sites(&self.document) {
            let Some(to) =
                refs::target_pointer(&site.reference).and_then(|target| moved.rewritten(&target))
            else {
                continue;
            };
            if let Some(Value::Object(node)) = self.document.at_mut(&site.pointer) {
                node.insert("$ref".to_owned(), Value::String(reference_to(&to)));
            }
        }
    }

    /// Replace the reference at `site` with a copy of the object at `target`.
    fn inline(&mut self, site: &str, target: &str, diagnostics: &mut Diagnostics) {
        let Some(size) = self.document.at(target).map(node_count) else {
            return;
        };
        if self.inlined + size > MOST_INLINED {
            self.drop_site(site, "too much was copied already", diagnostics);
            return;
        }
        let Some(copy) = self.document.at(target).cloned() else {
            return;
        };
        let source = self.origins.source_pointer(target);
        if let Some(node) = self.document.at_mut(site) {
            *node = copy;
            self.inlined += size;
            self.origins.record(site, &source);
        }
    }

    /// Remove the reference at `site`, which cannot be read, saying what goes and why.
    fn drop_site(&mut self, site: &str, reason: &str, diagnostics: &mut Diagnostics) {
        let at = self.origins.source_pointer(&child(site, "$ref"));
        let reference = self
            .document
            .at(site)
            .and_then(|node| node.get("$ref"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let kind = grammar::kind_at(site, self.dialect);
        if !crate::pointer::remove_at(&mut self.document, site) {
            return;
        }
        let diagnostic = match kind {
            Some(Kind::PathItem) => Diagnostic::skipped(
                Skipped::Operation,
                at,
                format!(
                    "the operations of this path item are skipped: its `$ref` `{reference}` cannot \
                     be copied in ({reason})"
                ),
            ),
            _ => Diagnostic::warning(
                "unsupported-ref",
                at,
                format!(
                    "`$ref` `{reference}` stands where the OpenAPI model takes no reference and \
                     cannot be copied in ({reason}); ignored"
                ),
            ),
        };
        diagnostics.push(diagnostic);
    }
}

/// How many values `value` is made of, itself included (counted without recursion).
fn node_count(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    count
}

/// `#` and `pointer`, with `%` escaped (a reference is percent-decoded when read).
fn reference_to(pointer: &str) -> String {
    format!("#{}", pointer.replace('%', "%25"))
}

/// The object at `pointer` (a components map, one or two levels below the root), created when
/// missing; `None` when something else stands on the way.
fn map_at<'v>(document: &'v mut Value, pointer: &str) -> Option<&'v mut Map<String, Value>> {
    let mut node = document;
    for token in pointer.split('/').skip(1) {
        let Value::Object(map) = node else {
            return None;
        };
        node = map
            .entry(token.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    node.as_object_mut()
}
