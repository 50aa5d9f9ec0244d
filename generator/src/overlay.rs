//! Stage 2: apply an OpenAPI Overlay 1.0 document (`actions: [{target, update | remove}]`).
//!
//! Targets are RFC 9535 JSONPath expressions, evaluated with `serde_json_path`. `update` merges
//! objects recursively (a member of the update replaces a non-object member of the same name) and
//! appends to a target array; `remove` deletes each matched node from its parent. Every action
//! reports how many nodes it matched, and one that matches nothing is a stale repair. An action
//! that adds what upstream already declares is a redundant or a conflicting repair (`conflicts`).

use crate::pointer::At as _;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::grammar::Dialect;
use crate::pointer::child;

mod conflicts;

/// A parsed overlay: its actions in order.
#[derive(Debug)]
pub struct Overlay {
    actions: Vec<Action>,
}

#[derive(Debug)]
struct Action {
    index: usize,
    target: String,
    path: JsonPath,
    description: Option<String>,
    change: Change,
}

#[derive(Debug)]
enum Change {
    Update(Value),
    Remove,
}

/// What one action did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActionReport {
    /// The overlay file the action is in, as the run named it.
    pub overlay: String,
    /// Position in that file's `actions`.
    pub index: usize,
    /// The JSONPath target.
    pub target: String,
    /// The action's description, if any.
    pub description: Option<String>,
    /// How many nodes the target matched.
    pub matched: usize,
}

/// Which parts of the repaired spec came from the overlays: spec pointer → (which overlay,
/// pointer in it), so a diagnostic about a value an overlay wrote points into that overlay's file.
#[derive(Debug, Default, Clone)]
pub struct Provenance {
    entries: Vec<Written>,
    /// Array items removed from the spec, in order: the items after them are no longer where the
    /// spec's text has them.
    removed: Vec<String>,
}

/// One value an overlay wrote.
#[derive(Debug, Clone)]
struct Written {
    spec: String,
    overlay: usize,
    pointer: String,
}

impl Provenance {
    /// The overlay (its position among the overlays applied) and the pointer in it that wrote
    /// `pointer` (or an ancestor of it), if any. The deepest write wins; of equally deep ones, the
    /// last.
    pub fn overlay_pointer(&self, pointer: &str) -> Option<(usize, String)> {
        self.entries
            .iter()
            .filter(|written| is_prefix(&written.spec, pointer))
            .max_by_key(|written| written.spec.len())
            .map(|written| {
                let rest = &pointer[written.spec.len()..];
                (written.overlay, format!("{}{rest}", written.pointer))
            })
    }

    /// Whether an overlay wrote `pointer` or one of its ancestors: the node is not upstream's.
    fn wrote(&self, pointer: &str) -> bool {
        self.entries
            .iter()
            .any(|written| is_prefix(&written.spec, pointer))
    }

    /// Whether an overlay wrote `pointer`, one of its ancestors or something below it.
    fn wrote_near(&self, pointer: &str) -> bool {
        self.entries
            .iter()
            .any(|written| is_prefix(&written.spec, pointer) || is_prefix(pointer, &written.spec))
    }

    /// Where the node at `pointer` was before any array item was removed: each removal, the last
    /// first, moves an item after it in the same array one place back up. For a node no overlay
    /// wrote, the pointer into the spec's own file.
    fn before_removals(&self, pointer: &str) -> String {
        let mut pointer = pointer.to_owned();
        for removed in self.removed.iter().rev() {
            let Some((array, index)) = removed.rsplit_once('/') else {
                continue;
            };
            let Ok(index) = index.parse::<usize>() else {
                continue;
            };
            let Some(rest) = pointer
                .strip_prefix(array)
                .and_then(|rest| rest.strip_prefix('/'))
            else {
                continue;
            };
            // `below` keeps its leading `/`.
            let (token, below) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            match token.parse::<usize>() {
                Ok(at) if at >= index => pointer = format!("{array}/{}{below}", at + 1),
                _ => {}
            }
        }
        pointer
    }

    fn record(&mut self, spec: String, overlay: usize, pointer: String) {
        self.entries.push(Written {
            spec,
            overlay,
            pointer,
        });
    }
}

