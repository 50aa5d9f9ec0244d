//! Arguments: how a generated command declares its path parameters, flags and body, and how it
//! reads them back as the client's types.
//!
//! Every value is checked by clap as its kind says (an integer, a number, one of a list of
//! values, JSON) and kept as a JSON value; reading it converts that value to the Rust type the
//! client takes with serde, so an enum flag becomes the client's enum by its wire value.

use std::path::{Path, PathBuf};

use clap::builder::{PossibleValuesParser, TypedValueParser, ValueParser};
use clap::{Arg, ArgAction, ArgMatches};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::failure::Failure;

/// The id of the `--json` argument: a whole request body.
pub const JSON: &str = "json";
/// The id of the `--all` argument: every page.
pub const ALL: &str = "all";
/// The id of the `--out-file` argument: where a download is written.
pub const OUT_FILE: &str = "out-file";

/// What a flag or positional argument takes, checked by clap before the command runs.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Any text.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`; the flag alone means `true`.
    Boolean,
    /// One of these values (a string enum's wire values).
    Values(&'static [&'static str]),
    /// A JSON value (an object, an array, any value a flag cannot spell).
    Json,
    /// A path to a file whose contents are sent.
    File,
}

impl Kind {
    fn parser(self) -> ValueParser {
        match self {
            Self::Text => {
                ValueParser::new(clap::builder::StringValueParser::new().map(Value::String))
            }
            Self::Integer => ValueParser::new(clap::value_parser!(i64).map(Value::from)),
            Self::Number => {
                ValueParser::new(clap::builder::StringValueParser::new().try_map(|text| {
                    match text.parse::<f64>() {
                        Ok(number) if number.is_finite() => Ok(Value::from(number)),
                        _ => Err(format!("`{text}` is not a number")),
                    }
                }))
            }
            Self::Boolean => {
                ValueParser::new(clap::builder::BoolValueParser::new().map(Value::Bool))
            }
            Self::Values(values) => {
                ValueParser::new(PossibleValuesParser::new(values).map(Value::String))
            }
            Self::Json => {
                ValueParser::new(clap::builder::StringValueParser::new().try_map(|text| {
                    serde_json::from_str::<Value>(&text)
                        .map_err(|error| format!("not JSON: {error}"))
                }))
            }
            Self::File => ValueParser::new(clap::builder::PathBufValueParser::new()),
        }
    }

    fn value_name(self) -> &'static str {
        match self {
            Self::Text => "TEXT",
            Self::Values(_) => "VALUE",
            Self::Integer => "INTEGER",
            Self::Number => "NUMBER",
            Self::Boolean => "BOOL",
            Self::Json => "JSON",
            Self::File => "PATH",
        }
    }
}

/// A path parameter: a positional argument, always required.
pub fn positional(
    id: &'static str,
    value_name: &'static str,
    kind: Kind,
    help: &'static str,
) -> Arg {
    Arg::new(id)
        .value_name(value_name)
        .required(true)
        .value_parser(kind.parser())
        .help(help)
}

/// An optional `--flag` taking one value of `kind`.
pub fn flag(id: &'static str, kind: Kind, help: &'static str) -> Arg {
    let arg = Arg::new(id)
        .long(id)
        .value_name(kind.value_name())
        .value_parser(kind.parser())
        .action(ArgAction::Set)
        .help(help);
    match kind {
        Kind::Boolean => arg.num_args(0..=1).default_missing_value("true"),
        Kind::File => arg.value_hint(clap::ValueHint::FilePath),
        _ => arg,
    }
}

/// A `--flag` given once per item of a list.
pub fn list(id: &'static str, kind: Kind, help: &'static str) -> Arg {
    flag(id, kind, help).action(ArgAction::Append)
}

/// `--json`: the whole request body as JSON text, `@file.json`, or `-` for standard input;
/// the body's own flags are merged into it.
pub fn json_body() -> Arg {
    Arg::new(JSON)
        .long(JSON)
        .value_name("JSON|@FILE|-")
        .action(ArgAction::Set)
        .help("The request body as JSON, @file.json or - (standard input); flags for its fields are merged into it")
}

