//! `Secret`: strings that never show in `Debug`, `Display` or error messages.

use std::fmt;

/// A string that is never shown: `Debug` and `Display` print `***`. It serializes as the plain string.
///
/// ```
/// use client_runtime::Secret;
///
/// let token = Secret::new("254406f79c1999af65a7df4388971354f85cfee9");
/// assert_eq!(format!("{token} {token:?}"), "*** Secret(***)");
/// assert!(token.expose().starts_with("2544"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default, ::serde::Serialize, ::serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the rare place that must see it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}
