//! The repaired OpenAPI 3.0 value read into `openapiv3`'s types, with every problem reported.
//!
//! serde stops at the first error, and `openapiv3`'s `$ref`-or-item enums are untagged, so serde's
//! own error for a bad parameter is "did not match any variant" at the parameter. Here each error is
//! reported where it really is (the item is read again as the type of the object [`crate::grammar`]
//! puts at its place), the node is set aside, and reading starts over, until the document reads or
//! nothing more can be set aside.

use crate::pointer::At as _;
use openapiv3::{Components, OpenAPI, Paths};
use serde::Deserialize as _;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diag::Diagnostics;
use crate::grammar::{self, Dialect, Kind};
use crate::pointer::child;

/// More problems than this in one document are not worth listing one by one.
const MOST_REPORTED: usize = 100;

/// The most nodes set aside (reported or not) before giving up.
const MOST_ROUNDS: usize = 10_000;

/// `document` as `openapiv3`'s model; `None` when it is not a valid OpenAPI 3.0 document, with an
/// error reported for every invalid node (a node made invalid only by setting another aside is
/// not reported again).
pub fn deserialize(document: &Value, diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    // The usual case, without a copy of the document.
    if let Some(model) = in_parts(document) {
        return Some(model);
    }
    if let Ok(model) = serde_path_to_error::deserialize::<_, OpenAPI>(document) {
        return Some(model);
    }
    let mut pruned = Pruned {
        value: document.clone(),
        removed: Vec::new(),
    };
    let mut reported = 0;
    // Every round sets a node aside, so the document shrinks; the bound is a second guard.
    for _ in 0..MOST_ROUNDS {
        let error = match serde_path_to_error::deserialize::<_, OpenAPI>(&pruned.value) {
            Ok(model) => return (reported == 0).then_some(model),
            Err(error) => error,
        };
        let at = pointer_of(error.path());
        let (at, message) =
            refine(&pruned.value, &at).unwrap_or_else(|| (at, error.inner().to_string()));
        // Setting a node aside can make its parent lack a member it needs: that is not a problem
        // of the document, so the parent goes too, unreported.
        let consequence = pruned
            .removed
            .iter()
            .any(|gone| grammar::is_within(gone, &at));
        if !consequence {
            let message = format!("not a valid OpenAPI 3.0 document: {message}");
            diagnostics.error("invalid-openapi", pruned.original(&at), message);
            reported += 1;
        }
        if at.is_empty() || reported >= MOST_REPORTED || !pruned.remove(&at) {
            return None;
        }
    }
    None
}

/// A valid document read in parts: `components` alongside (see [`crate::threads::alongside`]),
/// `paths` and the small rest here. The model reads its top-level object through serde's
/// buffering of every member (for the extensions it collects); read apart, the two largest
/// members skip that copy. `None` when a part does not read: the caller reads the whole document
/// and reports where it fails.
fn in_parts(document: &Value) -> Option<OpenAPI> {
    let members = document.as_object()?;
    let paths = members.get("paths")?;
    let components = members.get("components");
    // Everything but the two large members, with empty `paths` standing in for the real ones.
    let mut rest: Map<String, Value> = members
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "paths" | "components"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    rest.insert("paths".to_owned(), Value::Object(Map::new()));
    let read_components = move || components.map(|c| Components::deserialize(c).ok());
    let (components, (paths, model)) = crate::threads::alongside(read_components, || {
        let paths = Paths::deserialize(paths).ok();
        (paths, OpenAPI::deserialize(&Value::Object(rest)).ok())
    });
    let mut model = model?;
    model.paths = paths?;
    model.components = match components.ok()? {
        Some(components) => Some(components?),
        None => None,
    };
    Some(model)
}

/// The document with invalid nodes set aside, and where they were.
struct Pruned {
    value: Value,
    /// The pointers (in `value`'s coordinates at the time) of the nodes set aside, in order.
    removed: Vec<String>,
}

impl Pruned {
    /// Set the node at `pointer` aside; `false` when there is none.
    fn remove(&mut self, pointer: &str) -> bool {
        let removed = crate::pointer::remove_at(&mut self.value, pointer);
        if removed {
            self.removed.push(pointer.to_owned());
        }
        removed
    }

