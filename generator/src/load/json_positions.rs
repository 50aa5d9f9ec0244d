//! Positions of keys and items in JSON text, by a scanner of its own.

use super::{Position, Positions, is_continuation};
use crate::diag;

/// Positions of every member key and array item in JSON text that serde_json accepted.
///
/// A scanner of its own rather than yaml-rust2: YAML rejects some valid JSON (surrogate-pair escapes
/// such as `"\ud83d\ude00"`), and on megabyte files a byte loop is much faster than a YAML parser.
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
                            let pointer = diag::child(&container.pointer, &key);
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
