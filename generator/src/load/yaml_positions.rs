//! Positions of keys and items in YAML text, from yaml-rust2's events.

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

use indexmap::IndexMap;

use super::{CORE_TAG, Position, Positions};
use crate::pointer;

/// The JSON key the value conversion gives a scalar key seen as a yaml-rust2 event, so that pointers
/// in the position map match the value's pointers (`200` → "200", `0x1F` → "31", `~` → "null").
fn scalar_key(value: &str, style: TScalarStyle, tag: Option<&Tag>) -> String {
    let is_str_tag = tag.is_some_and(|tag| tag.handle == CORE_TAG && tag.suffix == "str");
    if style != TScalarStyle::Plain || is_str_tag {
        value.to_owned()
    } else {
        resolve_plain(value)
    }
}

/// serde_yaml's resolution of an untagged plain scalar (YAML 1.2 core schema), then [`key_string`].
fn resolve_plain(value: &str) -> String {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return "null".to_owned(),
        "true" | "True" | "TRUE" => return "true".to_owned(),
        "false" | "False" | "FALSE" => return "false".to_owned(),
        _ => {}
    }
    let numeric = value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    // Response codes are the common case; spare them the number parser.
    let plain_decimal = value.bytes().all(|byte| byte.is_ascii_digit()) && !value.starts_with('0');
    if numeric && !plain_decimal {
        if let Ok(number) = value.parse::<serde_yaml::Number>() {
            return number.to_string();
        }
    }
    value.to_owned()
}

/// Where the YAML document with index `document` (empty ones counted) starts: its `---`.
pub(super) fn yaml_document_start(text: &str, document: usize) -> Option<Position> {
    let mut parser = Parser::new_from_str(text);
    let mut seen = 0;
    while let Ok((event, marker)) = parser.next_token() {
        match event {
            Event::DocumentStart if seen == document => {
                return Some((marker.line(), marker.col() + 1));
            }
            Event::DocumentStart => seen += 1,
            Event::StreamEnd => break,
            _ => {}
        }
    }
    None
}

/// Positions of every node of YAML document `document` (empty ones counted), plus the keys that
/// repeat within a mapping (pointer and position of the repetition), in document order.
///
/// Nodes inside a complex key (`? [a]`) are skipped: they have no pointer. An alias is one node at
/// the alias; pointers below it resolve to it through [`nearest`].
// Whole: a single-pass state machine over the parser's events; the container stack and the pending
// key are state every arm updates.
pub(super) fn yaml_positions(text: &str, document: usize) -> (Positions, Vec<(String, Position)>) {
    enum Container {
        Mapping {
            pointer: Option<String>,
            /// `Some` between a key and its value: the pointer of that member (`None` for a complex key).
            member: Option<Option<String>>,
            /// For a mapping whose own position was recorded, the marker index of its start event.
            /// yaml-rust2 marks a block mapping at its first `:`, so the first key, if earlier, is used.
            start: Option<usize>,
        },
        Sequence {
            pointer: Option<String>,
            next: usize,
        },
    }

    let mut positions = Positions::new();
    let mut duplicates = Vec::new();
    let mut stack: Vec<Container> = Vec::new();
    // Anchor id → the key string of an anchored scalar, for aliases used as keys.
    let mut anchors: IndexMap<usize, String> = IndexMap::new();
    let mut parser = Parser::new_from_str(text);
    let mut seen = 0;
    let mut inside = false;

    // A parse error cannot happen on text serde_yaml accepted; if it does, keep what was found.
    while let Ok((event, marker)) = parser.next_token() {
        let at = (marker.line(), marker.col() + 1);
        match &event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                inside = seen == document;
                seen += 1;
                continue;
            }
            Event::DocumentEnd if inside => break,
            Event::SequenceEnd | Event::MappingEnd if inside => {
                stack.pop();
                continue;
            }
            Event::Scalar(..)
            | Event::Alias(_)
            | Event::SequenceStart(..)
            | Event::MappingStart(..)
                if inside => {}
            _ => continue,
        }

        if let Event::Scalar(value, style, anchor, tag) = &event {
            if *anchor != 0 {
                anchors.insert(*anchor, scalar_key(value, *style, tag.as_ref()));
            }
        }

        // The pointer of this node if it is a container whose children are to be recorded.
        let mut recorded = false;
        let pointer: Option<String> = match stack.last_mut() {
            None => {
                positions.insert(String::new(), at);
                recorded = true;
                Some(String::new())
            }
            Some(Container::Sequence { pointer, next }) => {
                let item = pointer.as_ref().map(|pointer| format!("{pointer}/{next}"));
                *next += 1;
                if let Some(item) = &item {
                    positions.insert(item.clone(), at);
                    recorded = true;
                }
                item
            }
            Some(Container::Mapping {
                pointer,
                member,
                start,
            }) => match member.take() {
                Some(value_pointer) => value_pointer,
                None => {
                    if let (Some(start), Some(pointer)) = (start.take(), pointer.as_ref()) {
                        if marker.index() < start {
                            positions.insert(pointer.clone(), at);
                        }
                    }
                    let key = match &event {
                        Event::Scalar(value, style, _, tag) => {
                            Some(scalar_key(value, *style, tag.as_ref()))
                        }
                        Event::Alias(id) => anchors.get(id).cloned(),
                        _ => None,
                    };
                    let child = key.zip(pointer.as_ref()).map(|(key, pointer)| {
                        let child = pointer::child(pointer, &key);
                        if positions.contains_key(&child) {
                            duplicates.push((child.clone(), at));
                        } else {
                            positions.insert(child.clone(), at);
                        }
                        child
                    });
                    *member = Some(child);
                    // A complex key's own children have no pointer.
                    None
                }
            },
        };

        match event {
            Event::SequenceStart(..) => stack.push(Container::Sequence { pointer, next: 0 }),
            Event::MappingStart(..) => {
                let start = recorded.then(|| marker.index());
                stack.push(Container::Mapping {
                    pointer,
                    member: None,
                    start,
                });
            }
            _ => {}
        }
    }
    (positions, duplicates)
}
