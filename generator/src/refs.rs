//! `$ref` checks on a Swagger 2.0 or OpenAPI 3.0 value: every reference local, resolvable and acyclic.
//!
//! Runs before lowering, so later stages may follow a `$ref` without asking whether it exists. The
//! walk is iterative (no recursion), so arbitrarily deep input cannot overflow the stack.

use crate::pointer::At as _;
use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::grammar::{NAME_MAPS, is_data_member};
use crate::pointer::{self, Step};

/// Every problem with `$ref`s in `document`: each `$ref` must be local (`#/...`) and resolve; a chain of
/// schemas that are only `$ref`s must reach a concrete schema.
pub fn check(document: &Value, diagnostics: &mut Diagnostics) {
    let mut found = Diagnostics::new();
    let mut ref_only_nodes = Vec::new();
    // Most references are to a few targets: each is checked once.
    let mut fine: BTreeSet<String> = BTreeSet::new();
    for site in sites(document) {
        if !fine.contains(&site.reference) {
            let before = found.len();
            check_one(
                document,
                &site.reference,
                &pointer::child(&site.pointer, "$ref"),
                &mut found,
            );
            if found.len() == before {
                fine.insert(site.reference.clone());
            }
        }
        if site.ref_only {
            ref_only_nodes.push(site.pointer);
        }
    }
    check_cycles(document, &ref_only_nodes, &mut found);
    // Reported in document order, not in the order of the walk.
    let mut found = found.into_vec();
    found.sort_by(|a, b| (&a.pointer, a.code, &a.message).cmp(&(&b.pointer, b.code, &b.message)));
    diagnostics.extend(found);
}

/// A `$ref` of a document: the object that holds it, and the reference as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Site {
    /// The pointer of the object with the `$ref` member.
    pub(crate) pointer: String,
    /// The member's value.
    pub(crate) reference: String,
    /// Whether the object is nothing but the `$ref` (see [`is_ref_only`]).
    pub(crate) ref_only: bool,
}

/// Every `$ref` in `document` that is part of its structure (not example data or an extension's
/// content), sorted by pointer.
pub(crate) fn sites(document: &Value) -> Vec<Site> {
    let mut found = Vec::new();
    // The walk keeps the path to the current value as steps, and writes a pointer only for a
    // `$ref` it finds. (value, its depth, the step to it from its parent, whether its own key in
    // the parent names a map of user-chosen names)
    // (The root has no step.)
    let mut stack: Vec<(&Value, usize, Option<Step<'_>>, bool)> = vec![(document, 0, None, false)];
    let mut path: Vec<Step<'_>> = Vec::new();
    while let Some((value, depth, step, in_name_map)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        path.extend(step);
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found.push(Site {
                        pointer: pointer::descend("", &path),
                        reference: reference.clone(),
                        ref_only: is_ref_only(value),
                    });
                }
                for (key, child) in map {
                    if key == "$ref" || (!in_name_map && is_data_member(key)) {
                        continue;
                    }
                    if !(child.is_object() || child.is_array()) {
                        continue;
                    }
                    let is_map = !in_name_map && NAME_MAPS.contains(&key.as_str());
                    stack.push((child, depth + 1, Some(Step::Key(key)), is_map));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    if child.is_object() || child.is_array() {
                        stack.push((child, depth + 1, Some(Step::Index(index)), false));
                    }
                }
            }
            _ => {}
        }
    }
    found.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    found
}

/// The value a local `$ref` (`#/…`, possibly percent-encoded) points at in `document`, if any.
pub fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = target_pointer(reference)?;
    document.at(&pointer)
}

/// The JSON pointer a local `$ref` names: the fragment after `#`, percent-decoded. `None` for an
/// external reference, a non-pointer fragment or broken percent-encoding.
pub(crate) fn target_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let pointer = percent_decode(fragment)?;
    (pointer.is_empty() || pointer.starts_with('/')).then_some(pointer)
}