    /// `pointer` (in the pruned document) as a pointer into the original one: an array index
    /// counts the items set aside before it again.
    fn original(&self, pointer: &str) -> String {
        let mut tokens: Vec<String> = pointer.split('/').skip(1).map(str::to_owned).collect();
        // Undo the removals from the last to the first, each in the coordinates of its time.
        for gone in self.removed.iter().rev() {
            let Some((array, index)) = gone.rsplit_once('/') else {
                continue;
            };
            let Ok(index) = index.parse::<usize>() else {
                continue;
            };
            let depth = array.split('/').count() - 1;
            let here: Vec<&str> = tokens.iter().take(depth).map(String::as_str).collect();
            let within = array.split('/').skip(1).eq(here.iter().copied());
            let Some(token) = tokens.get_mut(depth) else {
                continue;
            };
            if let (true, Ok(position)) = (within, token.parse::<usize>()) {
                if position >= index {
                    *token = (position + 1).to_string();
                }
            }
        }
        tokens
            .iter()
            .fold(String::new(), |pointer, token| format!("{pointer}/{token}"))
    }
}

/// Where inside the node at `pointer` the problem is, and serde's message for it: the node is read
/// again as the type its place calls for, or, for a place of no known type (or a reading that
/// says no more than "here"), its members are read one by one. `None` when nothing more precise
/// is found.
fn refine(document: &Value, pointer: &str) -> Option<(String, String)> {
    let mut at = pointer.to_owned();
    let mut found = None;
    // Each step goes one node deeper; documents are finite, the bound is a second guard.
    for _ in 0..64 {
        let node = document.at(&at)?;
        if node.get("$ref").is_some() {
            break;
        }
        match read_as_place(&at, node) {
            Some(Err((inner, message))) if !inner.is_empty() => {
                at = format!("{at}{inner}");
                found = Some((at.clone(), message));
            }
            Some(Err((_, message))) => {
                found = Some((at.clone(), message));
                match failing_member(document, &at) {
                    Some(member) => at = member,
                    None => break,
                }
            }
            Some(Ok(())) => break,
            None => match failing_member(document, &at) {
                Some(member) => at = member,
                None => break,
            },
        }
    }
    found
}

/// The first member of the object at `pointer` that does not read as the type of its place (an
/// extension has none).
fn failing_member(document: &Value, pointer: &str) -> Option<String> {
    let Value::Object(members) = document.at(pointer)? else {
        return None;
    };
    members.iter().find_map(|(key, member)| {
        let at = child(pointer, key);
        if member.get("$ref").is_some() {
            return None;
        }
        matches!(read_as_place(&at, member), Some(Err(_))).then_some(at)
    })
}

/// Read `node` as the `openapiv3` type of the object the grammar puts at `pointer`: `None` for a
/// place of no such type, `Some(Err)` with the inner pointer and message of the problem.
fn read_as_place(pointer: &str, node: &Value) -> Option<Result<(), (String, String)>> {
    let result = match grammar::kind_at(pointer, Dialect::OpenApi3)? {
        Kind::Schema => read::<openapiv3::Schema>(node),
        // `Parameter` is tagged by `in`, which hides where inside it serde failed; its common
        // part, read alone, tells.
        Kind::Parameter => read::<openapiv3::Parameter>(node).map_err(|vague| {
            match read::<openapiv3::ParameterData>(node) {
                Err(precise) if vague.0.is_empty() && !precise.0.is_empty() => precise,
                _ => vague,
            }
        }),
        Kind::Response => read::<openapiv3::Response>(node),
        Kind::RequestBody => read::<openapiv3::RequestBody>(node),
        Kind::Header => read::<openapiv3::Header>(node),
        Kind::SecurityScheme => read::<openapiv3::SecurityScheme>(node),
        Kind::Example => read::<openapiv3::Example>(node),
        Kind::PathItem => read::<openapiv3::PathItem>(node),
        // Not read alone: serde locates a problem in them while reading what holds them, and
        // `refine` reads their members by place.
        Kind::Document
        | Kind::Components
        | Kind::Operation
        | Kind::MediaType
        | Kind::Encoding
        | Kind::Link
        | Kind::Callback => return None,
    };
    Some(result)
}

/// Read `node` as `T`: the pointer (relative to `node`) and message of the first problem.
fn read<T: DeserializeOwned>(node: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(node)
        .map(drop)
        .map_err(|error| (pointer_of(error.path()), error.inner().to_string()))
}

/// A serde path as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = child(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = child(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}
