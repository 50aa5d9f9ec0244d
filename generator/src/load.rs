//! Stage 1, loading: YAML or JSON text in, a JSON value out, and JSON pointers back to lines and columns.
//!
//! `load` only parses and converts, because specs can be megabytes and most runs never show a
//! diagnostic. Positions come from a second, event-level pass over the text that runs the first time
//! [`Document::location`] is asked (or when `load` itself has errors to locate). serde_yaml and
//! serde_json cap nesting at 128 levels, so everything after them may recurse on the value; the
//! position passes are iterative anyway.

use std::fmt::{self, Write as _};
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;
use serde::Deserialize as _;
use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

use crate::diag::{self, Diagnostic, Location};

/// Deeper than this the conversion gives up. The parsers stop far earlier; this only keeps the
/// recursion bounded should that ever change.
const MAX_DEPTH: usize = 1000;

/// The tag handle yaml-rust2 reports for `!!` (the YAML core schema).
const CORE_TAG: &str = "tag:yaml.org,2002:";

/// A 1-based (line, column), columns counted in characters as editors show them.
type Position = (usize, usize);

/// JSON pointer → where that node (an object member's key, a sequence item) starts.
type Positions = IndexMap<String, Position>;

/// A loaded spec or overlay: its JSON value and enough of the source to locate diagnostics.
#[derive(Clone)]
pub struct Document {
    /// The file name as the user gave it (used in diagnostics; never made absolute).
    pub file: String,
    /// The whole document as a JSON value. Object key order is preserved (serde_json preserve_order).
    pub value: Value,
    source: Option<Source>,
}

#[derive(Clone)]
struct Source {
    /// The text without a byte order mark, so columns on line 1 match what an editor shows.
    text: Arc<str>,
    format: Format,
    positions: OnceLock<Positions>,
}

#[derive(Clone, Copy)]
enum Format {
    Json,
    /// `document` is the index of the spec among all documents in the YAML stream, empty ones included.
    Yaml {
        document: usize,
    },
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("file", &self.file)
            .field("value", &self.value)
            .finish_non_exhaustive()
    }
}

/// Load YAML or JSON text. Errors: every problem found, each a Diagnostic (severity Error) with a location.
///
/// Text whose first non-blank character is `{` or `[` is JSON; anything else is YAML. A YAML stream
/// may hold empty documents around the spec (`---` framing) but only one non-empty document. YAML
/// keys that are numbers, booleans or null become their string forms (`200:` is `"200"`), tags are
/// dropped, aliases are expanded and merge keys (`<<`) applied.
pub fn load(file: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['{', '['])
    {
        load_json(file, text)
    } else {
        load_yaml(file, text)
    }
}

impl Document {
    /// A document made from a value with no source text (e.g. produced by conversion);
    /// [`Document::location`] then returns `None`.
    pub fn from_value(file: &str, value: Value) -> Document {
        Document {
            file: file.to_owned(),
            value,
            source: None,
        }
    }

    fn with_source(file: &str, value: Value, text: &str, format: Format) -> Document {
        let source = Source {
            text: Arc::from(text),
            format,
            positions: OnceLock::new(),
        };
        Document {
            file: file.to_owned(),
            value,
            source: Some(source),
        }
    }

    /// Where `pointer` (RFC 6901, "" = root, with ~0 ~1 escapes) is in the source text: the position of the nearest
    /// ancestor (or itself) that exists in the text. For an object member, the position of its KEY; for a sequence
    /// item, the position of the item. 1-based line and column. None only when there is no source text.
    ///
    /// Columns count characters, not bytes. The first call builds the position map of the whole
    /// document; later calls are lookups.
    pub fn location(&self, pointer: &str) -> Option<Location> {
        let source = self.source.as_ref()?;
        let positions = source.positions.get_or_init(|| match source.format {
            Format::Json => json_positions(&source.text),
            Format::Yaml { document } => yaml_positions(&source.text, document).0,
        });
        Some(location(&self.file, nearest(positions, pointer)))
    }

    /// Convenience: the diagnostic located with location() (unchanged if None).
    ///
    /// A diagnostic that already has a location keeps it: it may point into another file.
    pub fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.location.is_some() {
            return diagnostic;
        }
        match self.location(&diagnostic.pointer) {
            Some(location) => diagnostic.at(location),
            None => diagnostic,
        }
    }
}

fn location(file: &str, (line, column): Position) -> Location {
    Location {
        file: file.to_owned(),
        line,
        column,
    }
}

