//! [`Nullable`]: a field that may be absent, may be `null`, and where the two mean different
//! things (in a PATCH body, absent leaves a value as it is and `null` clears it).

use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property that is optional and nullable: left out, `null`, or a value.
///
/// Generated structs hold such a property as `Nullable<T>`, with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so each of the three
/// survives a round trip: a member that was not there is not written, `null` is written as
/// `null`.
///
/// ```
/// use client_runtime::Nullable;
///
/// // A PATCH body: set one field, clear another, leave the rest alone.
/// #[derive(Default, serde::Serialize)]
/// struct UpdateDevice {
///     #[serde(skip_serializing_if = "Nullable::is_absent")]
///     name: Nullable<String>,
///     #[serde(skip_serializing_if = "Nullable::is_absent")]
///     notes: Nullable<String>,
///     #[serde(skip_serializing_if = "Nullable::is_absent")]
///     firmware: Nullable<i64>,
/// }
///
/// let patch = UpdateDevice {
///     name: "kitchen".into(),
///     notes: Nullable::Null,
///     ..Default::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&patch).unwrap(),
///     r#"{"name":"kitchen","notes":null}"#
/// );
/// ```
///
/// Reading one, [`value`](Self::value) and [`as_deref`](Self::as_deref) give an `Option` for when
/// absent and `null` mean the same to you.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nullable<T> {
    /// Not there: not written, and what a member that was not sent reads as.
    #[default]
    Absent,
    /// JSON `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the member is left out (the `skip_serializing_if` of generated fields).
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the member is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value, if there is one (`None` for absent and for `null` alike).
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value through `Deref` (`&str` for a `Nullable<String>`), if there is one.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// The value mapped by `f`; absent and `null` stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Self::Value(value.to_owned())
    }
}

impl<T> From<Nullable<T>> for Option<T> {
    fn from(value: Nullable<T>) -> Self {
        value.into_value()
    }
}

/// `null` for absent too: a field that is absent is skipped before it gets here.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => serializer.serialize_some(value),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

/// A member that is there: `null` or a value. (A missing one is the field's `default`.)
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Self::Value(value),
            None => Self::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;
    use ::serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Default, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        notes: Nullable<String>,
        #[serde(
            default,
            deserialize_with = "crate::lenient::nullable_number",
            skip_serializing_if = "Nullable::is_absent"
        )]
        ttl: Nullable<i64>,
    }

    fn round_trip(text: &str) -> Patch {
        let patch: Patch = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&patch).unwrap(), text);
        patch
    }

    #[test]
    fn absent_null_and_a_value_are_three_things() {
        assert_eq!(round_trip("{}"), Patch::default());
        let null = round_trip(r#"{"notes":null,"ttl":null}"#);
        assert_eq!((null.notes, null.ttl), (Nullable::Null, Nullable::Null));
        let set = round_trip(r#"{"notes":"n","ttl":60}"#);
        assert_eq!(set.notes.as_deref(), Some("n"));
        assert_eq!(set.ttl, Nullable::Value(60));
    }

    #[test]
    fn a_number_in_a_string_is_still_read() {
        let patch: Patch = serde_json::from_str(r#"{"ttl":"60"}"#).unwrap();
        assert_eq!(patch.ttl.into_value(), Some(60));
    }
}
