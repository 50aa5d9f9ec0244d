//! Positions of keys and items in JSON text, by a scanner of its own.

use std::collections::BTreeMap;

use super::{Position, Positions, is_continuation};
use crate::pointer;

/// Positions of every member key and array item in JSON text that serde_json accepted.
///
/// A scanner of its own rather than yaml-rust2: YAML rejects some valid JSON (surrogate-pair escapes
/// such as `"\ud83d\ude00"`), and on megabyte files a byte loop is much faster than a YAML parser.
// Whole: a single-pass byte scanner; its mode, container stack and position are state every arm
// updates.
pub(super) fn json_positions(text: &str) -> Positions {
    enum Mode {
        Between,
        String {
            start: usize,
            at: Position,
            escape: bool,
            escaped: bool,
        },
        Scalar,
    }

    let mut positions = Positions::new();
    let mut stack: Vec<JsonContainer> = Vec::new();
    let mut mode = Mode::Between;
    let (mut line, mut column) = (1, 0);

    for (index, &byte) in text.as_bytes().iter().enumerate() {
        if !is_continuation(byte) {
            column += 1;
        }
        let at = (line, column);
        // Whether `byte` is outside any string or scalar, including the byte that ends a scalar.
        let between = match &mut mode {
            Mode::String {
                start,
                at: string_at,
                escape,
                escaped,
            } => {
                if *escape {
                    *escape = false;
                } else if byte == b'\\' {
                    *escape = true;
                    *escaped = true;
                } else if byte == b'"' {
                    let raw = text.get(*start..=index).unwrap_or_default();
                    let (string_at, escaped) = (*string_at, *escaped);
                    match stack.last_mut() {
                        Some(container) if container.object && container.expect_key => {
                            let key = decode_json_string(raw, escaped);
                            let pointer = pointer::child(&container.pointer, &key);
                            positions.entry(pointer.clone()).or_insert(string_at);
                            container.member = Some(pointer);
                            container.expect_key = false;
                        }
                        _ => {
                            json_value(&mut stack, &mut positions, string_at);
                        }
                    }
                    mode = Mode::Between;
                }
                false
            }
            Mode::Scalar if matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') => {
                mode = Mode::Between;
                true
            }
            Mode::Scalar => false,
            Mode::Between => true,
        };
        if between {
            match byte {
                b'"' => {
                    mode = Mode::String {
                        start: index,
                        at,
                        escape: false,
                        escaped: false,
                    };
                }
                b'{' | b'[' => {
                    let pointer = json_value(&mut stack, &mut positions, at);
                    let object = byte == b'{';
                    stack.push(JsonContainer {
                        pointer,
                        object,
                        expect_key: object,
                        member: None,
                        next: 0,
                    });
                }
                b'}' | b']' => {
                    stack.pop();
                }
                b',' => {
                    if let Some(container) = stack.last_mut() {
                        container.expect_key = container.object;
                    }
                }
                b':' | b' ' | b'\t' | b'\r' | b'\n' => {}
                _ => {
                    json_value(&mut stack, &mut positions, at);
                    mode = Mode::Scalar;
                }
            }
        }
        if byte == b'\n' {
            line += 1;
            column = 0;
        }
    }
    positions
}

/// What earlier [`json_position`] calls on one text read, so that later ones do not read it again.
#[derive(Debug, Default)]
pub(super) struct Lookups {
    /// Pointer → the offset of its key (or item) and of its value, for every member and item read.
    found: BTreeMap<String, (usize, usize)>,
    /// Container pointer → where reading its members stopped: the offset of the next member (or
    /// item), that member's index, and whether the container was read to its end.
    resume: BTreeMap<String, (usize, usize, bool)>,
}

