//! Stage 2: apply an OpenAPI Overlay 1.0 document (`actions: [{target, update | remove}]`).
//!
//! Targets are RFC 9535 JSONPath expressions, evaluated with `serde_json_path`. `update` merges
//! objects recursively (a member of the update replaces a non-object member of the same name) and
//! appends to a target array; `remove` deletes each matched node from its parent. Every action
//! reports how many nodes it matched, and one that matches nothing is a stale repair.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diag::{Diagnostic, Diagnostics, child};

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
    /// Position in `actions`.
    pub index: usize,
    /// The JSONPath target.
    pub target: String,
    /// The action's description, if any.
    pub description: Option<String>,
    /// How many nodes the target matched.
    pub matched: usize,
}

/// Which parts of the repaired spec came from the overlay: spec pointer → overlay pointer, so a
/// diagnostic about a value the overlay wrote points into the overlay file.
#[derive(Debug, Default, Clone)]
pub struct Provenance {
    entries: Vec<(String, String)>,
}

impl Provenance {
    /// The overlay pointer that wrote `pointer` (or an ancestor of it), if any.
    pub fn overlay_pointer(&self, pointer: &str) -> Option<String> {
        self.entries
            .iter()
            .rev()
            .filter(|(spec, _)| is_prefix(spec, pointer))
            .max_by_key(|(spec, _)| spec.len())
            .map(|(spec, overlay)| format!("{overlay}{}", &pointer[spec.len()..]))
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
    /// Apply every action to `spec` in order. Warnings (stale repairs, impossible updates) point
    /// into the overlay file.
    pub fn apply(&self, mut spec: Value, diagnostics: &mut Diagnostics) -> Applied {
        let spec = &mut spec;
        let mut reports = Vec::new();
        let mut provenance = Provenance::default();
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
                        let Some(target) = spec.pointer_mut(pointer) else {
                            continue;
                        };
                        if let Err(message) =
                            merge(target, update, pointer, &update_pointer, &mut provenance)
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
                index: action.index,
                target: action.target.clone(),
                description: action.description.clone(),
                matched: pointers.len(),
            });
        }
        Applied {
            spec: std::mem::take(spec),
            reports,
            provenance,
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
    /// Which parts of the spec the overlay wrote.
    pub provenance: Provenance,
}

/// Merge `update` into `target`, recording which spec pointers the overlay wrote.
fn merge(
    target: &mut Value,
    update: &Value,
    target_pointer: &str,
    update_pointer: &str,
    provenance: &mut Provenance,
) -> Result<(), String> {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            merge_objects(target, update, target_pointer, update_pointer, provenance);
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
                provenance.entries.push((spec_pointer, overlay_pointer));
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
    provenance: &mut Provenance,
) {
    for (key, value) in update {
        let spec_pointer = child(target_pointer, key);
        let overlay_pointer = child(update_pointer, key);
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(update)) => {
                merge_objects(
                    existing,
                    update,
                    &spec_pointer,
                    &overlay_pointer,
                    provenance,
                );
            }
            _ => {
                target.insert(key.clone(), value.clone());
                provenance.entries.push((spec_pointer, overlay_pointer));
            }
        }
    }
}

/// Remove the node at `pointer` from its parent; false for the root.
fn remove(spec: &mut Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match spec.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
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