/// The position of `pointer` or of its nearest ancestor in `positions`; line 1 column 1 if even the
/// root is missing (the position pass stopped early).
fn nearest(positions: &Positions, pointer: &str) -> Position {
    let mut pointer = pointer;
    loop {
        if let Some(&position) = positions.get(pointer) {
            return position;
        }
        match pointer.rsplit_once('/') {
            Some((parent, _)) => pointer = parent,
            None => return positions.get("").copied().unwrap_or((1, 1)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

fn load_json(file: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => Ok(Document::with_source(file, value, text, Format::Json)),
        Err(error) => {
            let (line, byte_column) = (error.line(), error.column());
            let message = error.to_string();
            let message = message
                .strip_suffix(&format!(" at line {line} column {byte_column}"))
                .unwrap_or(&message);
            let code = if message.starts_with("recursion limit") {
                "too-deep"
            } else {
                "json-syntax"
            };
            let position = (line.max(1), char_column(text, line, byte_column));
            Err(vec![
                Diagnostic::error(code, "", message).at(location(file, position)),
            ])
        }
    }
}

/// serde_json counts columns in bytes; diagnostics count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column.max(1);
    };
    let bytes = line_text.as_bytes();
    let prefix = bytes.get(..byte_column).unwrap_or(bytes);
    prefix
        .iter()
        .filter(|&&byte| !is_continuation(byte))
        .count()
        .max(1)
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Positions of every member key and array item in JSON text that serde_json accepted.
///
/// A scanner of its own rather than yaml-rust2: YAML rejects some valid JSON (surrogate-pair escapes
/// such as `"\ud83d\ude00"`), and on megabyte files a byte loop is much faster than a YAML parser.
fn json_positions(text: &str) -> Positions {
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

fn load_yaml(file: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    if let Some(position) = deep_flow(text) {
        return Err(vec![
            Diagnostic::error("too-deep", "", "recursion limit exceeded")
                .at(location(file, position)),
        ]);
    }
    let mut diagnostics = Vec::new();
    let mut spec: Option<(usize, serde_yaml::Value)> = None;
    let mut second: Option<usize> = None;
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        match serde_yaml::Value::deserialize(document) {
            // Empty documents are the `---` framing around the spec, not content.
            Ok(serde_yaml::Value::Null) => {}
            Ok(value) => {
                if spec.is_none() {
                    spec = Some((index, value));
                } else if second.is_none() {
                    second = Some(index);
                }
            }
            Err(error) => {
                // After a syntax error libyaml cannot find where the next document starts.
                diagnostics.push(yaml_error(file, text, index, &error));
                break;
            }
        }
    }
    if let Some(index) = second {
        let position = yaml_document_start(text, index).unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::error(
                "multiple-documents",
                "",
                "the YAML stream has more than one non-empty document; a spec must be exactly one",
            )
            .at(location(file, position)),
        );
    }
    let Some((index, mut value)) = spec else {
        if diagnostics.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "empty-document",
                    "",
                    "the file holds no YAML or JSON content",
                )
                .at(location(file, (1, 1))),
            );
        }
        return Err(diagnostics);
    };
    if let Err(error) = value.apply_merge() {
        // apply_merge does not say where; the root is the best we can do.
        diagnostics.push(
            Diagnostic::error("invalid-merge", "", format!("merge key `<<`: {error}"))
                .at(location(file, (1, 1))),
        );
        return Err(diagnostics);
    }
    let mut errors = Vec::new();
    let value = convert(value, &mut String::new(), 0, &mut errors);
    if errors.is_empty() {
        if diagnostics.is_empty() {
            return Ok(Document::with_source(
                file,
                value,
                text,
                Format::Yaml { document: index },
            ));
        }
        return Err(diagnostics);
    }
    let (positions, duplicates) = yaml_positions(text, index);
    let located = errors.into_iter().map(|error| {
        // A colliding key ("200" and 200) is best shown at its second spelling.
        let duplicate = (error.code == "duplicate-key")
            .then(|| {
                duplicates
                    .iter()
                    .find(|(pointer, _)| *pointer == error.pointer)
            })
            .flatten();
        let position = match duplicate {
            Some(&(_, position)) => position,
            None => nearest(&positions, &error.pointer),
        };
        error.at(location(file, position))
    });
    // The spec's own problems first: they come before anything a later document adds.
    Err(located.chain(diagnostics).collect())
}

/// Where flow collections (`[`, `{`) nest too deep for yaml-rust2 (255 levels), if they do.
///
/// libyaml spends time proportional to the flow nesting depth on every token and serde_yaml checks
/// its depth limit only after libyaml has read the whole document, so 100 000 nested `{a: ` take
/// minutes to be refused. yaml-rust2 refuses them at once; a bracket count (an overestimate, since
/// brackets in scalars count too) decides whether that second parse is worth running.
fn deep_flow(text: &str) -> Option<Position> {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for byte in text.bytes() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest <= 128 {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return None,
            Ok(_) => {}
            Err(error) => {
                let marker = error.marker();
                return (error.info() == "recursion limit exceeded")
                    .then(|| (marker.line(), marker.col() + 1));
            }
        }
    }
}