/// The position [`json_positions`] gives `pointer`, or its nearest ancestor in the text, found by
/// reading only as far as needed and skipping every other value: for the few diagnostics of a
/// large document, far cheaper than the map of every position. Each call starts where `lookups`
/// says earlier calls got to, so a text is read about once however many pointers are looked up.
// Whole: a single-pass reader that resumes where `lookups` left off; the cursor and the depth
// reached are state every step shares.
pub(super) fn json_position(text: &str, pointer: &str, lookups: &mut Lookups) -> Position {
    let bytes = text.as_bytes();
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    // The end of each prefix of `pointer` that has `depth` tokens, at index `depth`.
    let mut ends = vec![0];
    for token in &tokens {
        ends.push(ends.last().copied().unwrap_or_default() + 1 + token.len());
    }
    let prefix = |depth: usize| pointer.get(..ends[depth]).unwrap_or_default();
    // Start from the deepest part of `pointer` found before, or the root value.
    let root = skip_whitespace(bytes, 0);
    let (mut depth, mut found, mut at) = (0, root, root);
    for known in (1..=tokens.len()).rev() {
        if let Some(&(key_at, value_at)) = lookups.found.get(prefix(known)) {
            (depth, found, at) = (known, key_at, value_at);
            break;
        }
    }
    'steps: while let Some(token) = tokens.get(depth) {
        let container = prefix(depth).to_owned();
        let step = pointer::unescape_token(token);
        let (mut next, mut index, done) =
            lookups
                .resume
                .get(&container)
                .copied()
                .unwrap_or((at + 1, 0, false));
        if done {
            break;
        }
        match bytes.get(at) {
            Some(b'{') => loop {
                next = skip_whitespace(bytes, next);
                if bytes.get(next) != Some(&b'"') {
                    lookups.resume.insert(container, (next, index, true));
                    break 'steps;
                }
                let key_at = next;
                let key_end = skip_string(bytes, next);
                let raw = text.get(key_at..key_end).unwrap_or_default();
                let key = decode_json_string(raw, raw.contains('\\'));
                next = skip_whitespace(bytes, key_end);
                if bytes.get(next) != Some(&b':') {
                    lookups.resume.insert(container, (key_at, index, true));
                    break 'steps;
                }
                let value_at = skip_whitespace(bytes, next + 1);
                let member = pointer::child(&container, &key);
                // A key written twice is found at its first spelling, as in the map.
                lookups.found.entry(member).or_insert((key_at, value_at));
                if key == step {
                    lookups.resume.insert(container, (key_at, index, false));
                    (depth, found, at) = (depth + 1, key_at, value_at);
                    continue 'steps;
                }
                next = skip_whitespace(bytes, skip_value(bytes, value_at));
                index += 1;
                if bytes.get(next) != Some(&b',') {
                    lookups.resume.insert(container, (next, index, true));
                    break 'steps;
                }
                next += 1;
            },
            Some(b'[') => {
                let wanted = step.parse::<usize>().ok();
                loop {
                    next = skip_whitespace(bytes, next);
                    if matches!(bytes.get(next), None | Some(b']')) {
                        lookups.resume.insert(container, (next, index, true));
                        break 'steps;
                    }
                    let item = format!("{container}/{index}");
                    lookups.found.entry(item).or_insert((next, next));
                    if wanted == Some(index) {
                        lookups.resume.insert(container, (next, index, false));
                        (depth, found, at) = (depth + 1, next, next);
                        continue 'steps;
                    }
                    next = skip_whitespace(bytes, skip_value(bytes, next));
                    index += 1;
                    if bytes.get(next) != Some(&b',') {
                        lookups.resume.insert(container, (next, index, true));
                        break 'steps;
                    }
                    next += 1;
                }
            }
            _ => break,
        }
    }
    position_of(bytes, found)
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        at += 1;
    }
    at
}

/// The offset just past the string literal starting at `at` (a `"`).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let mut next = at + 1;
    while let Some(offset) = bytes
        .get(next..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        next += offset;
        match bytes.get(next) {
            Some(b'\\') => next += 2,
            _ => return next + 1,
        }
    }
    bytes.len()
}

/// Whether a byte opens or closes a string, an object or an array.
const STRUCTURAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'{' as usize] = true;
    table[b'[' as usize] = true;
    table[b'}' as usize] = true;
    table[b']' as usize] = true;
    table
};