/// `--all`: follow every page, printing each item as a JSON line.
pub fn all_pages() -> Arg {
    Arg::new(ALL)
        .long(ALL)
        .action(ArgAction::SetTrue)
        .help("Follow every page and print each item as a line of JSON")
}

/// `--out-file`: where a downloaded answer is written (standard output without it).
pub fn out_file() -> Arg {
    Arg::new(OUT_FILE)
        .long(OUT_FILE)
        .short('O')
        .value_name("PATH")
        .value_parser(clap::builder::PathBufValueParser::new())
        .value_hint(clap::ValueHint::FilePath)
        .help("Write the downloaded answer to this file instead of standard output")
}

/// A flag's value as the client's type, `None` when it is not given.
pub fn value<T: DeserializeOwned>(matches: &ArgMatches, id: &str) -> Result<Option<T>, Failure> {
    let Some(value) = raw(matches, id)? else {
        return Ok(None);
    };
    convert(id, value).map(Some)
}

/// A required flag's value as the client's type.
pub fn required<T: DeserializeOwned>(matches: &ArgMatches, id: &str) -> Result<T, Failure> {
    value(matches, id)?.ok_or_else(|| Failure::usage(format!("--{id} is required")))
}

/// A single-valued flag's value, as JSON.
fn raw(matches: &ArgMatches, id: &str) -> Result<Option<Value>, Failure> {
    matches
        .try_get_one::<Value>(id)
        .map(Option::<&Value>::cloned)
        .map_err(|error| Failure::usage(error.to_string()))
}