/// Decode `%XX` escapes (RFC 3986); `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// Report `reference` (found at `pointer`) if it is external or does not resolve.
fn check_one(document: &Value, reference: &str, pointer: &str, diagnostics: &mut Diagnostics) {
    if !reference.starts_with('#') {
        // Another file: the generator reads one document (it does no I/O), so what the reference
        // names is unknown. A warning, not an error: the schema becomes an untyped value and an
        // operation that needs it is skipped, and the rest of the client is still generated.
        let message = format!(
            "external $ref `{reference}` is not followed (only references within the document are); \
             a schema there is typed as serde_json::Value, anything else is skipped"
        );
        diagnostics.push(Diagnostic::warning("external-ref", pointer, message));
    } else if target_pointer(reference).is_none() {
        let message = format!("$ref `{reference}` is not a JSON pointer (`#/…`)");
        diagnostics.push(Diagnostic::error("unresolved-ref", pointer, message));
    } else if resolve(document, reference).is_none() {
        let message = format!("$ref `{reference}` points at nothing in this document");
        diagnostics.push(Diagnostic::error("unresolved-ref", pointer, message));
    }
}

/// An object that is nothing but a `$ref` (and maybe a `description`): following it leads elsewhere.
pub(crate) fn is_ref_only(value: &Value) -> bool {
    value.as_object().is_some_and(|map| {
        matches!(map.get("$ref"), Some(Value::String(_)))
            && map.keys().all(|key| key == "$ref" || key == "description")
    })
}

/// Follow the chain from every `$ref`-only object and report each cycle once, at its smallest member.
fn check_cycles(document: &Value, nodes: &[String], diagnostics: &mut Diagnostics) {
    // Nodes whose onward chain has been followed to its end; any cycle through them is reported.
    let mut settled: BTreeSet<String> = BTreeSet::new();
    let mut reported: BTreeSet<Vec<String>> = BTreeSet::new();
    for start in nodes {
        let mut chain: Vec<String> = Vec::new();
        let mut current = start.clone();
        loop {
            if settled.contains(&current) {
                break;
            }
            if let Some(position) = chain.iter().position(|node| *node == current) {
                let cycle = chain.get(position..).unwrap_or_default().to_vec();
                report_cycle(cycle, &mut reported, diagnostics);
                break;
            }
            let Some(next) = next_in_chain(document, &current) else {
                break;
            };
            chain.push(std::mem::replace(&mut current, next));
        }
        settled.extend(chain);
    }
}

/// The pointer of the `$ref`-only object that the `$ref`-only object at `pointer` leads to.
fn next_in_chain(document: &Value, pointer: &str) -> Option<String> {
    let node = document.at(pointer)?;
    if !is_ref_only(node) {
        return None;
    }
    let reference = node.get("$ref")?.as_str()?;
    let target = target_pointer(reference)?;
    document
        .at(&target)
        .is_some_and(is_ref_only)
        .then_some(target)
}

/// Push one `ref-cycle` error for `cycle`, unless a rotation of it was already reported.
fn report_cycle(
    mut cycle: Vec<String>,
    reported: &mut BTreeSet<Vec<String>>,
    diagnostics: &mut Diagnostics,
) {
    let Some(smallest) = cycle
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.cmp(b.1))
        .map(|(i, _)| i)
    else {
        return;
    };
    cycle.rotate_left(smallest);
    if !reported.insert(cycle.clone()) {
        return;
    }
    let Some(first) = cycle.first().cloned() else {
        return;
    };
    let path: Vec<String> = cycle
        .iter()
        .chain([&first])
        .map(|node| format!("#{node}"))
        .collect();
    let message = format!("$ref cycle never reaches a schema: {}", path.join(" → "));
    diagnostics.push(Diagnostic::error(
        "ref-cycle",
        pointer::child(&first, "$ref"),
        message,
    ));
}