/// Whether `prefix` is `pointer` or one of its ancestors.
fn is_prefix(prefix: &str, pointer: &str) -> bool {
    pointer
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Read an overlay document. Every problem is reported, with pointers into the overlay file.
pub fn parse(document: &Value, diagnostics: &mut Diagnostics) -> Option<Overlay> {
    let mut problems = Diagnostics::new();
    match document.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => {}
        Some(version) => problems.push(Diagnostic::error(
            "overlay-version",
            "/overlay",
            format!("overlay version `{version}` is not supported (expected 1.x)"),
        )),
        None => problems.push(Diagnostic::error(
            "overlay-version",
            "",
            "not an overlay document: no `overlay: 1.0.0` field",
        )),
    }
    let Some(actions) = document.get("actions").and_then(Value::as_array) else {
        problems.push(Diagnostic::error(
            "overlay-actions",
            "",
            "an overlay needs an `actions` list",
        ));
        diagnostics.extend(problems);
        return None;
    };
    let mut parsed = Vec::new();
    for (index, action) in actions.iter().enumerate() {
        let pointer = format!("/actions/{index}");
        if let Some(action) = parse_action(index, action, &pointer, &mut problems) {
            parsed.push(action);
        }
    }
    let valid = problems.is_empty();
    diagnostics.extend(problems);
    valid.then_some(Overlay { actions: parsed })
}

fn parse_action(
    index: usize,
    action: &Value,
    pointer: &str,
    problems: &mut Diagnostics,
) -> Option<Action> {
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        problems.push(Diagnostic::error(
            "overlay-action",
            pointer,
            "an action needs a string `target`",
        ));
        return None;
    };
    let path = match JsonPath::parse(target) {
        Ok(path) => path,
        Err(error) => {
            problems.push(Diagnostic::error(
                "jsonpath-syntax",
                child(pointer, "target"),
                format!("`{target}` is not a valid JSONPath (RFC 9535): {error}"),
            ));
            return None;
        }
    };
    let remove = action.get("remove");
    let change = match (action.get("update"), remove) {
        (Some(_), Some(Value::Bool(true))) => {
            problems.push(Diagnostic::error(
                "overlay-action",
                pointer,
                "an action has `update` or `remove: true`, not both",
            ));
            return None;
        }
        (Some(update), _) => Change::Update(update.clone()),
        (None, Some(Value::Bool(true))) => Change::Remove,
        (None, _) => {
            problems.push(Diagnostic::error(
                "overlay-action",
                pointer,
                "an action needs `update` or `remove: true`",
            ));
            return None;
        }
    };
    let description = action
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some(Action {
        index,
        target: target.to_owned(),
        path,
        description,
        change,
    })
}