/// Every value of a list flag as the client's `Vec`, `None` when it is not given.
pub fn values<T: DeserializeOwned>(
    matches: &ArgMatches,
    id: &str,
) -> Result<Option<Vec<T>>, Failure> {
    let Some(values) = matches
        .try_get_many::<Value>(id)
        .map_err(|error| Failure::usage(error.to_string()))?
    else {
        return Ok(None);
    };
    values
        .map(|value| convert(id, value.clone()))
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

/// `--all` was given.
pub fn all(matches: &ArgMatches) -> bool {
    matches
        .try_get_one::<bool>(ALL)
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// `--out-file`, when given.
pub fn out_file_path(matches: &ArgMatches) -> Option<PathBuf> {
    matches
        .try_get_one::<PathBuf>(OUT_FILE)
        .ok()
        .flatten()
        .cloned()
}

/// A file flag's contents: its file name and bytes, `None` when it is not given.
pub fn file(matches: &ArgMatches, id: &str) -> Result<Option<(String, Vec<u8>)>, Failure> {
    let Some(path) = matches.try_get_one::<PathBuf>(id).ok().flatten() else {
        return Ok(None);
    };
    read_file(path).map(Some)
}

/// Every file a repeated file flag names, in order.
pub fn files(matches: &ArgMatches, id: &str) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let Some(paths) = matches.try_get_many::<PathBuf>(id).ok().flatten() else {
        return Ok(Vec::new());
    };
    paths.map(|path| read_file(path)).collect()
}

/// A required file flag's contents.
pub fn required_file(matches: &ArgMatches, id: &str) -> Result<(String, Vec<u8>), Failure> {
    file(matches, id)?.ok_or_else(|| Failure::usage(format!("--{id} is required")))
}

fn read_file(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    let bytes = std::fs::read(path)
        .map_err(|error| Failure::usage(format!("cannot read {}: {error}", path.display())))?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    Ok((name, bytes))
}

/// A flag that sets one member of a request body.
#[derive(Debug, Clone, Copy)]
pub struct BodyField {
    /// The flag's id (its long name).
    pub flag: &'static str,
    /// The member's wire name.
    pub wire: &'static str,
    /// Whether the flag repeats, one item of an array member each time.
    pub list: bool,
}

/// A flag that sets the body member `wire`.
pub const fn member(flag: &'static str, wire: &'static str) -> BodyField {
    BodyField {
        flag,
        wire,
        list: false,
    }
}

/// A repeated flag whose values are the items of the body member `wire`, an array.
pub const fn list_member(flag: &'static str, wire: &'static str) -> BodyField {
    BodyField {
        flag,
        wire,
        list: true,
    }
}

/// The request body: `--json` (text, `@file` or `-`), with the flags of its fields set over it,
/// converted to the client's body type.
pub fn body<T: DeserializeOwned>(matches: &ArgMatches, fields: &[BodyField]) -> Result<T, Failure> {
    let value = body_value(matches, fields)?;
    serde_json::from_value(value)
        .map_err(|error| Failure::usage(format!("the request body is not valid: {error}")))
}

/// An optional request body: `None` when neither `--json` nor a flag of its fields is given.
pub fn optional_body<T: DeserializeOwned>(
    matches: &ArgMatches,
    fields: &[BodyField],
) -> Result<Option<T>, Failure> {
    let given = matches.contains_id(JSON)
        && matches.try_get_one::<String>(JSON).ok().flatten().is_some()
        || fields
            .iter()
            .any(|field| matches.try_get_raw(field.flag).ok().flatten().is_some());
    if !given {
        return Ok(None);
    }
    body(matches, fields).map(Some)
}

/// Give each required file part of a multipart body an empty value, so that the body's other
/// members convert before the files are read into it.
pub fn file_placeholders(body: &mut Value, wires: &[&str]) {
    if let Value::Object(members) = body {
        for wire in wires {
            members
                .entry((*wire).to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
        }
    }
}

/// The request body as JSON, before it is converted: `--json` and the field flags merged.
pub fn body_value(matches: &ArgMatches, fields: &[BodyField]) -> Result<Value, Failure> {
    let mut body = match matches.try_get_one::<String>(JSON).ok().flatten() {
        Some(text) => read_json(text)?,
        None => Value::Object(Map::new()),
    };
    for field in fields {
        let value = if field.list {
            values::<Value>(matches, field.flag)?.map(Value::Array)
        } else {
            raw(matches, field.flag)?
        };
        let Some(value) = value else {
            continue;
        };
        match &mut body {
            Value::Object(members) => {
                members.insert(field.wire.to_owned(), value);
            }
            _ => {
                return Err(Failure::usage(format!(
                    "--{} sets a member of the body, but --json gives a body that is not an object",
                    field.flag
                )));
            }
        }
    }
    Ok(body)
}

/// `--json`'s text: JSON itself, `@path` for a file's, `-` for standard input's.
fn read_json(text: &str) -> Result<Value, Failure> {
    let (source, json) = if text == "-" {
        let mut input = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
            .map_err(|error| Failure::usage(format!("cannot read standard input: {error}")))?;
        ("standard input".to_owned(), input)
    } else if let Some(path) = text.strip_prefix('@') {
        let json = std::fs::read_to_string(path)
            .map_err(|error| Failure::usage(format!("cannot read {path}: {error}")))?;
        (path.to_owned(), json)
    } else {
        ("--json".to_owned(), text.to_owned())
    };
    serde_json::from_str(&json)
        .map_err(|error| Failure::usage(format!("{source} is not JSON: {error}")))
}

/// A value read from the command line, as the client's type.
fn convert<T: DeserializeOwned>(id: &str, value: Value) -> Result<T, Failure> {
    serde_json::from_value(value.clone())
        .map_err(|error| Failure::usage(format!("--{id} {value}: {error}")))
}

/// A JSON body built by a command (a login's), as the client's body type.
pub fn from_json<T: DeserializeOwned>(value: Value) -> Result<T, Failure> {
    serde_json::from_value(value)
        .map_err(|error| Failure::usage(format!("the request body is not valid: {error}")))
}