/// A serde_yaml error as a located diagnostic. Duplicate keys get a pointer and the position of the
/// second occurrence (serde_yaml only gives the mapping's start).
fn yaml_error(file: &str, text: &str, document: usize, error: &serde_yaml::Error) -> Diagnostic {
    let position = error
        .location()
        .map_or((1, 1), |at| (at.line().max(1), at.column().max(1)));
    let message = error.to_string();
    let message = message
        .strip_suffix(&format!(" at line {} column {}", position.0, position.1))
        .unwrap_or(&message);
    if message.contains("duplicate entry with key") {
        if let Some((pointer, at)) = yaml_positions(text, document).1.into_iter().next() {
            return Diagnostic::error("duplicate-key", pointer, message).at(location(file, at));
        }
    }
    let code = if message.starts_with("recursion limit") {
        "too-deep"
    } else {
        "yaml-syntax"
    };
    Diagnostic::error(code, "", message).at(location(file, position))
}

/// serde_yaml's value as JSON. Problems go to `errors`, with the JSON pointer of the offending node;
/// `pointer` is a scratch buffer holding the pointer of `value`.
fn convert(
    value: serde_yaml::Value,
    pointer: &mut String,
    depth: usize,
    errors: &mut Vec<Diagnostic>,
) -> Value {
    use serde_yaml::Value as Yaml;
    if depth > MAX_DEPTH {
        errors.push(Diagnostic::error(
            "too-deep",
            pointer.clone(),
            format!("nested more than {MAX_DEPTH} levels deep"),
        ));
        return Value::Null;
    }
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(boolean) => Value::Bool(boolean),
        Yaml::String(string) => Value::String(string),
        Yaml::Number(number) => match json_number(&number) {
            Some(number) => Value::Number(number),
            None => {
                errors.push(Diagnostic::error(
                    "non-finite-number",
                    pointer.clone(),
                    format!("`{number}` is not a finite number, which JSON cannot represent"),
                ));
                Value::Null
            }
        },
        Yaml::Tagged(tagged) => convert(tagged.value, pointer, depth + 1, errors),
        Yaml::Sequence(items) => {
            let length = pointer.len();
            let mut array = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                let _ = write!(pointer, "/{index}");
                array.push(convert(item, pointer, depth + 1, errors));
                pointer.truncate(length);
            }
            Value::Array(array)
        }
        Yaml::Mapping(mapping) => {
            let length = pointer.len();
            let mut object = Map::with_capacity(mapping.len());
            for (key, item) in mapping {
                let Some(key) = key_string(key) else {
                    errors.push(Diagnostic::error(
                        "non-scalar-key",
                        pointer.clone(),
                        "a mapping key is a sequence or mapping; keys must be strings, numbers, booleans or null",
                    ));
                    continue;
                };
                pointer.push('/');
                if key.contains(['~', '/']) {
                    pointer.push_str(&diag::escape_token(&key));
                } else {
                    pointer.push_str(&key);
                }
                let item = convert(item, pointer, depth + 1, errors);
                if object.contains_key(&key) {
                    errors.push(Diagnostic::error(
                        "duplicate-key",
                        pointer.clone(),
                        format!(
                            "two keys of this mapping both read {key:?} once converted to strings"
                        ),
                    ));
                } else {
                    object.insert(key, item);
                }
                pointer.truncate(length);
            }
            Value::Object(object)
        }
    }
}

fn json_number(number: &serde_yaml::Number) -> Option<serde_json::Number> {
    if let Some(unsigned) = number.as_u64() {
        Some(unsigned.into())
    } else if let Some(signed) = number.as_i64() {
        Some(signed.into())
    } else {
        number.as_f64().and_then(serde_json::Number::from_f64)
    }
}

/// The JSON key for a YAML key; `None` for a sequence or mapping. Floats use serde_yaml's spelling
/// (`1e3` → `1000.0`, `.inf`), which is also what [`resolve_plain`] produces for the position map.
fn key_string(key: serde_yaml::Value) -> Option<String> {
    use serde_yaml::Value as Yaml;
    match key {
        Yaml::Null => Some("null".to_owned()),
        Yaml::Bool(boolean) => Some(boolean.to_string()),
        Yaml::Number(number) => Some(number.to_string()),
        Yaml::String(string) => Some(string),
        Yaml::Tagged(tagged) => key_string(tagged.value),
        Yaml::Sequence(_) | Yaml::Mapping(_) => None,
    }
}

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
fn yaml_document_start(text: &str, document: usize) -> Option<Position> {
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
fn yaml_positions(text: &str, document: usize) -> (Positions, Vec<(String, Position)>) {
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
                        let child = diag::child(pointer, &key);
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