/// The offset just past the value starting at `at`.
fn skip_value(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'"') => skip_string(bytes, at),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut next = at;
            loop {
                let rest = bytes.get(next..).unwrap_or_default();
                let Some(offset) = rest.iter().position(|&byte| STRUCTURAL[usize::from(byte)])
                else {
                    return bytes.len();
                };
                next += offset;
                match bytes.get(next) {
                    Some(b'"') => {
                        next = skip_string(bytes, next);
                        continue;
                    }
                    Some(b'{' | b'[') => depth += 1,
                    _ => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return next + 1;
                        }
                    }
                }
                next += 1;
            }
        }
        _ => {
            let mut next = at;
            while !matches!(
                bytes.get(next),
                None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
            ) {
                next += 1;
            }
            next
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset`.
fn position_of(bytes: &[u8], offset: usize) -> Position {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |at| at + 1);
    let column = bytes
        .get(line_start..=offset)
        .unwrap_or_default()
        .iter()
        .filter(|&&byte| !is_continuation(byte))
        .count();
    (line, column.max(1))
}

/// An object or array open in [`json_positions`].
struct JsonContainer {
    pointer: String,
    object: bool,
    /// Objects: the next string is a key.
    expect_key: bool,
    /// Objects: the pointer of the member whose value comes next.
    member: Option<String>,
    /// Arrays: the index of the next item.
    next: usize,
}

/// The pointer of a JSON value starting at `at`, recording `at` for array items and the root
/// (members were recorded at their keys).
fn json_value(stack: &mut [JsonContainer], positions: &mut Positions, at: Position) -> String {
    match stack.last_mut() {
        None => {
            positions.entry(String::new()).or_insert(at);
            String::new()
        }
        Some(container) if container.object => container
            .member
            .take()
            .unwrap_or_else(|| container.pointer.clone()),
        Some(container) => {
            let pointer = format!("{}/{}", container.pointer, container.next);
            container.next += 1;
            positions.insert(pointer.clone(), at);
            pointer
        }
    }
}

/// The Rust string of a JSON string literal (quotes included), exactly as serde_json decodes it so
/// pointers built from it match the value's keys.
fn decode_json_string(raw: &str, escaped: bool) -> String {
    let inner = raw
        .strip_prefix('"')
        .and_then(|raw| raw.strip_suffix('"'))
        .unwrap_or(raw);
    if escaped {
        serde_json::from_str(raw).unwrap_or_else(|_| inner.to_owned())
    } else {
        inner.to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// YAML

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading up to one pointer finds what the map of every position holds, for every pointer in
    /// the map and for pointers that go on past the text.
    #[test]
    fn one_position_is_the_one_the_map_holds() {
        let text = "{\n  \"a/b~c\": [1, {\"x\": \"y\\\"}\"}, [true, null]],\n  \"é\\u00e9\": {\"k\": \"v\"},\n\t\"s\": \"[{\",\n  \"e\": {}, \"n\": -1.5e3, \"last\": [ ]\n}\n";
        let map = json_positions(text);
        assert!(map.len() > 10, "{map:?}");
        for (pointer, position) in &map {
            let alone = json_position(text, pointer, &mut Lookups::default());
            assert_eq!(alone, *position, "{pointer}");
        }
        // One `Lookups` for every pointer, in the map's order and backwards: what earlier
        // lookups read changes nothing.
        let mut shared = Lookups::default();
        for (pointer, position) in map.iter().chain(map.iter().rev()) {
            assert_eq!(
                json_position(text, pointer, &mut shared),
                *position,
                "{pointer}"
            );
        }
        for (pointer, nearest) in [
            ("/a~1b~0c/1/x/deeper", "/a~1b~0c/1/x"),
            ("/a~1b~0c/7", "/a~1b~0c"),
            ("/missing/x", ""),
            ("/e/k", "/e"),
            ("/éé/k/z", "/éé/k"),
        ] {
            assert_eq!(
                json_position(text, pointer, &mut Lookups::default()),
                map[nearest],
                "{pointer} → {nearest}"
            );
            assert_eq!(
                json_position(text, pointer, &mut shared),
                map[nearest],
                "{pointer} → {nearest}, after the others"
            );
        }
    }
}
