//! JSON pointers (RFC 6901): escaping and unescaping reference tokens, building pointers a step at
//! a time, looking a pointer up in a value (`At`) and removing what it names.

/// Escape one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Append `token` to `out`, escaped as [`escape_token`] does, without a string of its own for the
/// common token that needs no escaping.
fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// One reference token of a JSON pointer as the key or index it names (`~1` → `/`, `~0` → `~`).
pub fn unescape_token(token: &str) -> String {
    unescape(token).into_owned()
}

/// [`unescape_token`], borrowing the token when it has nothing to unescape.
fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// An array index as a JSON pointer token writes it: digits, no sign, no leading zero.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// JSON pointer lookups, the same as serde_json's `Value::pointer` and `pointer_mut`, without
/// two new strings for every reference token (a token is unescaped only when it holds a `~`).
pub(crate) trait At {
    /// The value at `pointer`, if any.
    fn at(&self, pointer: &str) -> Option<&serde_json::Value>;
    /// The value at `pointer`, if any, to change.
    fn at_mut(&mut self, pointer: &str) -> Option<&mut serde_json::Value>;
}

impl At for serde_json::Value {
    fn at(&self, pointer: &str) -> Option<&serde_json::Value> {
        use serde_json::Value;
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .try_fold(self, |target, token| match target {
                Value::Object(map) => map.get(unescape(token).as_ref()),
                Value::Array(items) => index(token).and_then(|at| items.get(at)),
                _ => None,
            })
    }

    fn at_mut(&mut self, pointer: &str) -> Option<&mut serde_json::Value> {
        use serde_json::Value;
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .try_fold(self, |target, token| match target {
                Value::Object(map) => map.get_mut(unescape(token).as_ref()),
                Value::Array(items) => index(token).and_then(move |at| items.get_mut(at)),
                _ => None,
            })
    }
}

/// One step from a JSON value to a member or an item of it, for walks that keep their path and
/// write a pointer only when they report something.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `pointer` with every one of `steps` appended, escaped.
pub(crate) fn descend(pointer: &str, steps: &[Step<'_>]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(pointer.len() + 16 * steps.len());
    out.push_str(pointer);
    for step in steps {
        out.push('/');
        match step {
            Step::Key(key) => push_escaped(&mut out, key),
            Step::Index(index) => {
                let _ = write!(out, "{index}");
            }
        }
    }
    out
}

/// `pointer` with one more token appended, escaped.
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// Remove the member or item at `pointer` from its parent; `false` when there is none.
pub(crate) fn remove_at(document: &mut serde_json::Value, pointer: &str) -> bool {
    use serde_json::Value;
    let Some((parent, token)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = unescape_token(token);
    match document.at_mut(parent) {
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(index) if index < items.len() => {
                items.remove(index);
                true
            }
            _ => false,
        },
        _ => false,
    }
}
