//! Stage 1, loading: YAML or JSON text in, a JSON value out, and JSON pointers back to lines and columns.
//!
//! `load` only parses and converts, because specs can be megabytes and most runs never show a
//! diagnostic. Positions come from a second, event-level pass over the text that runs the first time
//! [`Document::location`] is asked (or when `load` itself has errors to locate). serde_yaml and
//! serde_json cap nesting at 128 levels, so everything after them may recurse on the value; the
//! position passes are iterative anyway.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use indexmap::IndexMap;
use serde::Deserialize as _;
use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, Parser};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::pointer;

mod json_positions;
mod yaml_positions;

use json_positions::json_positions;
use yaml_positions::{yaml_document_start, yaml_positions};

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
    /// How many positions of a JSON text were looked up one by one, before the map.
    looked_up: Arc<AtomicUsize>,
    /// What those lookups read.
    lookups: Arc<Mutex<json_positions::Lookups>>,
}

/// How many pointers of a JSON document are located by reading the text up to each one, before
/// the map of every position is built: a few diagnostics in a large document should not pay for
/// the map.
const LOOKUPS_BEFORE_MAP: usize = 16;

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

/// Load YAML or JSON text; `None` when it cannot be read, with every problem found reported (each
/// an error, already located in `file`).
///
/// Text whose first non-blank character is `{` or `[` is JSON; anything else is YAML. A YAML stream
/// may hold empty documents around the spec (`---` framing) but only one non-empty document. YAML
/// keys that are numbers, booleans or null become their string forms (`200:` is `"200"`), tags are
/// dropped, aliases are expanded and merge keys (`<<`) applied.
pub fn load(file: &str, text: &str, diagnostics: &mut Diagnostics) -> Option<Document> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json = text
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['{', '[']);
    let loaded = if json {
        load_json(file, text)
    } else {
        load_yaml(file, text)
    };
    loaded.map_err(|found| diagnostics.extend(found)).ok()
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
            looked_up: Arc::new(AtomicUsize::new(0)),
            lookups: Arc::default(),
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
        if matches!(source.format, Format::Json)
            && source.positions.get().is_none()
            && source.looked_up.fetch_add(1, Ordering::Relaxed) < LOOKUPS_BEFORE_MAP
        {
            let mut lookups = source
                .lookups
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let position = json_positions::json_position(&source.text, pointer, &mut lookups);
            return Some(location(&self.file, position));
        }
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

pub(super) fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

// Whole: one pass over the documents of the YAML stream; the framing rules (empty documents, a
// second document, the spec's own) are decided as each arrives.
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
    let mut errors = Diagnostics::new();
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
    errors: &mut Diagnostics,
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
                    pointer.push_str(&pointer::escape_token(&key));
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
