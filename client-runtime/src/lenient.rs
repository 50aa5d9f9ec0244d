//! `deserialize_with` helpers for numbers an API sends sometimes as JSON numbers and sometimes as
//! strings holding them (e.g. `"ttl": "60"` next to `"ttl": 60`).
//!
//! ```text
//! #[serde(deserialize_with = "crate::runtime::lenient::number")]
//! pub ttl: i64,
//! #[serde(default, deserialize_with = "crate::runtime::lenient::option_number")]
//! pub period: Option<f64>,
//! ```
//!
//! Only reading is lenient: such fields still serialize as plain numbers. `option_number` needs
//! `#[serde(default)]` for the field to be missing altogether, as `deserialize_with` disables the
//! implicit default of an `Option`.

use std::fmt::Display;
use std::str::FromStr;

use ::serde::de::Error as _;
use ::serde::{Deserialize, Deserializer};

use crate::Nullable;

/// A number, or a string holding one (surrounding whitespace ignored).
pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: Display,
{
    match ::serde_json::Value::deserialize(deserializer)? {
        ::serde_json::Value::String(text) => parse(&text),
        other => T::deserialize(other).map_err(D::Error::custom),
    }
}

/// Like [`number`], and also null, or a string that is empty or only whitespace, as `None`.
pub fn option_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: Display,
{
    match ::serde_json::Value::deserialize(deserializer)? {
        ::serde_json::Value::Null => Ok(None),
        ::serde_json::Value::String(text) if text.trim().is_empty() => Ok(None),
        ::serde_json::Value::String(text) => parse(&text).map(Some),
        other => T::deserialize(other).map(Some).map_err(D::Error::custom),
    }
}

/// Like [`option_number`], for a [`Nullable`] member that is there: `null` (or an empty string) as
/// [`Nullable::Null`]. (A member that is not there is the field's `default`, `Absent`.)
pub fn nullable_number<'de, D, T>(deserializer: D) -> Result<Nullable<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: Display,
{
    Ok(match option_number(deserializer)? {
        Some(value) => Nullable::Value(value),
        None => Nullable::Null,
    })
}

/// `text` as a `T`, with an error that names the text (a server's, never a secret).
fn parse<T, E>(text: &str) -> Result<T, E>
where
    T: FromStr,
    T::Err: Display,
    E: ::serde::de::Error,
{
    text.trim()
        .parse()
        .map_err(|error| E::custom(format_args!("invalid number {text:?}: {error}")))
}