impl Overlay {
    /// Apply every action to `spec` in order, recording what it writes in `provenance` as the
    /// work of overlay number `file`, named `name`. Warnings (stale repairs, impossible updates,
    /// repairs of what upstream now declares) point into the overlay file; `upstream` says where a
    /// pointer of the spec is in its file (`None` when unknown), for the messages that name it.
    pub fn apply(
        &self,
        mut spec: Value,
        file: (usize, &str),
        upstream: &dyn Fn(&str) -> Option<Location>,
        provenance: &mut Provenance,
        diagnostics: &mut Diagnostics,
    ) -> Applied {
        let spec = &mut spec;
        let dialect = match spec.get("swagger") {
            Some(_) => Dialect::Swagger2,
            None => Dialect::OpenApi3,
        };
        let mut reports = Vec::new();
        let mut writes = Writes {
            provenance,
            overlay: file.0,
        };
        for action in &self.actions {
            let mut pointers: Vec<String> = action
                .path
                .query_located(spec)
                .locations()
                .map(|path| path.to_json_pointer())
                .collect();
            let action_pointer = format!("/actions/{}", action.index);
            if pointers.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    "stale-repair",
                    child(&action_pointer, "target"),
                    format!(
                        "`{}` matches nothing in the spec; this repair is stale",
                        action.target
                    ),
                ));
            }
            match &action.change {
                Change::Update(update) => {
                    let update_pointer = child(&action_pointer, "update");
                    for pointer in &pointers {
                        let review = conflicts::Review {
                            spec,
                            dialect,
                            provenance: writes.provenance,
                            upstream,
                        };
                        let mut clashes = Vec::new();
                        review.review(pointer, update, &update_pointer, &mut clashes);
                        diagnostics.extend(clashes);
                        let Some(target) = spec.at_mut(pointer) else {
                            continue;
                        };
                        if let Err(message) =
                            merge(target, update, pointer, &update_pointer, &mut writes)
                        {
                            diagnostics.push(Diagnostic::warning(
                                "overlay-update",
                                update_pointer.clone(),
                                message,
                            ));
                        }
                    }
                }
                Change::Remove => {
                    // Later array items first, so earlier indices stay valid.
                    pointers.sort_by(|a, b| compare_pointers(b, a));
                    for pointer in &pointers {
                        if let Some((parent, _)) = pointer.rsplit_once('/') {
                            if spec.at(parent).is_some_and(Value::is_array) {
                                writes.provenance.removed.push(pointer.clone());
                            }
                        }
                        if !remove(spec, pointer) {
                            diagnostics.push(Diagnostic::warning(
                                "overlay-remove",
                                child(&action_pointer, "target"),
                                "the document root cannot be removed",
                            ));
                        }
                    }
                }
            }
            reports.push(ActionReport {
                overlay: file.1.to_owned(),
                index: action.index,
                target: action.target.clone(),
                description: action.description.clone(),
                matched: pointers.len(),
            });
        }
        Applied {
            spec: std::mem::take(spec),
            reports,
        }
    }
}

/// A spec with an overlay applied, and what the overlay did.
#[derive(Debug)]
pub struct Applied {
    /// The repaired spec.
    pub spec: Value,
    /// What each action matched, in order.
    pub reports: Vec<ActionReport>,
}

/// Where the values one overlay writes are recorded.
struct Writes<'a> {
    provenance: &'a mut Provenance,
    overlay: usize,
}

impl Writes<'_> {
    fn record(&mut self, spec: String, pointer: String) {
        self.provenance.record(spec, self.overlay, pointer);
    }
}

/// Merge `update` into `target`, recording which spec pointers the overlay wrote.
fn merge(
    target: &mut Value,
    update: &Value,
    target_pointer: &str,
    update_pointer: &str,
    writes: &mut Writes<'_>,
) -> Result<(), String> {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            merge_objects(target, update, target_pointer, update_pointer, writes);
            Ok(())
        }
        (Value::Array(items), update) => {
            let added: Vec<Value> = match update {
                Value::Array(values) => values.clone(),
                value => vec![value.clone()],
            };
            for (offset, value) in added.into_iter().enumerate() {
                let spec_pointer = child(target_pointer, &items.len().to_string());
                let overlay_pointer = match update {
                    Value::Array(_) => child(update_pointer, &offset.to_string()),
                    _ => update_pointer.to_owned(),
                };
                writes.record(spec_pointer, overlay_pointer);
                items.push(value);
            }
            Ok(())
        }
        (target, _) => Err(format!(
            "cannot update `{target_pointer}`: it is a {}, and only objects and arrays can be updated (target its parent)",
            kind(target)
        )),
    }
}

fn merge_objects(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    target_pointer: &str,
    update_pointer: &str,
    writes: &mut Writes<'_>,
) {
    for (key, value) in update {
        let spec_pointer = child(target_pointer, key);
        let overlay_pointer = child(update_pointer, key);
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(update)) => {
                merge_objects(existing, update, &spec_pointer, &overlay_pointer, writes);
            }
            _ => {
                target.insert(key.clone(), value.clone());
                writes.record(spec_pointer, overlay_pointer);
            }
        }
    }
}

/// Remove the node at `pointer` from its parent (nothing when it is not there); false for the root.
fn remove(spec: &mut Value, pointer: &str) -> bool {
    if !pointer.contains('/') {
        return false;
    }
    crate::pointer::remove_at(spec, pointer);
    true
}

/// Order pointers token by token, numerically where both tokens are numbers.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let mut left = a.split('/');
    let mut right = b.split('/');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    _ => x.cmp(y),
                };
                if order.is_ne() {
                    return order;
                }
            }
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
